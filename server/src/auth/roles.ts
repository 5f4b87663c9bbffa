/**
 * Staff roles (docs/domain.md §1), with authorisation: permissions, viewers and transition tables name them without
 * importing the user entity.
 */
import { registerLabelledEnum } from '../common/labels';
import LABELS from './roles.labels.data.json';

/** Staff roles (domain.md §1). */
export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  DISPATCHER = 'DISPATCHER',
  SUPERVISOR = 'SUPERVISOR',
  LEADER = 'LEADER',
  UNIT_HANDLER = 'UNIT_HANDLER',
  UNIT_REVIEWER = 'UNIT_REVIEWER',
}
registerLabelledEnum(Role, 'Role', LABELS);

/** The platform's own staff (平台): they accept, dispatch, decide requests and review at the top. */
export const PLATFORM_ROLES: readonly Role[] = [Role.PLATFORM_ADMIN, Role.DISPATCHER];
/** The staff of a handling unit (承办单位): they handle and review its assignments. */
export const UNIT_ROLES: readonly Role[] = [Role.UNIT_HANDLER, Role.UNIT_REVIEWER];

/** Roles whose powers are bounded by their unit's subtree. */
export const UNIT_SCOPED_ROLES: ReadonlySet<Role> = new Set([Role.LEADER, Role.UNIT_HANDLER, Role.UNIT_REVIEWER]);
