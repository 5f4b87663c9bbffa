/**
 * The dashboard's open work at scale (docs/statistics.md, "The dashboard at scale"): open lead assignments, overdue and
 * due soon are counted without joining every running assignment to its message, yet a message on hold (挂起) still
 * counts on its stopped clock. The figures equal the joined query (the definition) at every instant, for the whole
 * platform and for a unit; and the period figures are computed once per scope within DASHBOARD_CACHE_SECONDS.
 */
import { Assignment } from '../src/modules/assignment/assignment.entity';
import { Message } from '../src/modules/message/message.entity';
import { RUNNING_ASSIGNMENT_STATES, sqlList } from '../src/modules/message/message.states';
import { newMessage, ok, worldPerFile } from './workflow-helpers';

const cst = (local: string) => new Date(`${local}+08:00`);
const at = (local: string) => {
  s.app.services.workflow.now = () => cst(local);
};

const { s, w } = worldPerFile({}, { timeout: 180_000 });

const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`;
const HOLD = `mutation($i: MessageReasonInput!) { holdMessage(input: $i) { message { id } } }`;
const DASH = `{ dashboard(days: 30) { open overdue dueSoon } }`;

/** The definition: every running top-level lead assignment joined to its message, the clock stopped while on hold. */
async function joined(now: Date, unitId?: string) {
  const clock = 'COALESCE(m.onHoldSince, :now)';
  const qb = s.app.ds
    .getRepository(Assignment)
    .createQueryBuilder('a')
    .innerJoin(Message, 'm', 'm.id = a.messageId')
    .select('COUNT(*)', 'open')
    .addSelect(`SUM(CASE WHEN a.replyDueAt < ${clock} THEN 1 ELSE 0 END)`, 'overdue')
    .addSelect(`SUM(CASE WHEN a.yellowAt <= ${clock} AND a.replyDueAt >= ${clock} THEN 1 ELSE 0 END)`, 'dueSoon')
    .where(`a.state IN ${sqlList(RUNNING_ASSIGNMENT_STATES)} AND a.role = 'LEAD' AND a.parentId IS NULL AND a.assignedAt <= :now`, { now });
  if (unitId) qb.andWhere('a.unitId = :unitId', { unitId: Number(unitId) });
  const r = await qb.getRawOne();
  return { open: Number(r?.open ?? 0), overdue: Number(r?.overdue ?? 0), dueSoon: Number(r?.dueSoon ?? 0) };
}

test('a message on hold counts on its stopped clock; open, overdue and due soon equal the joined query at every instant', async () => {
  const ids: string[] = [];
  for (const title of ['挂起统计：公积金提取咨询', '统计：小区路灯损坏', '统计：道路积水']) {
    const m = await newMessage(w, { type: 'CONSULT', title, submittedAt: cst('2026-11-09T08:30:00').toISOString() });
    at('2026-11-09T10:00:00');
    await ok(s.gql(ASSIGN, { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'] } }, w.t.dispatcher));
    ids.push(m.id);
  }
  at('2026-11-12T10:00:00');
  await ok(s.gql(HOLD, { i: { messageId: ids[0], reason: '请群众补充材料' } }, w.t.dispatcher));

  const seen: Array<{ open: number; overdue: number; dueSoon: number }> = [];
  for (const local of ['2026-11-10T09:00:00', '2026-11-13T09:00:00', '2026-11-16T20:00:00', '2026-11-19T10:00:00', '2026-12-20T10:00:00']) {
    at(local);
    const mine = (await ok(s.gql(DASH, {}, w.t.dispatcher))).dashboard;
    expect({ at: local, ...mine }).toEqual({ at: local, ...(await joined(cst(local))) });
    const unit = (await ok(s.gql(DASH, {}, w.t.handler))).dashboard;
    expect({ at: local, ...unit }).toEqual({ at: local, ...(await joined(cst(local), w.unit['hn-cs-zjj'])) });
    seen.push(mine);
  }
  // A week after the due day the two running ones are overdue; the one on hold since before its due day is not.
  const [late] = seen.slice(3);
  const before = seen[0];
  expect(late.open).toBe(before.open);
  expect(late.overdue - before.overdue).toBe(2);
});

test('the period figures are computed once per scope and day within DASHBOARD_CACHE_SECONDS, the open work at every load', async () => {
  at('2026-11-19T10:00:00');
  const stats = s.app.services.statistics;
  const original = stats.statistics.bind(stats);
  let calls = 0;
  stats.statistics = (...a: Parameters<typeof stats.statistics>) => {
    calls += 1;
    return original(...a);
  };
  try {
    const first = (await ok(s.gql(`{ dashboard(days: 7) { trend { received } open } }`, {}, w.t.supervisor))).dashboard;
    const computed = calls;
    expect(computed).toBeGreaterThan(0);
    // the next load within the minute reuses the trend and the ranking (the open work is read again)
    const second = (await ok(s.gql(`{ dashboard(days: 7) { trend { received } open } }`, {}, w.t.supervisor))).dashboard;
    expect(calls).toBe(computed);
    expect(second.trend).toEqual(first.trend);
    // another scope (a unit's handler) or another day is computed anew
    await ok(s.gql(`{ dashboard(days: 7) { open } }`, {}, w.t.handler));
    expect(calls).toBeGreaterThan(computed);
  } finally {
    stats.statistics = original;
  }
});
