import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import type { AppConfig } from '../config/config';
import type { RequestContext } from './context';
import { ErrorCode, AppError } from './errors';

/** The schema's own introspection entry points (`__typename` is not one: it names a type the caller already asked for). */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * True when any field anywhere in the document (operations, inline fragments, named fragments) is `__schema` or
 * `__type`. The whole document is walked, not only the operation's top-level fields: `{ ... on Query { __schema { … } } }`
 * and a named fragment spread into the query would otherwise slip through.
 */
export function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (INTROSPECTION_FIELDS.has(node.name.value)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Introspection for authenticated callers only (staff or an API key) when INTROSPECTION=authenticated
 * (the default in production): the console and registered frontends still get the schema, anonymous
 * scanners do not. The refusal happens before anything runs and is a request error: HTTP 400 with
 * UNAUTHENTICATED (not a server failure).
 */
export function introspectionGuard(config: AppConfig): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (config.introspection !== 'authenticated' || contextValue.viewer || contextValue.client) return;
          if (asksForSchema(document)) {
            throw new AppError(ErrorCode.UNAUTHENTICATED, '内省查询需要登录或接口密钥 (introspection needs a login or an API key)', { http: { status: 400 } });
          }
        },
      };
    },
  };
}
