/**
 * A temporary password (set by an administrator, or given to a new user) must be changed before anything else:
 * until then a session may only read who it is (`me`), change the password, log out and renew its tokens. Every other
 * root field of the schema (queries, mutations, subscriptions: over HTTP and over WebSocket) and the CSV downloads
 * answer FORBIDDEN with `extensions.reason: PASSWORD_CHANGE_REQUIRED`, which the console turns into its
 * change-password screen.
 */
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../graphql/context';
import { AppError, ErrorCode } from '../graphql/errors';
import type { Viewer } from './viewer';

/** Root fields a session with a temporary password may still use. */
export const OPEN_DURING_PASSWORD_CHANGE: ReadonlySet<string> = new Set(['me', 'changeMyPassword', 'logout', 'renewToken', 'login']);

export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

export const passwordChangeRequired = () =>
  new AppError(ErrorCode.FORBIDDEN, '请先修改临时密码 (change your temporary password first)', { reason: PASSWORD_CHANGE_REQUIRED });

/** Throws FORBIDDEN (PASSWORD_CHANGE_REQUIRED) when the viewer still has a temporary password. */
export function assertPasswordChanged(viewer: Viewer): void {
  if (viewer?.mustChangePassword) throw passwordChangeRequired();
}

/** Wraps the resolver and subscriber of every root field outside OPEN_DURING_PASSWORD_CHANGE with the check. */
export function guardTemporaryPasswords(schema: GraphQLSchema): GraphQLSchema {
  const guard = <F extends GraphQLFieldResolver<unknown, RequestContext>>(inner: F): F =>
    ((source, args, context, info) => {
      assertPasswordChanged(context?.viewer ?? null);
      return inner(source, args, context, info);
    }) as F;
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (OPEN_DURING_PASSWORD_CHANGE.has(field.name)) continue;
      field.resolve = guard(field.resolve ?? defaultFieldResolver);
      if (field.subscribe) field.subscribe = guard(field.subscribe);
    }
  }
  return schema;
}
