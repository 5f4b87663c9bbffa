/**
 * The demo data set (embedded/demo mode only): a province's organisation, leaders, the category tree and
 * one user of each role. Loaded once into an empty database; the demo passwords are printed at start-up
 * and listed in the README.
 */
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiClient, ApiScope } from '../modules/apiclient/apiclient.entity';
import { ReplyTemplate } from '../modules/template/reply-template.entity';
import type { AppConfig } from '../config/config';
import { hashPassword } from '../auth/passwords';
import { insertTreeNode } from '../common/tree';
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
/** Origins the demo key allows besides the platform's own pages: where the quick start of docs/public-api.md serves its page. */
export const DEMO_API_KEY_ORIGINS = ['http://localhost:8080', 'http://127.0.0.1:8080'];
/** API key of the demo sandbox client (demo mode only): submissions answered by the simulated unit (docs/public-api.md). */
export const DEMO_SANDBOX_KEY = 'wz_sbox2026_SandboxDemoKeyForTheQuickStart2026xyz';

/** One account per role; `unit` names a unit code of the demo tree (the first that exists is used). */
export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; unit: string[]; leaderTitle?: string }> = [
  { username: 'admin', displayName: '平台管理员', role: Role.PLATFORM_ADMIN, unit: ['hn'] },
  { username: 'dispatcher', displayName: '受理交办员', role: Role.DISPATCHER, unit: ['hn'] },
  { username: 'supervisor', displayName: '督查员', role: Role.SUPERVISOR, unit: ['hn'] },
  { username: 'leader', displayName: '长沙市领导', role: Role.LEADER, unit: ['hn-cs'], leaderTitle: '市长' },
  { username: 'handler', displayName: '住建局承办人', role: Role.UNIT_HANDLER, unit: ['hn-cs-zjj', 'hn-cs'] },
  { username: 'reviewer', displayName: '住建局审核人', role: Role.UNIT_REVIEWER, unit: ['hn-cs-zjj', 'hn-cs'] },
];

/** Reply templates of the demo (常用语). */
const DEMO_REPLY_TEMPLATES = [
  { unitCode: 'hn', author: 'admin', sortOrder: 0, title: '感谢监督', text: '感谢您对我们工作的关心和监督，欢迎继续通过本平台反映问题、提出建议。' },
  {
    unitCode: 'hn-cs-zjj',
    author: 'reviewer',
    sortOrder: 0,
    title: '已责令整改',
    text: '您好！您反映的问题已收悉。经现场核查，情况属实，我局已责令相关单位限期整改，并将跟踪复查整改结果。',
  },
  {
    unitCode: 'hn-cs-zjj',
    author: 'reviewer',
    sortOrder: 1,
    title: '物业管理问题',
    text: '您好！关于您反映的物业服务问题，我局已约谈物业服务企业，要求其按合同约定履行服务义务，并督促业主委员会加强监督。',
  },
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
      name: '示例公众网站（演示）',
      owner: '问政演示数据',
      keyPrefix: 'demo2026',
      keyHash: crypto.createHash('sha256').update(DEMO_API_KEY).digest('hex'),
      scopes: [ApiScope.PUBLIC_READ, ApiScope.MESSAGES_SUBMIT, ApiScope.STATS_READ],
      allowedOrigins: DEMO_API_KEY_ORIGINS,
      rateLimitPerMinute: 600,
      isActive: true,
    });
    await em.getRepository(ApiClient).save({
      name: '沙箱测试（演示）',
      owner: '问政演示数据',
      keyPrefix: 'sbox2026',
      keyHash: crypto.createHash('sha256').update(DEMO_SANDBOX_KEY).digest('hex'),
      scopes: [ApiScope.PUBLIC_READ, ApiScope.MESSAGES_SUBMIT],
      allowedOrigins: DEMO_API_KEY_ORIGINS,
      rateLimitPerMinute: 600,
      isActive: true,
      sandbox: true,
    });
    const users = new Map<string, User>();
    for (const u of DEMO_USERS) {
      const unit = u.unit.map((c) => units.get(c)).find(Boolean);
      if (!unit) throw new Error(`demo user ${u.username}: none of ${u.unit.join(', ')} exists`);
      const leader = u.leaderTitle
        ? (leaders.find((l) => l.unitId === unit.id && l.title === u.leaderTitle) ?? leaders.find((l) => l.unitId === unit.id))
        : undefined;
      users.set(
        u.username,
        await em.getRepository(User).save({
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          unitId: unit.id,
          leaderId: leader?.id ?? null,
          passwordHash,
          isActive: true,
          mustChangePassword: false,
          passwordChangedAt: new Date(),
        }),
      );
    }
    // 常用语: the platform's for everyone, and the housing bureau's kept by its reviewer (the demo handler picks them).
    for (const tpl of DEMO_REPLY_TEMPLATES) {
      const unit = units.get(tpl.unitCode) ?? [...units.values()].find((x) => x.parentId === null);
      const author = users.get(tpl.author);
      if (!unit || !author) continue;
      await em
        .getRepository(ReplyTemplate)
        .save({ unitId: unit.id, title: tpl.title, text: tpl.text, sortOrder: tpl.sortOrder, isActive: true, createdById: author.id });
    }
  });
  log.info(`Loaded the demo organisation and users (password for every demo user: ${DEMO_PASSWORD}).`);
  return true;
}

async function insertUnits(em: EntityManager, node: DemoUnit, parent: Unit | null, out: Map<string, Unit>, order = 0) {
  const saved = await insertTreeNode(em, Unit, { code: node.code, name: node.name, kind: node.kind as UnitKind }, parent, order);
  out.set(node.code, saved);
  for (const [i, child] of (node.children ?? []).entries()) await insertUnits(em, child, saved, out, i);
}

async function insertCategories(em: EntityManager, nodes: DemoCategory[], parent: Category | null) {
  for (const [i, node] of nodes.entries()) {
    const saved = await insertTreeNode(em, Category, { code: node.code, name: node.name }, parent, i);
    await insertCategories(em, node.children ?? [], saved);
  }
}
