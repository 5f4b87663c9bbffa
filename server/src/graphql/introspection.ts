import type { ApolloServerPlugin } from '@apollo/server';
import type { AppConfig } from '../config/config';
import type { RequestContext } from './context';
import { unauthenticated } from './errors';

/**
 * Introspection for authenticated callers only (staff or an API key) when INTROSPECTION=authenticated
 * (the default in production): the console and registered frontends still get the schema, anonymous
 * scanners do not.
 */
export function introspectionGuard(config: AppConfig): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (config.introspection !== 'authenticated' || contextValue.viewer || contextValue.client) return;
          const asksSchema = document.definitions.some((d) => d.kind === 'OperationDefinition' &&
            d.selectionSet.selections.some((sel) => sel.kind === 'Field' && (sel.name.value === '__schema' || sel.name.value === '__type')));
          if (asksSchema) throw unauthenticated('内省查询需要登录或接口密钥 (introspection needs a login or an API key)');
        },
      };
    },
  };
}
