/**
 * Staff roles (docs/domain.md §1), with authorisation: permissions, viewers and transition tables name them without
 * importing the user entity.
 */
import { registerLabelledEnum } from '../common/labels';

/** Staff roles (domain.md §1). */
export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  DISPATCHER = 'DISPATCHER',
  SUPERVISOR = 'SUPERVISOR',
  LEADER = 'LEADER',
  UNIT_HANDLER = 'UNIT_HANDLER',
  UNIT_REVIEWER = 'UNIT_REVIEWER',
}
registerLabelledEnum(Role, {
  name: 'Role',
  description: 'Role of a staff user (角色).',
  labels: {
    PLATFORM_ADMIN: { zh: '平台管理员', en: 'Platform admin', description: 'Platform administrator: everything' },
    DISPATCHER: { zh: '受理交办员', en: 'Dispatcher', description: 'Screens, assigns, approves returns/extensions, platform review' },
    SUPERVISOR: { zh: '督查员', en: 'Supervisor', description: 'Reads everything, urges and supervises, sees statistics' },
    LEADER: { zh: '领导', en: 'Leader', description: "Reads messages addressed to them or their unit's subtree, writes instructions" },
    UNIT_HANDLER: { zh: '承办人', en: 'Handler', description: 'Works the inbox of their unit and its subtree' },
    UNIT_REVIEWER: { zh: '单位审核人', en: 'Unit reviewer', description: 'A handler who also signs off replies at unit level' },
  },
});

/** Roles whose powers are bounded by their unit's subtree. */
export const UNIT_SCOPED_ROLES: ReadonlySet<Role> = new Set([Role.LEADER, Role.UNIT_HANDLER, Role.UNIT_REVIEWER]);
