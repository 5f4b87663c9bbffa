/**
 * Staff roles (docs/domain.md §1), with authorisation: permissions, viewers and transition tables name them without
 * importing the user entity.
 */
import { registerEnumType } from 'type-graphql';

/** Staff roles (domain.md §1). */
export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  DISPATCHER = 'DISPATCHER',
  SUPERVISOR = 'SUPERVISOR',
  LEADER = 'LEADER',
  UNIT_HANDLER = 'UNIT_HANDLER',
  UNIT_REVIEWER = 'UNIT_REVIEWER',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'Role of a staff user (角色).',
  valuesConfig: {
    PLATFORM_ADMIN: { description: 'Platform administrator: everything (平台管理员).' },
    DISPATCHER: { description: 'Screens, assigns, approves returns/extensions, platform review (平台受理/交办员).' },
    SUPERVISOR: { description: 'Reads everything, urges and supervises, sees statistics (督查员).' },
    LEADER: { description: "Reads messages addressed to them or their unit's subtree, writes instructions (领导)." },
    UNIT_HANDLER: { description: 'Works the inbox of their unit and its subtree (承办人).' },
    UNIT_REVIEWER: { description: 'A handler who also signs off replies at unit level (单位审核人).' },
  },
});

/** Roles whose powers are bounded by their unit's subtree. */
export const UNIT_SCOPED_ROLES: ReadonlySet<Role> = new Set([Role.LEADER, Role.UNIT_HANDLER, Role.UNIT_REVIEWER]);
