/**
 * The fairness rules of the statistics (domain.md §9, docs/statistics.md), on a scripted history played through the
 * API with the workflow clock pinned to each step (November 2026, Asia/Shanghai), read as of Friday 27 November 18:00:
 * a period still running. It holds every case: a return refused and one approved, a reassignment (改派), a hand-down
 * (下派) whose child unit replies, an extension granted, a pause (挂起) resumed and one still running, a redo after a
 * late reply with two ratings, assignments not yet due. The expected figures are worked out by hand below, per unit
 * and for everything; `statistics:verify` recomputes them from the ledger and must agree.
 *
 * Units: A 长沙市住建局 (hn-cs-zjj), B 交通运输局 (hn-cs-jtj), C 城管局 (hn-cs-cgj), P 长沙市 (hn-cs, the parent of the three).
 * Default deadlines: sign by the end of the next working day; first response within 5 working hours (09:00-12:00,
 * 13:30-17:30); reply within 5 working days (咨询), 10 (建言, 求助) or 20 (投诉), each ending at 23:59:59.
 *
 * The history (November 2026: Mondays are the 2nd, 9th, 16th, 23rd, 30th):
 *  M1 投诉 → A Mon 2 10:00 (sign by Tue 3, respond by Mon 2 16:30, reply by Mon 30). A asks to return it 11:00; refused
 *     14:00. A signs Tue 3 09:30; publishes Fri 6 10:00 (its first response: late). Citizen rates 3/5/4 (overall 4.00,
 *     解决程度 3) Mon 9 10:00: closed.
 *  M2 建言 → B Mon 2 10:00; B asks to return it 15:00; approved 16:00. → C Tue 3 10:00 (respond by 16:30); C signs 11:00,
 *     publishes 15:00 (on time, responded on time). Not rated.
 *  M3 咨询 → B Wed 4 10:00; reassigned (改派) to A 16:00 (A: sign by Thu 5, respond by Thu 5 14:00, reply by Wed 11).
 *     A signs Thu 5 09:00 and records a phone call with the citizen (联系群众) at 11:00: its first response, on time.
 *     A publishes Mon 16 10:00: late. Citizen rates 1/2/2 (1.67) Mon 16 15:00, asks for a redo
 *     Tue 17 10:00 (the redo's own deadline: Tue 24). A publishes again Wed 18 10:00; staff record the follow-up call
 *     4/4/4 (4.00, 解决程度 4) Thu 19 10:00: closed.
 *  M4 求助 → P Thu 5 10:00 (respond by 16:30, reply by Thu 19). P signs 11:00, hands it down to A 14:00; A signs 14:30;
 *     A's progress reply is approved 15:30 (P's first response, on time); A's final reply published Tue 10 10:00.
 *     Citizen rates 5/4/3 (4.00, 解决程度 5) Wed 11 10:00: closed.
 *  M5 咨询 → A Mon 9 10:00 (reply by Mon 16). A signs 11:00; progress reply approved 14:00 (on time). Asks Thu 12 10:00
 *     for 3 more working days, granted 14:00 (reply by Thu 19); publishes Thu 19 10:00: on time thanks to it.
 *  M6 咨询 → B Mon 9 10:00 (reply by Mon 16). B signs 10:30; on hold (挂起) Tue 10 10:00 → resumed Fri 13 10:00: three
 *     working days (Wed, Thu, Fri), reply by Thu 19. Publishes Wed 18 10:00: on time thanks to the pause. Staff record
 *     3/3/3 (3.00: not above 3, not satisfied; 解决程度 3) Thu 19 14:00: closed.
 *  M11 咨询 → B Mon 9 10:10 (reply by Mon 16). B signs 15:00, never replies: late, overdue.
 *  M9 咨询 → C Tue 17 10:00 (reply by Tue 24). C signs 10:30; on hold Mon 23 10:00 and still on hold: its clock stopped
 *     before the deadline, so it is not due.
 *  M10 求助 → C Mon 23 10:00 (sign by Tue 24): never signed, late to sign; its reply is not due (Mon 7 December).
 *  M7 投诉 → A Thu 26 10:00 (sign by Fri 27 23:59:59): not signed yet, not due.
 *  M8 咨询 → B Fri 27 09:00 (sign by Mon 30): not due.
 */
import { StatisticsVerifier } from '../src/modules/statistics/verify';
import { newApiKey, ok, userIn, worldPerFile } from './workflow-helpers';

let clock = new Date();
const at = (local: string) => new Date(`2026-11-${local}+08:00`);
const NOW = '27T18:00:00';
const PERIOD = { from: '2026-11-01', to: '2026-11-30' };
const tokens: Record<string, string> = {};
let apiKey = '';
const ids: Record<string, { id: string; serialNo: string; queryCode: string }> = {};

const gql = (query: string, i: Record<string, unknown>, token: string) => ok(s.gql(query, { i }, token));
const staff = (query: string, i: Record<string, unknown>) => gql(query, i, w.t.dispatcher);

async function create(name: string, type: string, when: string) {
  clock = at(when);
  const r = await staff(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } queryCode } }`, {
    channel: 'WEB',
    type,
    title: `公平统计${name}`,
    content: `用于统计公平口径的留言${name}，内容足够长，便于核对。`,
    submittedAt: clock.toISOString(),
    regionUnitId: w.unit['hn-cs'],
  });
  ids[name] = { id: r.createMessage.message.id, serialNo: r.createMessage.message.serialNo, queryCode: r.createMessage.queryCode };
}
async function assign(name: string, unit: string, when: string) {
  clock = at(when);
  await staff(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { messageId: ids[name].id, leadUnitId: w.unit[unit] });
}
/** The message's open assignment of a unit (the top one, or the hand-down). */
async function assignmentOf(name: string, unit: string): Promise<string> {
  const m = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id unitId state } } }`, { id: ids[name].id }, w.t.dispatcher))).message;
  return m.assignments.filter((a: any) => a.unitId === w.unit[unit] && !['CANCELLED', 'RETURNED'].includes(a.state)).pop().id;
}
async function onAssignment(mutation: string, input: string, name: string, unit: string, when: string, token: string, extra: Record<string, unknown> = {}) {
  clock = at(when);
  await gql(`mutation($i: ${input}!) { ${mutation}(input: $i) { assignment { id } } }`, { assignmentId: await assignmentOf(name, unit), ...extra }, token);
}
const sign = (name: string, unit: string, when: string) => onAssignment('signAssignment', 'AssignmentActionInput', name, unit, when, tokens[`${unit}.h`]);
async function onMessage(mutation: string, name: string, when: string, token: string, extra: Record<string, unknown>) {
  clock = at(when);
  await gql(`mutation($i: MessageReasonInput!) { ${mutation}(input: $i) { message { id } } }`, { messageId: ids[name].id, ...extra }, token);
}
/** A reply drafted by the unit's handler and approved at both review levels. */
async function reply(name: string, unit: string, kind: 'FINAL' | 'PROGRESS', when: string) {
  clock = at(when);
  const r = (
    await gql(
      `mutation($i: DraftReplyInput!) { draftReply(input: $i) { reply { id } } }`,
      {
        assignmentId: await assignmentOf(name, unit),
        kind,
        content: kind === 'FINAL' ? '您好！经核实已处理完毕，感谢您的监督。' : '您好！您反映的问题已收悉，正在核查。',
        contactedCitizen: true,
        resolved: kind === 'FINAL',
      },
      tokens[`${unit}.h`],
    )
  ).draftReply.reply.id;
  await gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { replyId: r }, tokens[`${unit}.h`]);
  await gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id } } }`, { replyId: r, approve: true }, tokens[`${unit}.r`]);
  await gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id state } } }`, { replyId: r, approve: true }, w.t.dispatcher);
}
/** The citizen, through the public API with the serial number and query code. */
async function citizenRates(name: string, when: string, [resolution, attitude, speed]: number[]) {
  clock = at(when);
  await ok(
    s.gql(
      `mutation($i: RateMessageInput!) { rateMessage(input: $i) { message { status } } }`,
      { i: { serialNo: ids[name].serialNo, queryCode: ids[name].queryCode, resolution, attitude, speed } },
      null,
      { 'x-api-key': apiKey },
    ),
  );
}
async function staffRecords(name: string, when: string, [resolution, attitude, speed]: number[]) {
  clock = at(when);
  await staff(`mutation($i: RecordEvaluationInput!) { recordEvaluation(input: $i) { message { id } } }`, {
    messageId: ids[name].id,
    resolution,
    attitude,
    speed,
  });
}

const ROW = `key label assigned replied overdueOpen received responsesGiven firstResponses averageFirstResponseWorkingHours averageHandlingWorkingDays averageSatisfaction
  replyRate { numerator denominator } closeRate { numerator denominator } onTimeRate { numerator denominator } timelySignRate { numerator denominator }
  responseRate { numerator denominator } returnRate { numerator denominator } reopenRate { numerator denominator } satisfactionRate { numerator denominator }
  resolutionRate { numerator denominator } directAnswerRate { numerator denominator }`;
const STATS = `query($p: PeriodInput!, $g: StatisticsGroupBy, $sub: Boolean, $f: StatisticsFilterInput) { statistics(period: $p, groupBy: $g, includeSubtree: $sub, filter: $f) { ${ROW} } }`;
async function statistics(groupBy: string, opts: { includeSubtree?: boolean; filter?: Record<string, unknown> } = {}) {
  return (await ok(s.gql(STATS, { p: PERIOD, g: groupBy, sub: opts.includeSubtree ?? false, f: opts.filter ?? null }, w.t.dispatcher))).statistics as any[];
}
const n = (numerator: number, denominator: number) => ({ numerator, denominator });
const byKey = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.key, r]));

/** Snapshot taken while M3's redo was in progress (Tue 17 12:00). */
let duringRedo: any;

const { s, w } = worldPerFile({ CITIZEN_OPS_PER_IP_PER_MINUTE: '100000' }, { timeout: 300_000 });
beforeAll(async () => {
  s.app.services.workflow.now = () => clock;
  tokens['hn-cs-zjj.h'] = w.t.handler;
  tokens['hn-cs-zjj.r'] = w.t.reviewer;
  for (const [unit, slug] of [
    ['hn-cs-jtj', 'jtj'],
    ['hn-cs-cgj', 'cgj'],
    ['hn-cs', 'cs'],
  ]) {
    tokens[`${unit}.h`] = await userIn(w, `fair.${slug}.h`, 'UNIT_HANDLER', unit);
    tokens[`${unit}.r`] = await userIn(w, `fair.${slug}.r`, 'UNIT_REVIEWER', unit);
  }
  apiKey = (
    await newApiKey(s, w.t.admin, { name: '市民网站', owner: '测试', scopes: ['PUBLIC_READ', 'MESSAGES_SUBMIT', 'STATS_READ'], rateLimitPerMinute: 100000 })
  ).key;
  const [A, B, C, P] = ['hn-cs-zjj', 'hn-cs-jtj', 'hn-cs-cgj', 'hn-cs'];

  // week of Monday 2
  await create('M1', 'COMPLAIN', '02T09:00:00');
  await create('M2', 'SUGGEST', '02T09:30:00');
  await assign('M1', A, '02T10:00:00');
  await assign('M2', B, '02T10:00:00');
  await onAssignment('requestReturn', 'AssignmentReasonInput', 'M1', A, '02T11:00:00', tokens[`${A}.h`], { reason: '不属于本单位职责范围' });
  await onAssignment('decideReturn', 'DecisionInput', 'M1', A, '02T14:00:00', w.t.dispatcher, { approve: false, comment: '属于住建部门职责，请办理' });
  await onAssignment('requestReturn', 'AssignmentReasonInput', 'M2', B, '02T15:00:00', tokens[`${B}.h`], { reason: '建议事项属城管部门职责' });
  await onAssignment('decideReturn', 'DecisionInput', 'M2', B, '02T16:00:00', w.t.dispatcher, { approve: true });
  await sign('M1', A, '03T09:30:00');
  await assign('M2', C, '03T10:00:00');
  await sign('M2', C, '03T11:00:00');
  await reply('M2', C, 'FINAL', '03T15:00:00');
  await create('M3', 'CONSULT', '04T09:00:00');
  await assign('M3', B, '04T10:00:00');
  clock = at('04T16:00:00');
  await staff(`mutation($i: ReassignMessageInput!) { reassignMessage(input: $i) { message { id } } }`, {
    messageId: ids.M3.id,
    leadUnitId: w.unit[A],
    reason: '属住建部门职责，改派',
  });
  await sign('M3', A, '05T09:00:00');
  await onAssignment('recordContact', 'RecordContactInput', 'M3', A, '05T11:00:00', tokens[`${A}.h`], {
    method: '电话',
    note: '已电话联系群众，约定现场核实时间',
  });
  await create('M4', 'HELP', '05T09:00:00');
  await assign('M4', P, '05T10:00:00');
  await sign('M4', P, '05T11:00:00');
  await onAssignment('delegateAssignment', 'DelegateInput', 'M4', P, '05T14:00:00', tokens[`${P}.h`], { unitId: w.unit[A], note: '请住建局核查答复' });
  await sign('M4', A, '05T14:30:00');
  await reply('M4', A, 'PROGRESS', '05T15:30:00');
  await reply('M1', A, 'FINAL', '06T10:00:00');
  // week of Monday 9
  await create('M5', 'CONSULT', '09T09:00:00');
  await create('M6', 'CONSULT', '09T09:30:00');
  await create('M11', 'CONSULT', '09T09:40:00');
  await citizenRates('M1', '09T10:00:00', [3, 5, 4]);
  await assign('M5', A, '09T10:00:00');
  await assign('M6', B, '09T10:00:00');
  await assign('M11', B, '09T10:10:00');
  await sign('M6', B, '09T10:30:00');
  await sign('M5', A, '09T11:00:00');
  await reply('M5', A, 'PROGRESS', '09T14:00:00');
  await sign('M11', B, '09T15:00:00');
  await onMessage('holdMessage', 'M6', '10T10:00:00', tokens[`${B}.h`], { reason: '请群众补充具体路段' });
  await reply('M4', A, 'FINAL', '10T10:00:00');
  await citizenRates('M4', '11T10:00:00', [5, 4, 3]);
  await onAssignment('requestExtension', 'RequestExtensionInput', 'M5', A, '12T10:00:00', tokens[`${A}.h`], { days: 3, reason: '需会同街道现场核实' });
  await onAssignment('decideExtension', 'DecisionInput', 'M5', A, '12T14:00:00', w.t.dispatcher, { approve: true });
  await onMessage('resumeMessage', 'M6', '13T10:00:00', tokens[`${B}.h`], { reason: '群众已补充材料' });
  // week of Monday 16
  await reply('M3', A, 'FINAL', '16T10:00:00');
  await citizenRates('M3', '16T15:00:00', [1, 2, 2]);
  clock = at('17T10:00:00');
  await ok(
    s.gql(
      `mutation($i: RequestRedoInput!) { requestRedo(input: $i) { message { status } } }`,
      { i: { serialNo: ids.M3.serialNo, queryCode: ids.M3.queryCode, reason: '问题没有解决' } },
      null,
      { 'x-api-key': apiKey },
    ),
  );
  await create('M9', 'CONSULT', '17T09:00:00');
  await assign('M9', C, '17T10:00:00');
  await sign('M9', C, '17T10:30:00');
  clock = at('17T12:00:00');
  duringRedo = byKey(await statistics('UNIT'));
  await reply('M3', A, 'FINAL', '18T10:00:00');
  await reply('M6', B, 'FINAL', '18T10:00:00');
  await reply('M5', A, 'FINAL', '19T10:00:00');
  await staffRecords('M3', '19T10:00:00', [4, 4, 4]);
  await staffRecords('M6', '19T14:00:00', [3, 3, 3]);
  // week of Monday 23
  await create('M10', 'HELP', '23T09:00:00');
  await assign('M10', C, '23T10:00:00');
  await onMessage('holdMessage', 'M9', '23T10:00:00', tokens[`${C}.h`], { reason: '请群众补充照片' });
  await create('M7', 'COMPLAIN', '26T09:00:00');
  await assign('M7', A, '26T10:00:00');
  await create('M8', 'CONSULT', '27T08:30:00');
  await assign('M8', B, '27T09:00:00');
  clock = at(NOW);
}, 300_000);

test('while a redo is in progress the reply it redoes still counts (Tue 17 12:00)', () => {
  // A keeps M1, M3, M5 by then. Replied M1 and M3 (its redo asked an hour ago does not take the reply back): 2/3.
  // 重办率 = 1 (M3) / 2 replied. 按时办结率 = M1 on time, M3 late / (2 replied; M5 due Thu 19: not yet due) = 1/2.
  // Latest ratings: M1 4.00, M3 1.67: satisfied 1/2.
  expect(duringRedo[w.unit['hn-cs-zjj']]).toMatchObject({
    assigned: 3,
    replied: 2,
    replyRate: n(2, 3),
    reopenRate: n(1, 2),
    onTimeRate: n(1, 2),
    satisfactionRate: n(1, 2),
  });
});

test('per unit: the cohort is the assignments a unit kept; returns, reassignments, hand-downs, extensions and pauses counted fairly', async () => {
  const rows = byKey(await statistics('UNIT'));
  // A 住建局: received M1, M3 (from B), M5, M7: 4, none returned (M1's return was refused): 回退率 0/4. Kept all 4.
  //   回复率 M1, M3, M5 / 4 = 3/4 (M7 not answered); 办结率 M1, M3 closed / 4 = 2/4 (M5 answered, not closed).
  //   按时办结率 M1 (Fri 6 ≤ Mon 30), M5 (Thu 19 ≤ Thu 19 after the extension) on time, M3 late (Mon 16 > Wed 11; its redo
  //   answered in time does not change that) / 3 replied (M7 not due) = 2/3.
  //   及时签收率 M1 Tue 3 09:30, M3 Thu 5 09:00, M5 Mon 9 11:00, all by their next working day / 3 (M7 not due yet) = 3/3.
  //   响应率 M3 (the call Thu 5 11:00 ≤ 14:00), M5 (progress reply 14:00 ≤ 16:30) / 4 = 2/4 (M1 first answered days
  //   later, M7 not at all).
  //   重办率 M3 / 3 replied = 1/3. Latest ratings M1 4.00 (解决程度 3), M3 4.00 (4; its 1.67 no longer counts):
  //   满意率 2/2, 解决率 1/2, average 4. First response in working hours: M1 Mon 2 10:00 → Fri 6 10:00 = 6 + 3 × 7 + 1 = 28,
  //   M3 Wed 4 16:00 → the call Thu 5 11:00 = 1.5 + 2 = 3.5, M5 10:00 → 14:00 = 2 + 0.5 = 2.5: 34 / 3 = 11.33. Handling to the first reply in working days: M1 4, M3 8, M5 8 (Tue 10 … Thu 19): 20 / 3 = 6.67.
  //   Activity: received 4 (the messages it leads now); replies published 5: M1, M3 twice, M5, and M4's as the unit the
  //   work was handed down to.
  expect(rows[w.unit['hn-cs-zjj']]).toEqual({
    key: w.unit['hn-cs-zjj'],
    label: '长沙市住房和城乡建设局',
    assigned: 4,
    replied: 3,
    overdueOpen: 0,
    received: 4,
    responsesGiven: 5,
    firstResponses: 3,
    averageFirstResponseWorkingHours: 11.33,
    averageHandlingWorkingDays: 6.67,
    averageSatisfaction: 4,
    replyRate: n(3, 4),
    closeRate: n(2, 4),
    onTimeRate: n(2, 3),
    timelySignRate: n(3, 3),
    responseRate: n(2, 4),
    returnRate: n(0, 4),
    reopenRate: n(1, 3),
    satisfactionRate: n(2, 2),
    resolutionRate: n(1, 2),
    directAnswerRate: n(0, 4),
  });
  // B 交通运输局: received M2 (returned, approved), M3 (taken away by 改派), M6, M8, M11: 回退率 1/5. Kept M6, M8, M11.
  //   回复率 M6 / 3; 办结率 M6 / 3. 按时办结率 M6 on time (Wed 18 ≤ Thu 19, the deadline moved by the three working days
  //   of its pause) / (M6 + M11 past Mon 16 unanswered; M8 not due) = 1/2. 及时签收率 M6, M11 / 2 (M8 not due).
  //   响应率 0/3 (M6 first answered Wed 18, M8 and M11 never). 重办率 0/1. M6 rated 3.00: not above 3, 解决程度 3:
  //   满意率 0/1, 解决率 0/1, average 3. Overdue and open: M11. First response M6 Mon 9 10:00 → Wed 18 10:00 =
  //   6 + 6 × 7 + 1 = 49 working hours; handling 7 working days.
  expect(rows[w.unit['hn-cs-jtj']]).toMatchObject({
    assigned: 3,
    replied: 1,
    overdueOpen: 1,
    received: 3,
    responsesGiven: 1,
    firstResponses: 1,
    averageFirstResponseWorkingHours: 49,
    averageHandlingWorkingDays: 7,
    averageSatisfaction: 3,
    replyRate: n(1, 3),
    closeRate: n(1, 3),
    onTimeRate: n(1, 2),
    timelySignRate: n(2, 2),
    responseRate: n(0, 3),
    returnRate: n(1, 5),
    reopenRate: n(0, 1),
    satisfactionRate: n(0, 1),
    resolutionRate: n(0, 1),
  });
  // C 城管局: received M2 (from B), M9, M10, kept all: 回退率 0/3. 回复率 M2 / 3; 办结率 0/3 (M2 not rated).
  //   按时办结率 M2 / 1: M9 is past its deadline (Tue 24) but on hold since Mon 23, its clock stopped before it; M10 not due.
  //   及时签收率 M2, M9 / (those + M10, unsigned past Tue 24) = 2/3. 响应率 M2 (15:00 ≤ 16:30) / 3. No rating. Nothing
  //   overdue (M9 waits for the citizen). First response 10:00 → 15:00 = 3.5 working hours; handled the same day: 0.
  expect(rows[w.unit['hn-cs-cgj']]).toMatchObject({
    assigned: 3,
    replied: 1,
    overdueOpen: 0,
    received: 3,
    responsesGiven: 1,
    firstResponses: 1,
    averageFirstResponseWorkingHours: 3.5,
    averageHandlingWorkingDays: 0,
    averageSatisfaction: null,
    replyRate: n(1, 3),
    closeRate: n(0, 3),
    onTimeRate: n(1, 1),
    timelySignRate: n(2, 3),
    responseRate: n(1, 3),
    returnRate: n(0, 3),
    satisfactionRate: n(0, 0),
    resolutionRate: n(0, 0),
  });
  // P 长沙市: M4, handed down to A, whose work counts for P: answered (Tue 10 ≤ Thu 19), first response A's progress reply
  //   15:30 ≤ 16:30 (10:00 → 15:30 = 4 working hours), handling Fri 6, Mon 9, Tue 10 = 3 days, rated 4.00 (解决程度 5).
  //   The replies were A's: P gave none itself.
  expect(rows[w.unit['hn-cs']]).toMatchObject({
    assigned: 1,
    replied: 1,
    received: 1,
    responsesGiven: 0,
    averageFirstResponseWorkingHours: 4,
    averageHandlingWorkingDays: 3,
    averageSatisfaction: 4,
    replyRate: n(1, 1),
    closeRate: n(1, 1),
    onTimeRate: n(1, 1),
    timelySignRate: n(1, 1),
    responseRate: n(1, 1),
    returnRate: n(0, 1),
    satisfactionRate: n(1, 1),
    resolutionRate: n(1, 1),
  });
});

test('everything (ALL) counts messages, not assignments; so does every grouping by the message', async () => {
  const [all] = await statistics('ALL');
  // 11 messages, 13 lead assignments (M2 and M3 were assigned twice). Each message counts once, with the unit that kept it.
  //   回复率 M1-M6 / 11. 办结率 M1, M3, M4, M6 / 11. 按时办结率 M1, M2, M4, M5, M6 / (6 replied + M11 overdue) = 5/7
  //   (M7, M8, M10 not due; M9 on hold). 及时签收率 M1-M6, M9, M11 / (those 8 + M10) = 8/9 (M7, M8 not due).
  //   响应率 M2, M3, M4, M5 / 11. 回退率 M2 / 11 messages received (by assignments it would be 1/13). 重办率 M3 / 6.
  //   Latest ratings M1 4.00 (3), M3 4.00 (4), M4 4.00 (5), M6 3.00 (3): 满意率 3/4, 解决率 2/4, average 15 / 4 = 3.75.
  //   First response: (28 + 3.5 + 2.5 + 49 + 3.5 + 4) / 6 = 15.08 working hours; handling (4 + 8 + 8 + 7 + 0 + 3) / 6 = 5.
  //   Activity: 11 received, 7 replies published (M1, M2, M3 twice, M4, M5, M6), 直办率 0 / 11 first assigned.
  expect(all).toEqual({
    key: 'all',
    label: '合计',
    assigned: 11,
    replied: 6,
    overdueOpen: 1,
    received: 11,
    responsesGiven: 7,
    firstResponses: 6,
    averageFirstResponseWorkingHours: 15.08,
    averageHandlingWorkingDays: 5,
    averageSatisfaction: 3.75,
    replyRate: n(6, 11),
    closeRate: n(4, 11),
    onTimeRate: n(5, 7),
    timelySignRate: n(8, 9),
    responseRate: n(4, 11),
    returnRate: n(1, 11),
    reopenRate: n(1, 6),
    satisfactionRate: n(3, 4),
    resolutionRate: n(2, 4),
    directAnswerRate: n(0, 11),
  });
  // By type: 投诉 M1, M7; 建言 M2 (returned once: 1 message of 1, though assigned twice); 咨询 M3, M5, M6, M8, M9, M11;
  // 求助 M4, M10. The rows add up to ALL.
  const byType = byKey(await statistics('TYPE'));
  expect(
    Object.fromEntries(Object.entries(byType).map(([k, r]: [string, any]) => [k, [r.assigned, r.replied, r.returnRate.numerator, r.returnRate.denominator]])),
  ).toEqual({ COMPLAIN: [2, 1, 0, 2], SUGGEST: [1, 1, 1, 1], CONSULT: [6, 3, 0, 6], HELP: [2, 1, 0, 2] });
  const [region] = await statistics('REGION');
  expect([region.key, region.assigned, region.replied, region.returnRate]).toEqual([w.unit['hn-cs'], 11, 6, n(1, 11)]);
  // 长沙市 and its subtree: its own M4 plus its three departments' work (sums first, rates after); the province the same.
  const sub = byKey(await statistics('UNIT', { includeSubtree: true }));
  for (const k of [w.unit['hn-cs'], w.unit.hn]) {
    expect(sub[k]).toMatchObject({ assigned: 11, replied: 6, replyRate: n(6, 11), onTimeRate: n(5, 7), returnRate: n(1, 13), satisfactionRate: n(3, 4) });
  }
});

test('the ranking: 响应率, 解决率, 满意率 weighted 30/35/35, rates over nothing left out', async () => {
  const ranking = (
    await ok(
      s.gql(`query($p: PeriodInput!) { unitRanking(period: $p, minimumSample: 1) { key sample score rank insufficientData } }`, { p: PERIOD }, w.t.dispatcher),
    )
  ).unitRanking;
  // P: 1, 1, 1 → 100. A: 30 × 2/4 + 35 × 1/2 + 35 × 2/2 = 15 + 17.5 + 35 = 67.5. C: only 响应率 1/3 (no rating) → 33.33.
  // B: 0, 0/1, 0/1 → 0.
  expect(ranking).toEqual([
    { key: w.unit['hn-cs'], sample: 1, score: 100, rank: 1, insufficientData: false },
    { key: w.unit['hn-cs-zjj'], sample: 4, score: 67.5, rank: 2, insufficientData: false },
    { key: w.unit['hn-cs-cgj'], sample: 3, score: 33.33, rank: 3, insufficientData: false },
    { key: w.unit['hn-cs-jtj'], sample: 3, score: 0, rank: 4, insufficientData: false },
  ]);
});

test('the public statistics and the monthly report give the staff figures for the same scope', async () => {
  const FIELDS =
    'key label assigned replied received responsesGiven replyRate { numerator denominator } closeRate { numerator denominator } onTimeRate { numerator denominator } responseRate { numerator denominator } resolutionRate { numerator denominator } satisfactionRate { numerator denominator } averageSatisfaction';
  const pub = (query: string, variables: Record<string, unknown>) => ok(s.gql(query, variables, null, { 'x-api-key': apiKey }));
  const pick = (r: any) =>
    Object.fromEntries(
      FIELDS.split(' ')
        .filter((f) => /^[a-zA-Z]+$/.test(f) && !['numerator', 'denominator'].includes(f))
        .map((f) => [f, r[f]]),
    );
  for (const groupBy of ['UNIT', 'ALL', 'TYPE']) {
    const staffRows = await statistics(groupBy);
    const publicRows = (
      await pub(`query($p: PeriodInput!, $g: StatisticsGroupBy) { publicStatistics(period: $p, groupBy: $g) { ${FIELDS} } }`, { p: PERIOD, g: groupBy })
    ).publicStatistics;
    expect(publicRows.map(pick)).toEqual(staffRows.map(pick));
  }
  const [all] = await statistics('ALL', { filter: { unitId: w.unit['hn-cs'] } });
  const report = (
    await ok(
      s.gql(`query($u: ID!) { monthlyReport(regionUnitId: $u, month: "2026-11") { total { ${FIELDS} } summary } }`, { u: w.unit['hn-cs'] }, w.t.dispatcher),
    )
  ).monthlyReport;
  const publicReport = (
    await pub(`query($u: ID!) { publicMonthlyReport(regionUnitId: $u, month: "2026-11") { total { ${FIELDS} } summary } }`, { u: w.unit['hn-cs'] })
  ).publicMonthlyReport;
  expect(pick(report.total)).toEqual(pick(all));
  expect(publicReport).toEqual(report);
  expect(report.summary).toContain('回复率54.5%'); // 6 / 11
});

test('statistics:verify recomputes every figure from the ledger and finds no difference; a tampered fact is found', async () => {
  const verifier = () => new StatisticsVerifier(s.app.ds, s.app.services);
  const clean = await verifier().verify([PERIOD, { from: '2026-11-16', to: '2026-11-22' }], at(NOW));
  expect(clean.differences).toEqual([]);
  expect(clean.checked).toBeGreaterThan(1000);
  // M3's late first reply rewritten as on time (what a redo used to do): verify names the figure and the unit.
  const m3 = await assignmentOf('M3', 'hn-cs-zjj');
  await s.app.ds.query('UPDATE assignment SET repliedOnTime = ? WHERE id = ?', [1, Number(m3)]);
  try {
    const found = await verifier().verify([PERIOD], at(NOW));
    expect(found.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ query: 'UNIT', key: w.unit['hn-cs-zjj'], figure: 'onTimeRate.numerator', statistics: 3, ledger: 2 }),
        expect.objectContaining({ query: 'ALL', key: 'all', figure: 'onTimeRate.numerator', statistics: 6, ledger: 5 }),
      ]),
    );
  } finally {
    await s.app.ds.query('UPDATE assignment SET repliedOnTime = ? WHERE id = ?', [0, Number(m3)]);
  }
});

test('the migration FairStatistics backfills these facts from what the rows and the ledger record', async () => {
  const { FairStatistics1763900000051: Migration } = await import('../../migrations/1763900000051-FairStatistics');
  const FACTS = ['signedOnTime', 'respondedOnTime', 'firstRepliedAt', 'repliedOnTime', 'pausedSince', 'ratingOverall', 'ratingResolution'];
  const read = async () =>
    (await s.app.ds.query(`SELECT id, ${FACTS.join(', ')} FROM assignment WHERE role = 'LEAD' AND parentId IS NULL ORDER BY id`)).map((r: any) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v instanceof Date
            ? v.toISOString()
            : typeof v === 'boolean'
              ? Number(v)
              : v === null
                ? null
                : typeof v === 'string' && !/^\d{4}-/.test(v)
                  ? Number(v)
                  : v,
        ]),
      ),
    );
  const before = await read();
  expect(before.filter((r: any) => r.repliedOnTime !== null)).toHaveLength(6);
  // back to the columns before the migration (the facts gone), then forward again: the backfill fills them in
  const qr = s.app.ds.createQueryRunner();
  try {
    await new Migration().down(qr);
    await new Migration().up(qr);
  } finally {
    await qr.release();
  }
  expect(await read()).toEqual(before);
  expect((await new StatisticsVerifier(s.app.ds, s.app.services).verify([PERIOD], at(NOW))).differences).toEqual([]);
});
