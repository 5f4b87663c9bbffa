/**
 * What a staff user may do in the console (`User.capabilities`, read by the console through `me` and the login):
 * which menus, lists and forms it shows. Computed here, from the role, and from nothing else: the console holds no
 * list of roles. Most capabilities are a permission of ./permissions.ts; the others name the console's work lists,
 * which the services check with `roleCan` too. The server still checks every request (permissions, unit scope, the
 * state machines): a capability only decides what the console offers.
 */
import { registerLabelledEnum } from '../common/labels';
import LABELS from './capabilities.labels.data.json';
import { Permission, ROLE_PERMISSIONS } from './permissions';
import { PLATFORM_ROLES, Role, UNIT_ROLES, UNIT_SCOPED_ROLES } from './roles';

export enum Capability {
  MESSAGE_CREATE = 'MESSAGE_CREATE',
  LEADER_INBOX = 'LEADER_INBOX',
  UNIT_INBOX = 'UNIT_INBOX',
  REQUEST_DECIDE = 'REQUEST_DECIDE',
  SUPERVISION_TRACK = 'SUPERVISION_TRACK',
  REPLY_REVIEW = 'REPLY_REVIEW',
  TEMPLATE_MANAGE = 'TEMPLATE_MANAGE',
  TEMPLATE_MANAGE_ALL_UNITS = 'TEMPLATE_MANAGE_ALL_UNITS',
  KNOWLEDGE_WRITE = 'KNOWLEDGE_WRITE',
  KNOWLEDGE_REVIEW = 'KNOWLEDGE_REVIEW',
  ORG_MANAGE = 'ORG_MANAGE',
  USER_READ = 'USER_READ',
  USER_MANAGE = 'USER_MANAGE',
  PLATFORM_OVERVIEW = 'PLATFORM_OVERVIEW',
  CATALOGUE_MANAGE = 'CATALOGUE_MANAGE',
  SLA_READ = 'SLA_READ',
  SLA_MANAGE = 'SLA_MANAGE',
  API_CLIENT_MANAGE = 'API_CLIENT_MANAGE',
  SETTINGS_MANAGE = 'SETTINGS_MANAGE',
  BULK_SCREEN = 'BULK_SCREEN',
  BULK_URGE = 'BULK_URGE',
}
registerLabelledEnum(Capability, 'Capability', LABELS);

/** The roles of each capability: a permission's roles, or the roles of a work list (each checked by its service). */
export const CAPABILITY_ROLES: Record<Capability, readonly Role[]> = {
  [Capability.MESSAGE_CREATE]: ROLE_PERMISSIONS[Permission.MESSAGE_CREATE],
  [Capability.LEADER_INBOX]: [Role.LEADER],
  [Capability.UNIT_INBOX]: UNIT_ROLES,
  [Capability.REQUEST_DECIDE]: PLATFORM_ROLES,
  [Capability.SUPERVISION_TRACK]: [...PLATFORM_ROLES, Role.SUPERVISOR],
  [Capability.REPLY_REVIEW]: [...PLATFORM_ROLES, Role.UNIT_REVIEWER],
  [Capability.TEMPLATE_MANAGE]: [Role.PLATFORM_ADMIN, Role.UNIT_REVIEWER],
  [Capability.TEMPLATE_MANAGE_ALL_UNITS]: [Role.PLATFORM_ADMIN],
  [Capability.KNOWLEDGE_WRITE]: ROLE_PERMISSIONS[Permission.KNOWLEDGE_WRITE],
  [Capability.KNOWLEDGE_REVIEW]: PLATFORM_ROLES,
  [Capability.ORG_MANAGE]: ROLE_PERMISSIONS[Permission.ORG_MANAGE],
  [Capability.USER_READ]: ROLE_PERMISSIONS[Permission.USER_READ],
  [Capability.USER_MANAGE]: ROLE_PERMISSIONS[Permission.USER_MANAGE],
  // the roles whose reach is not a unit's subtree (the catalogue's gaps refuse the unit-scoped ones)
  [Capability.PLATFORM_OVERVIEW]: Object.values(Role).filter((r) => !UNIT_SCOPED_ROLES.has(r)),
  [Capability.CATALOGUE_MANAGE]: ROLE_PERMISSIONS[Permission.CATALOGUE_MANAGE],
  [Capability.SLA_READ]: ROLE_PERMISSIONS[Permission.SLA_READ],
  [Capability.SLA_MANAGE]: ROLE_PERMISSIONS[Permission.SLA_MANAGE],
  [Capability.API_CLIENT_MANAGE]: ROLE_PERMISSIONS[Permission.API_CLIENT_MANAGE],
  [Capability.SETTINGS_MANAGE]: ROLE_PERMISSIONS[Permission.ORG_MANAGE],
  [Capability.BULK_SCREEN]: PLATFORM_ROLES,
  [Capability.BULK_URGE]: [...PLATFORM_ROLES, Role.SUPERVISOR],
};

/** Whether a role has a capability. */
export function roleCan(role: Role, capability: Capability): boolean {
  return CAPABILITY_ROLES[capability].includes(role);
}

/** A role's capabilities, in the enumeration's order. */
export function capabilitiesOf(role: Role): Capability[] {
  return Object.values(Capability).filter((c) => roleCan(role, c));
}
