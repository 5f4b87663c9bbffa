/**
 * Who may do what (domain.md §1), declared in one table. Resolvers name a permission with
 * `@Authorized(Permission.X)`; the single auth checker (./authChecker.ts) looks the viewer's role up
 * here. Which *units* a unit-scoped role may act on is checked by the services with ./scope.ts.
 */
import { Role } from './roles';

export enum Permission {
  /** Read the organisation (units, leaders, categories): every staff user. */
  ORG_READ = 'org:read',
  /** Create, rename, move and disable units; manage leaders and categories. */
  ORG_MANAGE = 'org:manage',
  /** List users and read their details. */
  USER_READ = 'user:read',
  /** Create users, change roles, disable, reset passwords. */
  USER_MANAGE = 'user:manage',
  /** Read messages within reach (unit roles: their subtree's; leaders: addressed to them). */
  MESSAGE_READ = 'message:read',
  /** Enter messages on behalf of citizens (hotline, letters, web posts found elsewhere). */
  MESSAGE_CREATE = 'message:create',
  /** Act on messages: each action is then checked against its state machine (role, unit, state, rule). */
  MESSAGE_ACT = 'message:act',
  /** Register third-party frontends and manage their keys. */
  API_CLIENT_MANAGE = 'apiclient:manage',
  /** Read SLA policies and holiday overrides. */
  SLA_READ = 'sla:read',
  /** Change SLA policies and holiday overrides. */
  SLA_MANAGE = 'sla:manage',
  /** Read statistics (unit roles and leaders: their subtree). */
  STATS_READ = 'stats:read',
  /** Category and lead-unit suggestions at intake and screening (智能分类, 智能派单). */
  ANALYSIS_SUGGEST = 'analysis:suggest',
  /** Read the knowledge base: articles in force, search, suggestions; a unit's own drafts (知识库). */
  KNOWLEDGE_READ = 'knowledge:read',
  /** Write articles (owning units and the platform) and review them (the platform); each action is then checked against the article machine. */
  KNOWLEDGE_WRITE = 'knowledge:write',
  /** Read the dispatch catalogue (派单目录). */
  CATALOGUE_READ = 'catalogue:read',
  /** Keep the dispatch catalogue: create, change, retire entries (versioned). */
  CATALOGUE_MANAGE = 'catalogue:manage',
}

const ALL_STAFF = Object.values(Role);

export const ROLE_PERMISSIONS: Record<Permission, readonly Role[]> = {
  [Permission.ORG_READ]: ALL_STAFF,
  [Permission.ORG_MANAGE]: [Role.PLATFORM_ADMIN],
  [Permission.USER_READ]: [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.SUPERVISOR, Role.UNIT_REVIEWER],
  [Permission.USER_MANAGE]: [Role.PLATFORM_ADMIN],
  [Permission.MESSAGE_READ]: ALL_STAFF,
  [Permission.MESSAGE_CREATE]: [Role.PLATFORM_ADMIN, Role.DISPATCHER],
  [Permission.MESSAGE_ACT]: ALL_STAFF,
  [Permission.API_CLIENT_MANAGE]: [Role.PLATFORM_ADMIN],
  [Permission.SLA_READ]: [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.SUPERVISOR],
  [Permission.SLA_MANAGE]: [Role.PLATFORM_ADMIN],
  [Permission.STATS_READ]: ALL_STAFF,
  [Permission.ANALYSIS_SUGGEST]: [Role.PLATFORM_ADMIN, Role.DISPATCHER],
  [Permission.KNOWLEDGE_READ]: ALL_STAFF,
  [Permission.KNOWLEDGE_WRITE]: [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.UNIT_HANDLER, Role.UNIT_REVIEWER],
  [Permission.CATALOGUE_READ]: ALL_STAFF,
  [Permission.CATALOGUE_MANAGE]: [Role.PLATFORM_ADMIN],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[permission].includes(role);
}
