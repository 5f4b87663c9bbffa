/**
 * The demo data set (embedded/demo mode only): a province's organisation, leaders, the category tree and
 * one user of each role. Loaded once into an empty database; the demo passwords are printed at start-up
 * and listed in the README.
 */
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiClient, ApiScope } from '../modules/apiclient/apiclient.entity';
import type { AppConfig } from '../config/config';
import { hashPassword } from '../auth/passwords';
import { childPath } from '../common/tree';
import { inTransaction } from '../db/transaction';
import { Category } from '../modules/category/category.entity';
import { Leader } from '../modules/leader/leader.entity';
import { Unit, UnitKind } from '../modules/unit/unit.entity';
import { Role, User } from '../modules/user/user.entity';
import { DEMO_CATEGORIES, DemoCategory } from './data/categories';
import { DEMO_LEADERS, DEMO_UNIT_TREE, DemoUnit } from './data/organisation';

export const DEMO_PASSWORD = 'wenzheng2026';
/** API key of the demo third-party client (demo mode only), used by the example page under /examples/. */
export const DEMO_API_KEY = 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz';

/** One account per role; `unit` names a unit code of the demo tree (the first that exists is used). */
export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; unit: string[]; leaderTitle?: string }> = [
  { username: 'admin', displayName: '平台管理员', role: Role.PLATFORM_ADMIN, unit: ['hn'] },
  { username: 'dispatcher', displayName: '受理交办员', role: Role.DISPATCHER, unit: ['hn'] },
  { username: 'supervisor', displayName: '督查员', role: Role.SUPERVISOR, unit: ['hn'] },
  { username: 'leader', displayName: '长沙市领导', role: Role.LEADER, unit: ['hn-cs'], leaderTitle: '市长' },
  { username: 'handler', displayName: '住建局承办人', role: Role.UNIT_HANDLER, unit: ['hn-cs-zjj', 'hn-cs'] },
  { username: 'reviewer', displayName: '住建局审核人', role: Role.UNIT_REVIEWER, unit: ['hn-cs-zjj', 'hn-cs'] },
];

export async function isDatabaseEmpty(ds: DataSource): Promise<boolean> {
  return (await ds.getRepository(Unit).count()) === 0 && (await ds.getRepository(User).count()) === 0;
}

export async function seedDemoData(ds: DataSource, config: AppConfig, log: { info(m: string): void }): Promise<boolean> {
  if (!(await isDatabaseEmpty(ds))) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD, config.bcryptRounds);
  await inTransaction(ds, async (em) => {
    const units = new Map<string, Unit>();
    await insertUnits(em, DEMO_UNIT_TREE, null, units);
    await insertCategories(em, DEMO_CATEGORIES, null);
    const leaders: Leader[] = [];
    for (const [i, l] of DEMO_LEADERS.entries()) {
      const unit = units.get(l.unitCode);
      if (!unit) throw new Error(`demo leader ${l.name}: unknown unit ${l.unitCode}`);
      leaders.push(await em.getRepository(Leader).save({ name: l.name, title: l.title, unitId: unit.id, sortOrder: i, isActive: true }));
    }
    await em.getRepository(ApiClient).save({
      name: '示例公众网站 (demo)', owner: 'wenzheng demo', keyPrefix: 'demo2026', keyHash: crypto.createHash('sha256').update(DEMO_API_KEY).digest('hex'),
      scopes: [ApiScope.PUBLIC_READ, ApiScope.MESSAGES_SUBMIT, ApiScope.STATS_READ], allowedOrigins: [], rateLimitPerMinute: 600, isActive: true,
    });
    for (const u of DEMO_USERS) {
      const unit = u.unit.map((c) => units.get(c)).find(Boolean);
      if (!unit) throw new Error(`demo user ${u.username}: none of ${u.unit.join(', ')} exists`);
      const leader = u.leaderTitle ? leaders.find((l) => l.unitId === unit.id && l.title === u.leaderTitle) ?? leaders.find((l) => l.unitId === unit.id) : undefined;
      await em.getRepository(User).save({
        username: u.username, displayName: u.displayName, role: u.role, unitId: unit.id, leaderId: leader?.id ?? null,
        passwordHash, isActive: true, mustChangePassword: false, passwordChangedAt: new Date(),
      });
    }
  });
  log.info(`Loaded the demo organisation and users (password for every demo user: ${DEMO_PASSWORD}).`);
  return true;
}

async function insertUnits(em: EntityManager, node: DemoUnit, parent: Unit | null, out: Map<string, Unit>, order = 0) {
  const repo = em.getRepository(Unit);
  const saved = await repo.save(repo.create({
    code: node.code, name: node.name, kind: node.kind as UnitKind, parentId: parent?.id ?? null,
    path: '/', level: parent ? parent.level + 1 : 0, sortOrder: order, isActive: true,
  }));
  saved.path = childPath(parent, saved.id);
  await repo.update(saved.id, { path: saved.path });
  out.set(node.code, saved);
  for (const [i, child] of (node.children ?? []).entries()) await insertUnits(em, child, saved, out, i);
}

async function insertCategories(em: EntityManager, nodes: DemoCategory[], parent: Category | null) {
  const repo = em.getRepository(Category);
  for (const [i, node] of nodes.entries()) {
    const saved = await repo.save(repo.create({
      code: node.code, name: node.name, parentId: parent?.id ?? null, path: '/', level: parent ? parent.level + 1 : 0, sortOrder: i, isActive: true,
    }));
    saved.path = childPath(parent, saved.id);
    await repo.update(saved.id, { path: saved.path });
    await insertCategories(em, node.children ?? [], saved);
  }
}
