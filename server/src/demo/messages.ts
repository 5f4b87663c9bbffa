/**
 * Demo messages: about 500 realistic messages over the last 90 days, each driven through the real
 * workflow services (so every state, ledger row and deadline is consistent), with the workflow clock
 * set to the simulated time of each step. Some are overdue, some due soon, most closed and rated. The first four are
 * the reference messages of the API documentation (reference.ts: fixed serial numbers and query codes); with 30 or
 * more, the last ones are the fixed scenarios of scenarios.ts (work waiting for every demo role).
 */
import { DataSource, In, Not } from 'typeorm';
import type { StaffViewer } from '../auth/viewer';
import { Category } from '../modules/category/category.entity';
import { Leader } from '../modules/leader/leader.entity';
import { Message } from '../modules/message/message.entity';
import { ActorKind, Channel, InvalidReason, MessageType, ReplyKind, SupervisionKind } from '../modules/message/message.enums';
import { Assignment } from '../modules/assignment/assignment.entity';
import { Unit, UnitKind } from '../modules/unit/unit.entity';
import { Role, User } from '../modules/user/user.entity';
import type { Services } from '../services';
import {
  DEMO_CITIZEN_GIVEN_NAMES,
  DEMO_CITIZEN_SURNAMES,
  DEMO_COMMUNITIES,
  DEMO_EVALUATION_COMMENTS,
  DEMO_INSTRUCTION_TEXTS,
  DEMO_INVALID_CONTENTS,
  DEMO_MESSAGE_TEMPLATES,
  DEMO_STREETS,
  DEMO_SUPERVISE_TEXTS,
  DEMO_URGE_TEXTS,
} from './data/messages';
import { DEMO_SCENARIO_COUNT, seedDemoScenarios } from './scenarios';
import { seedDemoKnowledge } from './knowledge';
import { seedDemoCatalogue } from './catalogue';
import { REFERENCE_MESSAGE_COUNT, seedReferenceMessages } from './reference';
import { NOT_TAKEN_UP_STATES } from '../modules/message/message.states';

/** From this many demo messages on, the fixed scenarios are part of them. */
const SCENARIOS_FROM = 30;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CHANNELS = [
  Channel.WEB,
  Channel.WEB,
  Channel.APP,
  Channel.WECHAT,
  Channel.HOTLINE_12345,
  Channel.HOTLINE_12345,
  Channel.WEIBO,
  Channel.DOUYIN,
  Channel.LETTER,
];

/** A small deterministic PRNG so every fresh demo database looks the same. */
function rng(seed: number) {
  let x = seed >>> 0;
  const next = () => (x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return {
    next,
    pick: <T>(a: readonly T[]) => a[Math.floor(next() * a.length)],
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

export async function seedDemoMessages(ds: DataSource, services: Services, count: number, log: { info(m: string): void }): Promise<number> {
  if ((await ds.getRepository(Message).count()) > 0 || count <= 0) return 0;
  const r = rng(20261123);
  const units = await ds.getRepository(Unit).find();
  const byCode = new Map(units.map((u) => [u.code, u]));
  const categories = new Map((await ds.getRepository(Category).find()).map((c) => [c.code, c]));
  const leaders = await ds.getRepository(Leader).find();
  const users = await ds.getRepository(User).find();
  const dispatcher = viewerOf(
    users.find((u) => u.role === Role.DISPATCHER)!,
    units,
  );
  const supervisor = viewerOf(
    users.find((u) => u.role === Role.SUPERVISOR)!,
    units,
  );
  const leaderUser = users.find((u) => u.role === Role.LEADER);
  const passwordHash = (
    await ds.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.role = :r', { r: Role.DISPATCHER }).getOneOrFail()
  ).passwordHash;
  const unitStaff = new Map<number, { handler: StaffViewer; reviewer: StaffViewer }>();
  /** Each handling unit gets a demo handler and reviewer (same demo password), created when first needed. */
  const staffOf = async (unit: Unit) => {
    let staff = unitStaff.get(unit.id);
    if (staff) return staff;
    const existing = users.filter((u) => u.unitId === unit.id);
    const make = async (role: Role, prefix: string) => {
      const found = existing.find((u) => u.role === role);
      if (found) return viewerOf(found, units);
      const saved = await ds.getRepository(User).save({
        username: `${prefix}.${unit.code}`,
        displayName: `${unit.name}${role === Role.UNIT_HANDLER ? '承办人' : '审核人'}`,
        role,
        unitId: unit.id,
        passwordHash,
        isActive: true,
        mustChangePassword: false,
        passwordChangedAt: new Date(),
        leaderId: null,
      });
      return viewerOf(saved, units);
    };
    staff = { handler: await make(Role.UNIT_HANDLER, 'h'), reviewer: await make(Role.UNIT_REVIEWER, 'r') };
    unitStaff.set(unit.id, staff);
    return staff;
  };
  const regions = units.filter((u) => u.kind === UnitKind.REGION && u.level >= 1 && u.level <= 2);
  const handlingUnit = (region: Unit, hint: string): Unit => {
    const city = region.level === 2 ? units.find((u) => u.id === region.parentId)! : region;
    if (hint === 'region') return region;
    return byCode.get(`${region.code}-${hint}`) ?? byCode.get(`${city.code}-${hint}`) ?? city;
  };

  const clock = services.workflow;
  const realNow = Date.now();
  let made = 0;
  try {
    // The dispatch catalogue is kept before the messages are assigned (each assignment records whether it covered it).
    clock.now = () => new Date(realNow - 91 * DAY);
    const admin = users.find((u) => u.role === Role.PLATFORM_ADMIN);
    const entries = admin ? await seedDemoCatalogue(ds, services, viewerOf(admin, units), byCode, categories) : 0;
    if (entries) log.info(`Loaded ${entries} demo dispatch catalogue entries.`);
    const scenarios = count >= SCENARIOS_FROM ? DEMO_SCENARIO_COUNT : 0;
    // The reference messages of the API documentation come first (fixed serial numbers and query codes).
    const references =
      count >= REFERENCE_MESSAGE_COUNT + scenarios ? await seedReferenceMessages({ ds, services, byCode, categories, leaders, dispatcher, staffOf }) : 0;
    made += references;
    for (let i = 0; i < count - scenarios - references; i++) {
      const t = r.pick(DEMO_MESSAGE_TEMPLATES);
      const region = r.pick(regions);
      const ageDays = r.next() < 0.25 ? r.next() * 12 : 12 + r.next() * 78;
      let now = realNow - ageDays * DAY;
      const at = () => new Date(now);
      const step = (hours: number) => {
        now = Math.min(now + hours * HOUR, realNow - 60_000);
        clock.now = at;
      };
      clock.now = at;
      const fill = (s: string) =>
        s
          .replace(/\{region\}/g, region.name)
          .replace(/\{street\}/g, r.pick(DEMO_STREETS))
          .replace(/\{community\}/g, r.pick(DEMO_COMMUNITIES));
      const invalid = r.chance(0.04);
      const channel = r.pick(CHANNELS);
      const created = await services.messages.create(
        {
          channel,
          type: t.type as MessageType,
          categoryId: String(categories.get(t.categoryCode)?.id ?? ''),
          regionUnitId: String(region.id),
          addressedLeaderId: r.chance(0.3) ? String(r.pick(leaders).id) : undefined,
          title: invalid ? '推广信息' : t.title,
          content: invalid ? r.pick(DEMO_INVALID_CONTENTS) : fill(t.content),
          realName: `${r.pick(DEMO_CITIZEN_SURNAMES)}${r.pick(DEMO_CITIZEN_GIVEN_NAMES)}`,
          phone: `1${r.pick(['38', '39', '58', '86', '77'])}${String(r.int(10000000, 99999999))}`,
          address: `${region.name}${r.pick(DEMO_STREETS)}${r.int(1, 300)}号`,
          isPublic: r.chance(0.7),
          isUrgent: r.chance(0.03),
          submittedAt: at(),
        } as never,
        { kind: ActorKind.API_CLIENT, userId: null, unitId: null },
        `113.${r.int(200, 250)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      );
      const id = created.message.id;
      made++;
      step(r.int(1, 6));
      if (invalid) {
        await services.messages.markInvalid(dispatcher, id, InvalidReason.ADVERTISING, '广告信息');
        continue;
      }
      if (ageDays < 0.3 || r.chance(0.03)) continue; // still waiting for screening
      if (r.chance(0.02) && made > 5) {
        const target = await ds
          .getRepository(Message)
          .findOne({ where: { type: t.type as MessageType, state: Not(In(NOT_TAKEN_UP_STATES)) }, order: { id: 'ASC' } });
        if (target && target.id !== id) {
          await services.messages.merge(dispatcher, id, { id: target.id }, '重复留言');
          continue;
        }
      }
      await services.messages.accept(dispatcher, id);
      if (ageDays < 0.6) continue;
      step(r.int(1, 4));
      const lead = handlingUnit(region, t.unitHint);
      const assist = r.chance(0.15) ? handlingUnit(region, r.pick(['zjj', 'cgj', 'rsj'])) : null;
      await services.assignments.assign(dispatcher, {
        messageId: String(id),
        leadUnitId: String(lead.id),
        assistUnitIds: assist && assist.id !== lead.id ? [String(assist.id)] : [],
      } as never);
      const staff = await staffOf(lead);
      const [leadA] = await ds.getRepository(Assignment).find({ where: { messageId: id, unitId: lead.id }, order: { id: 'DESC' }, take: 1 });
      if (r.chance(0.06) && ageDays > 2) continue; // never signed: overdue for signing
      step(r.int(1, 20));
      await services.assignments.sign(staff.handler, leadA.id);
      const assistA = assist && assist.id !== lead.id ? await ds.getRepository(Assignment).findOneBy({ messageId: id, unitId: assist.id }) : null;
      if (assistA) {
        const as = await staffOf(assist!);
        await services.assignments.sign(as.handler, assistA.id);
        step(r.int(2, 30));
        const op = await services.replies.draft(as.handler, {
          assignmentId: String(assistA.id),
          kind: ReplyKind.ASSIST_OPINION,
          content: '协办意见：我单位已配合核查，相关情况已反馈主办单位，同意主办单位处理意见。',
          contactedCitizen: false,
          resolved: false,
        } as never);
        await services.replies.submit(as.handler, op.id);
        await services.replies.review(as.reviewer, op.id, true, undefined);
      }
      if (r.chance(0.25)) {
        step(r.int(2, 10));
        const p = await services.replies.draft(staff.handler, {
          assignmentId: String(leadA.id),
          kind: ReplyKind.PROGRESS,
          content: '您好！您反映的问题已收悉，我单位已安排专人核查，将尽快给予答复。',
          contactedCitizen: true,
          contactMethod: '电话',
          resolved: false,
        } as never);
        await services.replies.submit(staff.handler, p.id);
        await services.replies.review(staff.reviewer, p.id, true, undefined);
        await services.replies.review(dispatcher, p.id, true, undefined);
      }
      if (r.chance(0.12)) await services.supervision.add(supervisor, SupervisionKind.URGE, { messageId: String(id), content: r.pick(DEMO_URGE_TEXTS) });
      if (r.chance(0.05))
        await services.supervision.add(supervisor, SupervisionKind.SUPERVISE, {
          messageId: String(id),
          content: r.pick(DEMO_SUPERVISE_TEXTS),
          dueAt: new Date(now + 5 * DAY),
        });
      if (leaderUser && r.chance(0.05)) {
        const lv = viewerOf(leaderUser, units);
        if (await services.messages.canView(lv, await ds.getRepository(Message).findOneByOrFail({ id }))) {
          await services.supervision
            .add(lv, SupervisionKind.INSTRUCTION, { messageId: String(id), content: r.pick(DEMO_INSTRUCTION_TEXTS) })
            .catch(() => undefined);
        }
      }
      // Recent ones stay in progress (some overdue, some due soon); older ones get their final reply.
      const handlingDays = r.next() < 0.85 ? 1 + r.next() * 8 : 8 + r.next() * 20;
      if (ageDays < handlingDays + 1) continue;
      if (r.chance(0.05)) {
        await services.assignments.requestExtension(staff.handler, leadA.id, 5, '涉及多部门协调，需延长办理时限').catch(() => undefined);
        step(4);
        await services.assignments.decideExtension(dispatcher, leadA.id, true, '同意', undefined).catch(() => undefined);
      }
      step(handlingDays * 24);
      const f = await services.replies.draft(staff.handler, {
        assignmentId: String(leadA.id),
        kind: ReplyKind.FINAL,
        content: t.reply,
        contactedCitizen: r.chance(0.8),
        contactMethod: '电话',
        resolved: r.chance(0.75),
      } as never);
      await services.replies.submit(staff.handler, f.id);
      if (r.chance(0.1)) {
        await services.replies.review(staff.reviewer, f.id, false, '请补充具体处理结果和时间节点');
        step(3);
        await services.replies.submit(staff.handler, f.id);
      }
      step(r.int(1, 8));
      await services.replies.review(staff.reviewer, f.id, true, undefined);
      step(r.int(1, 12));
      await services.replies.review(dispatcher, f.id, true, undefined);
      if (ageDays - handlingDays < 2 || r.chance(0.1)) continue; // replied, waiting for the rating
      step(r.int(4, 60));
      const happy = r.next();
      const scores = happy < 0.55 ? [5, 5, 5] : happy < 0.8 ? [4, 4, 5] : happy < 0.92 ? [3, 3, 4] : [1, 2, 2];
      const comment = r.pick(
        happy < 0.8 ? DEMO_EVALUATION_COMMENTS.positive : happy < 0.92 ? DEMO_EVALUATION_COMMENTS.neutral : DEMO_EVALUATION_COMMENTS.negative,
      );
      await services.closing.citizenEvaluate(
        id,
        { resolution: scores[0], attitude: scores[1], speed: scores[2], comment },
        { kind: ActorKind.CITIZEN, userId: null, unitId: null },
      );
    }
    if (scenarios) {
      made += await seedDemoScenarios({
        ds,
        services,
        byCode,
        categories,
        dispatcher,
        supervisor,
        staffOf,
        clock,
        realNow,
        leader: leaderUser?.leaderId ? { viewer: viewerOf(leaderUser, units), leaderId: leaderUser.leaderId } : null,
      });
    }
    // The knowledge base is written today (its dates are counted from today), after the messages' histories.
    clock.now = () => new Date();
    const articles = await seedDemoKnowledge(ds, services, byCode, categories);
    if (articles) log.info(`Loaded ${articles} demo knowledge articles.`);
  } finally {
    clock.now = () => new Date();
  }
  log.info(`Loaded ${made} demo messages.`);
  return made;
}

function viewerOf(u: User, units: Unit[]): StaffViewer {
  const unit = units.find((x) => x.id === u.unitId)!;
  return {
    kind: 'staff',
    userId: u.id,
    username: u.username,
    role: u.role,
    unitId: u.unitId,
    unitPath: unit.path,
    leaderId: u.leaderId,
    sessionId: 'demo-seed',
    mustChangePassword: false,
  };
}
