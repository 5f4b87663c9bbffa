/**
 * The one auth checker every resolver goes through (type-graphql `@Authorized`).
 * `@Authorized()` admits any logged-in staff user; `@Authorized(Permission.X)` admits the roles that
 * ./permissions.ts grants X. No viewer → UNAUTHENTICATED; wrong role → FORBIDDEN.
 */
import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { forbidden, unauthenticated } from '../graphql/errors';
import { Permission, roleHas } from './permissions';

export const authChecker: AuthChecker<RequestContext, Permission> = ({ context }, permissions) => {
  const viewer = context.viewer;
  if (!viewer) throw unauthenticated();
  if (permissions.length === 0) return true;
  if (permissions.some((p) => roleHas(viewer.role, p))) return true;
  throw forbidden(`角色 ${viewer.role} 无权执行此操作 (forbidden for role ${viewer.role})`);
};
