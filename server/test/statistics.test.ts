/**
 * Statistics over a hand-built fixture with known outcomes (September 2026, Asia/Shanghai), driven through
 * the real workflow with the workflow clock set to each step's time. Includes the time-zone edge: a message
 * assigned at 23:30 on 30 September counts in September; one assigned at 00:30 on 1 October does not.
 * The figures follow the fairness rules of domain.md §9 (statistics.md); the scripted history of
 * statistics-fairness.test.ts covers every rule case by case, this fixture the grouping, buckets, filters and exports.
 */
import { ActorKind } from '../src/modules/message/message.enums';
import { codeOf } from './helpers';
import { newApiKey, ok, publishFinalReply, userIn, worldPerFile } from './workflow-helpers';

let jtj: string;
const at = (local: string) => new Date(`${local}+08:00`);
const citizen = { kind: ActorKind.CITIZEN, userId: null, unitId: null };

async function step<T>(when: string, fn: () => Promise<T>): Promise<T> {
  s.app.services.workflow.now = () => at(when);
  try {
    return await fn();
  } finally {
    s.app.services.workflow.now = () => new Date();
  }
}

let category: { id: string; name: string };
async function message(type: string, submitted: string, categoryId?: string): Promise<string> {
  const r = await ok(
    s.gql(
      `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`,
      {
        i: {
          channel: 'WEB',
          type,
          title: `统计测试${type}${submitted}`,
          content: '用于统计口径测试的留言内容，内容足够长。',
          submittedAt: at(submitted).toISOString(),
          categoryId,
        },
      },
      w.t.dispatcher,
    ),
  );
  return r.createMessage.message.id;
}
const assign = (id: string, unit: string, when: string) =>
  step(when, () =>
    ok(
      s.gql(
        `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`,
        { i: { messageId: id, leadUnitId: w.unit[unit] } },
        w.t.dispatcher,
      ),
    ),
  );
const leadOf = async (id: string) =>
  (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id role parentId state } } }`, { id }, w.t.dispatcher))).message.assignments
    .filter((a: any) => a.role === 'LEAD' && !a.parentId)
    .pop().id;
const sign = async (id: string, when: string, token = w.t.handler) =>
  step(when, async () =>
    ok(s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: await leadOf(id) } }, token)),
  );
async function publish(id: string, when: string) {
  await step(when, async () => {
    const a = await leadOf(id);
    await publishFinalReply(w, a, { content: '您好！经核实已处理完毕，感谢您的监督。', resolved: true });
  });
}
const rate = (id: string, when: string, r: number, a: number, sp: number) =>
  step(when, () => s.app.services.closing.citizenEvaluate(Number(id), { resolution: r, attitude: a, speed: sp }, citizen));

const STATS = `query($p: PeriodInput!, $g: StatisticsGroupBy) { statistics(period: $p, groupBy: $g) { key label assigned replied overdueOpen received responsesGiven averageSatisfaction
  replyRate { numerator denominator value } closeRate { numerator denominator value } onTimeRate { numerator denominator value } timelySignRate { numerator denominator value }
  responseRate { numerator denominator value } returnRate { numerator denominator value } reopenRate { numerator denominator value } satisfactionRate { numerator denominator value }
  resolutionRate { numerator denominator value } } }`;
const r = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null });

const { s, w } = worldPerFile({}, { timeout: 120_000 });
beforeAll(async () => {
  jtj = await userIn(w, 'stat.jtj', 'UNIT_HANDLER', 'hn-cs-jtj');
  category = (await ok(s.gql(`{ categories(first: 1) { nodes { id name } } }`, {}, w.t.admin))).categories.nodes[0];
  // M1: complaint, signed and answered in time, rated 5 → closed.
  const m1 = await message('COMPLAIN', '2026-09-01T09:00:00', category.id);
  await assign(m1, 'hn-cs-zjj', '2026-09-01T10:00:00');
  await sign(m1, '2026-09-01T11:00:00');
  await publish(m1, '2026-09-03T10:00:00');
  await rate(m1, '2026-09-04T10:00:00', 5, 5, 5);
  // M2: consultation, signed late, answered late, rated 1.67 → closed.
  const m2 = await message('CONSULT', '2026-09-02T09:00:00', category.id);
  await assign(m2, 'hn-cs-zjj', '2026-09-02T10:00:00');
  await sign(m2, '2026-09-04T10:00:00');
  await publish(m2, '2026-09-15T10:00:00');
  await rate(m2, '2026-09-16T10:00:00', 1, 2, 2);
  // M3: consultation never signed: overdue and open.
  const m3 = await message('CONSULT', '2026-09-10T09:00:00');
  await assign(m3, 'hn-cs-zjj', '2026-09-10T10:00:00');
  // M4: complaint returned by 交通运输局.
  const m4 = await message('COMPLAIN', '2026-09-08T09:00:00');
  await assign(m4, 'hn-cs-jtj', '2026-09-08T10:00:00');
  await step('2026-09-08T15:00:00', async () =>
    ok(
      s.gql(
        `mutation($i: AssignmentReasonInput!) { requestReturn(input: $i) { assignment { id } } }`,
        { i: { assignmentId: await leadOf(m4), reason: '不属于本单位职责' } },
        jtj,
      ),
    ),
  );
  await step('2026-09-08T16:00:00', async () =>
    ok(
      s.gql(
        `mutation($i: DecisionInput!) { decideReturn(input: $i) { assignment { id } } }`,
        { i: { assignmentId: await leadOf(m4), approve: true } },
        w.t.dispatcher,
      ),
    ),
  );
  // M5: assigned 23:30 on 30 September (15:30 UTC): September. Never signed: overdue.
  const m5 = await message('CONSULT', '2026-09-30T23:00:00');
  await assign(m5, 'hn-cs-zjj', '2026-09-30T23:30:00');
  // M6: assigned 00:30 on 1 October (16:30 UTC on 30 September): October.
  const m6 = await message('CONSULT', '2026-10-01T00:10:00');
  await assign(m6, 'hn-cs-zjj', '2026-10-01T00:30:00');
  // M7: complaint answered in time, rated 1, reopened by the citizen, answered again (reply published twice).
  const m7 = await message('COMPLAIN', '2026-09-11T09:00:00');
  await assign(m7, 'hn-cs-zjj', '2026-09-11T10:00:00');
  await sign(m7, '2026-09-11T11:00:00');
  await publish(m7, '2026-09-14T10:00:00');
  await rate(m7, '2026-09-15T10:00:00', 1, 1, 1);
  await step('2026-09-16T10:00:00', () => s.app.services.closing.citizenReopen(Number(m7), '没有解决', citizen));
  await publish(m7, '2026-09-18T10:00:00');
  // M8: consultation the platform answers itself (直办), published 21 September.
  const m8 = await message('CONSULT', '2026-09-20T09:00:00');
  await step('2026-09-21T10:00:00', async () => {
    await ok(s.gql(`mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id } } }`, { i: { messageId: m8 } }, w.t.dispatcher));
    const r8 = (
      await ok(
        s.gql(
          `mutation($i: DirectAnswerInput!) { directAnswer(input: $i) { reply { id } } }`,
          { i: { messageId: m8, content: '您好！您咨询的政策规定如下，请参照办理。', contactedCitizen: false, resolved: true } },
          w.t.dispatcher,
        ),
      )
    ).directAnswer.reply.id;
    await ok(s.gql(`mutation($i: SubmitReplyInput!) { submitReply(input: $i) { reply { id } } }`, { i: { replyId: r8 } }, w.t.dispatcher));
    await ok(s.gql(`mutation($i: ReviewReplyInput!) { reviewReply(input: $i) { reply { id state } } }`, { i: { replyId: r8, approve: true } }, w.t.admin));
  });
}, 120_000);

test('every cohort and activity metric by unit for September, with rates that carry their numerator and denominator', async () => {
  const rows = (await ok(s.gql(STATS, { p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT' }, w.t.dispatcher))).statistics;
  const zjj = rows.find((x: any) => x.key === w.unit['hn-cs-zjj']);
  // 住建局 keeps M1, M2, M3, M5, M7. Replied M1, M2, M7 (M7 once more after its redo: still one). Closed M1, M2 (M7 reopened).
  // 按时办结率: M1 and M7 answered by their deadline, M2 late; M3 and M5 unanswered and past their deadline count as late
  // (the real clock is after October): 2 / (3 + 2). This used to read 2/3, leaving overdue unanswered work out.
  // 及时签收率: M1, M7 signed the same day; M2 two days late; M3, M5 never signed and past due: 2/5.
  // 响应率: every first response (the final replies) came after the 5 working hours: 0/5. Ratings: M1 5, M2 1.67, M7 1
  // (its redo was answered but not rated again: the latest rating still counts): satisfied 1/3, solved (解决程度 ≥ 4) 1/3.
  expect(zjj).toEqual({
    key: w.unit['hn-cs-zjj'],
    label: '长沙市住房和城乡建设局',
    assigned: 5,
    replied: 3,
    overdueOpen: 2,
    received: 5,
    responsesGiven: 4,
    averageSatisfaction: 2.56,
    replyRate: r(3, 5),
    closeRate: r(2, 5),
    onTimeRate: r(2, 5),
    timelySignRate: r(2, 5),
    responseRate: r(0, 5),
    returnRate: r(0, 5),
    reopenRate: r(1, 3),
    satisfactionRate: r(1, 3),
    resolutionRate: r(1, 3),
  });
  const jtjRow = rows.find((x: any) => x.key === w.unit['hn-cs-jtj']);
  // 交通运输局 returned M4 (approved): it leaves the unit's cohort (nothing to answer, no rate over it) and counts
  // only in 回退率 = 1 return / 1 assignment received. Rates over zero items are null, not 0.
  expect(jtjRow).toMatchObject({
    assigned: 0,
    replied: 0,
    replyRate: { numerator: 0, denominator: 0, value: null },
    onTimeRate: { numerator: 0, denominator: 0, value: null },
    returnRate: r(1, 1),
    satisfactionRate: { value: null },
    averageSatisfaction: null,
  });
  // The returned message and the direct answer have no lead unit: received counts them under "none",
  // and the platform's own reply is a response given by no unit.
  expect(rows.find((x: any) => x.key === 'none')).toMatchObject({ assigned: 0, received: 2, responsesGiven: 1 });
});

test('the Shanghai month boundary: 23:30 on 30 September is September, 00:30 on 1 October is October', async () => {
  const oct = (await ok(s.gql(STATS, { p: { from: '2026-10-01', to: '2026-10-31' }, g: 'UNIT' }, w.t.dispatcher))).statistics;
  expect(oct.map((x: any) => [x.key, x.assigned])).toEqual([[w.unit['hn-cs-zjj'], 1]]);
  const lastDay = (await ok(s.gql(STATS, { p: { from: '2026-09-30', to: '2026-09-30' }, g: 'UNIT' }, w.t.dispatcher))).statistics;
  expect(lastDay.map((x: any) => [x.key, x.assigned])).toEqual([[w.unit['hn-cs-zjj'], 1]]);
});

test('grouping by type and by channel', async () => {
  const byType = (await ok(s.gql(STATS, { p: { from: '2026-09-01', to: '2026-09-30' }, g: 'TYPE' }, w.t.dispatcher))).statistics;
  // Complaints M1, M7 (M4 was returned and waits: it is in no cohort); consultations M2, M3, M5.
  expect(Object.fromEntries(byType.map((x: any) => [x.key, [x.label, x.assigned, x.replied, x.returnRate.numerator, x.returnRate.denominator]]))).toEqual({
    COMPLAIN: ['投诉', 2, 2, 1, 3],
    CONSULT: ['咨询', 3, 1, 0, 3],
  });
  const byChannel = (await ok(s.gql(STATS, { p: { from: '2026-09-01', to: '2026-09-30' }, g: 'CHANNEL' }, w.t.dispatcher))).statistics;
  expect(byChannel.map((x: any) => [x.key, x.assigned, x.received])).toEqual([['WEB', 5, 7]]);
});

test('unit roles see their subtree only; bad periods are BAD_USER_INPUT', async () => {
  const mine = (await ok(s.gql(STATS, { p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT' }, w.t.handler))).statistics;
  expect(mine.map((x: any) => x.key)).toEqual([w.unit['hn-cs-zjj']]);
  expect(codeOf(await s.gql(STATS, { p: { from: '2026-09-30', to: '2026-09-01' } }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(STATS, { p: { from: 'yesterday', to: '2026-09-01' } }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(STATS, { p: { from: '2026-09-01', to: '2026-09-30' } }))).toBe('UNAUTHENTICATED');
});

test('ranking: weighted composite of 响应率, 解决率, 满意率, minimum sample listed as insufficient, rank change against the previous period', async () => {
  const RANK = `query($p: PeriodInput!, $min: Int, $w: RankingWeightsInput) { unitRanking(period: $p, minimumSample: $min, weights: $w) { key sample score rank previousRank rankChange insufficientData
    responseRate { numerator denominator } resolutionRate { numerator denominator } satisfactionRate { numerator denominator } } }`;
  const sept = (await ok(s.gql(RANK, { p: { from: '2026-09-01', to: '2026-09-30' }, min: 2 }, w.t.dispatcher))).unitRanking;
  // 长沙市住建局: 30 × 0/5 + 35 × 1/3 + 35 × 1/3 = 23.33 out of 100; 交通运输局 kept no assignment (it returned M4): 0 < 2.
  expect(sept).toEqual([
    {
      key: w.unit['hn-cs-zjj'],
      sample: 5,
      score: 23.33,
      rank: 1,
      previousRank: null,
      rankChange: null,
      insufficientData: false,
      responseRate: { numerator: 0, denominator: 5 },
      resolutionRate: { numerator: 1, denominator: 3 },
      satisfactionRate: { numerator: 1, denominator: 3 },
    },
    {
      key: w.unit['hn-cs-jtj'],
      sample: 0,
      score: null,
      rank: null,
      previousRank: null,
      rankChange: null,
      insufficientData: true,
      responseRate: { numerator: 0, denominator: 0 },
      resolutionRate: { numerator: 0, denominator: 0 },
      satisfactionRate: { numerator: 0, denominator: 0 },
    },
  ]);
  // With a minimum of 1, 交通运输局 is still listed, not ranked: a unit is ranked on work it kept.
  const all = (await ok(s.gql(RANK, { p: { from: '2026-09-01', to: '2026-09-30' }, min: 1 }, w.t.dispatcher))).unitRanking;
  expect(all.map((x: any) => [x.key, x.score, x.rank, x.insufficientData])).toEqual([
    [w.unit['hn-cs-zjj'], 23.33, 1, false],
    [w.unit['hn-cs-jtj'], null, null, true],
  ]);
  // October compared with September (same length is 31 days back: 31 Aug - 30 Sep): 住建局 was 1st, is 1st.
  const oct = (await ok(s.gql(RANK, { p: { from: '2026-10-01', to: '2026-10-31' }, min: 1 }, w.t.dispatcher))).unitRanking;
  expect(oct[0]).toMatchObject({ key: w.unit['hn-cs-zjj'], rank: 1, previousRank: 1, rankChange: 0 });
  // Only satisfaction counts when the other weights are 0: 100 × 1/3.
  const satisfactionOnly = (
    await ok(s.gql(RANK, { p: { from: '2026-09-01', to: '2026-09-30' }, min: 1, w: { response: 0, resolution: 0, satisfaction: 100 } }, w.t.dispatcher))
  ).unitRanking;
  expect(satisfactionOnly[0]).toMatchObject({ key: w.unit['hn-cs-zjj'], score: 33.33 });
  expect(codeOf(await s.gql(RANK, { p: { from: '2026-09-01', to: '2026-09-30' }, w: { response: 0, resolution: 0, satisfaction: 0 } }, w.t.dispatcher))).toBe(
    'BAD_USER_INPUT',
  );
});

test('the CSV export (UTF-8 with BOM) gives the same numbers as the query, and is authorised like it', async () => {
  const { parse } = await import('csv-parse/sync');
  const url = `${s.url}/export/statistics.csv?from=2026-09-01&to=2026-09-30&groupBy=UNIT`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${w.t.dispatcher}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/csv/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Array<Record<string, string>>;
  const rows = (await ok(s.gql(STATS, { p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT' }, w.t.dispatcher))).statistics;
  expect(records).toHaveLength(rows.length);
  for (const row of rows) {
    const rec = records.find((x) => x.key === row.key)!;
    expect(rec.label).toBe(row.label);
    for (const k of ['assigned', 'replied', 'overdueOpen', 'received', 'responsesGiven']) expect(Number(rec[k])).toBe(row[k]);
    // every rate the query asks for (STATS): its numerator, denominator and value columns
    const rates = Object.keys(row).filter((k) => k.endsWith('Rate'));
    expect(rates).toHaveLength(9);
    for (const k of rates) {
      expect([Number(rec[`${k}.numerator`]), Number(rec[`${k}.denominator`]), rec[`${k}.value`] === '' ? null : Number(rec[`${k}.value`])]).toEqual([
        row[k].numerator,
        row[k].denominator,
        row[k].value,
      ]);
    }
  }
  expect((await fetch(url)).status).toBe(401);
  const mine = parse(await (await fetch(url, { headers: { authorization: `Bearer ${w.t.handler}` } })).text(), { columns: true, bom: true }) as Array<
    Record<string, string>
  >;
  expect(mine.map((x) => x.key)).toEqual([w.unit['hn-cs-zjj']]);
  // lang=zh: the same rows under Chinese column names, for a person opening the file.
  const zh = parse(await (await fetch(`${url}&lang=zh`, { headers: { authorization: `Bearer ${w.t.dispatcher}` } })).text(), {
    columns: true,
    bom: true,
  }) as Array<Record<string, string>>;
  expect(Object.keys(zh[0]).slice(0, 6)).toEqual(['键', '名称', '时段', '含下级', '交办量', '答复量']);
  expect(Object.keys(zh[0]).filter((k) => /[A-Za-z]/.test(k))).toEqual([]);
  for (const row of rows) expect(Number(zh.find((x) => x['键'] === row.key)!['答复量'])).toBe(row.replied);
  // each rate's numerator and denominator columns say what they count
  expect(Object.keys(zh[0])).toEqual(
    expect.arrayContaining([
      '回复率分子：已答复（答复至少发布过一次）',
      '回退率分母：本期收到的主办交办（含后来改派、退回的）',
      '满意率分母：已评价（每件只计最新一次评价）',
    ]),
  );
  for (const row of rows) expect(Number(zh.find((x) => x['键'] === row.key)!['按时办结率分母：已答复及未答复已到期'])).toBe(row.onTimeRate.denominator);
});

const SERIES = `query($p: PeriodInput!, $g: StatisticsGroupBy, $b: StatisticsBucket, $sub: Boolean, $f: StatisticsFilterInput) {
  statistics(period: $p, groupBy: $g, bucket: $b, includeSubtree: $sub, filter: $f) { key label bucket includesSubtree assigned replied received responsesGiven
    averageFirstResponseWorkingHours firstResponses averageHandlingWorkingDays directAnswerRate { numerator denominator value } replyRate { numerator denominator value }
    returnRate { numerator denominator value } } }`;
const series = async (vars: Record<string, unknown>, token = w.t.dispatcher) => (await ok(s.gql(SERIES, vars, token))).statistics as any[];

test('buckets: months, weeks starting on Monday and days, all in Asia/Shanghai', async () => {
  const months = await series({ p: { from: '2026-09-01', to: '2026-10-31' }, g: 'ALL', b: 'MONTH' });
  // September: M1, M2, M3, M5, M7 (M4 was returned: in no cohort); October: M6.
  expect(months.map((x) => [x.bucket, x.key, x.label, x.assigned])).toEqual([
    ['2026-09-01', 'all', '合计', 5],
    ['2026-10-01', 'all', '合计', 1],
  ]);
  // 1 September 2026 is a Tuesday: its week is named by Monday 31 August.
  const weeks = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'ALL', b: 'WEEK' });
  expect(weeks.filter((x) => x.assigned).map((x) => [x.bucket, x.assigned])).toEqual([
    ['2026-08-31', 2],
    ['2026-09-07', 2],
    ['2026-09-28', 1],
  ]);
  // The 23:30 assignment of 30 September falls on the 30th (it is 15:30 UTC).
  const days = await series({ p: { from: '2026-09-29', to: '2026-10-01' }, g: 'UNIT', b: 'DAY' });
  expect(days.filter((x) => x.assigned).map((x) => [x.bucket, x.key, x.assigned])).toEqual([
    ['2026-09-30', w.unit['hn-cs-zjj'], 1],
    ['2026-10-01', w.unit['hn-cs-zjj'], 1],
  ]);
  // The buckets add up to the unbucketed figure.
  const whole = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'ALL' });
  expect(weeks.reduce((a, x) => a + x.received, 0)).toBe(whole[0].received);
  expect(whole[0].bucket).toBeNull();
});

test('average first-response working hours and handling working days come from the working calendar', async () => {
  const [zjj] = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT', f: { unitId: w.unit['hn-cs-zjj'] } });
  // M1: Tue 1 Sep 10:00 → Thu 3 Sep 10:00 = 6 + 7 + 1 = 14 working hours, 2 working days.
  // M2: Wed 2 Sep 10:00 → Tue 15 Sep 10:00 = 6 + 8 × 7 + 1 = 63 working hours, 9 working days.
  // M7: Fri 11 Sep 10:00 → first reply Mon 14 Sep 10:00 = 6 + 1 = 7 working hours; after the redo, published
  //     Fri 18 Sep 10:00 = 5 working days. M3 and M5 have no response.
  // Handling time runs to the first published reply (a redo never rewrites it): M7 = Fri → Mon = 1 working day, so
  // (2 + 9 + 1) / 3 = 4 (it used to run to the redo's reply: (2 + 9 + 5) / 3 = 5.33).
  expect(zjj).toMatchObject({ firstResponses: 3, averageFirstResponseWorkingHours: 28, averageHandlingWorkingDays: 4 });
});

test('includeSubtree adds every unit below into its ancestors; a unit role only sees its own subtree', async () => {
  const rows = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT', sub: true });
  const by = Object.fromEntries(rows.map((x) => [x.key, x]));
  expect(by[w.unit['hn-cs-zjj']]).toMatchObject({ assigned: 5, replied: 3, includesSubtree: true });
  expect(by[w.unit['hn-cs-jtj']]).toMatchObject({ assigned: 0, replied: 0, returnRate: r(1, 1) });
  // 长沙市 (hn-cs) has no assignment of its own: its row is the sum of its departments, rates included.
  expect(by[w.unit['hn-cs']]).toMatchObject({ assigned: 5, replied: 3, replyRate: r(3, 5), returnRate: r(1, 6) });
  expect(by[w.unit.hn]).toMatchObject({ assigned: 5, replied: 3 });
  const mine = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT', sub: true }, w.t.handler);
  expect(mine.map((x) => x.key)).toEqual([w.unit['hn-cs-zjj']]);
  expect(codeOf(await s.gql(SERIES, { p: { from: '2026-09-01', to: '2026-09-30' }, g: 'TYPE', sub: true }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
});

test('filters: type, unit subtree, channel; unknown ids are BAD_USER_INPUT', async () => {
  const complaints = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT', f: { types: ['COMPLAIN'] } });
  expect(complaints.filter((x) => x.key !== 'none').map((x) => [x.key, x.assigned, x.replied, x.returnRate.numerator])).toEqual([
    [w.unit['hn-cs-zjj'], 2, 2, 0],
    [w.unit['hn-cs-jtj'], 0, 0, 1],
  ]);
  const underJtj = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'TYPE', f: { unitId: w.unit['hn-cs-jtj'] } });
  expect(underJtj.map((x) => [x.key, x.assigned, x.returnRate.numerator, x.returnRate.denominator])).toEqual([['COMPLAIN', 0, 1, 1]]);
  expect(await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT', f: { channels: ['WECHAT'] } })).toEqual([]);
  expect(codeOf(await s.gql(SERIES, { p: { from: '2026-09-01', to: '2026-09-30' }, f: { unitId: '999999' } }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
});

test('直办率: the platform answered 1 of the 7 messages it disposed of in September', async () => {
  const [all] = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'ALL' });
  // Assigned in September: M1, M2, M3, M4 (later returned), M5, M7; answered directly: M8.
  expect(all.directAnswerRate).toEqual(r(1, 7));
  // Received: M1-M5, M7, M8 (M6 came on 1 October); responses: M1, M2, M7 twice, M8.
  expect(all).toMatchObject({ received: 7, responsesGiven: 5 });
  const [consult] = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'TYPE', f: { types: ['CONSULT'] } });
  expect(consult.directAnswerRate).toEqual(r(1, 4));
});

test('ranking settings are stored by admins and used by default, the satisfied and solved thresholds in every statistic', async () => {
  const SETTINGS = `{ rankingSettings { weights { response resolution satisfaction } minimumSample satisfactionThreshold resolutionThreshold updatedAt } }`;
  expect((await ok(s.gql(SETTINGS, {}, w.t.dispatcher))).rankingSettings).toEqual({
    weights: { response: 30, resolution: 35, satisfaction: 35 },
    minimumSample: 5,
    satisfactionThreshold: 3,
    resolutionThreshold: 4,
    updatedAt: null,
  });
  const UPDATE = `mutation($i: RankingSettingsInput!) { updateRankingSettings(input: $i) { weights { response } minimumSample satisfactionThreshold resolutionThreshold updatedAt } }`;
  const input = (extra: Record<string, unknown>) => ({ i: { response: 0, resolution: 0, satisfaction: 100, minimumSample: 1, ...extra } });
  expect(codeOf(await s.gql(UPDATE, input({}), w.t.dispatcher))).toBe('FORBIDDEN');
  expect(codeOf(await s.gql(UPDATE, input({ satisfaction: 0 }), w.t.admin))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(UPDATE, input({ satisfaction: 101 }), w.t.admin))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(UPDATE, input({ satisfactionThreshold: 6 }), w.t.admin))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(UPDATE, input({ resolutionThreshold: 0 }), w.t.admin))).toBe('BAD_USER_INPUT');
  // satisfied above 1.5 instead of 3 (M2's 1.67 becomes satisfied), solved from 解决程度 1 (every rating)
  const saved = (await ok(s.gql(UPDATE, input({ satisfactionThreshold: 1.5, resolutionThreshold: 1 }), w.t.admin))).updateRankingSettings;
  expect(saved).toMatchObject({ weights: { response: 0 }, minimumSample: 1, satisfactionThreshold: 1.5, resolutionThreshold: 1 });
  expect(saved.updatedAt).not.toBeNull();
  try {
    const ranking = (
      await ok(
        s.gql(
          `query($p: PeriodInput!) { unitRanking(period: $p) { key score rank insufficientData } }`,
          { p: { from: '2026-09-01', to: '2026-09-30' } },
          w.t.dispatcher,
        ),
      )
    ).unitRanking;
    // satisfaction only, minimum 1: 住建局 2/3 = 66.67; 交通运输局 kept nothing.
    expect(ranking).toEqual([
      { key: w.unit['hn-cs-zjj'], score: 66.67, rank: 1, insufficientData: false },
      { key: w.unit['hn-cs-jtj'], score: null, rank: null, insufficientData: true },
    ]);
    const [zjj] = (await ok(s.gql(STATS, { p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT' }, w.t.dispatcher))).statistics;
    expect([zjj.satisfactionRate, zjj.resolutionRate]).toEqual([r(2, 3), r(3, 3)]);
    // omitted thresholds stay as they are
    expect((await ok(s.gql(UPDATE, input({}), w.t.admin))).updateRankingSettings).toMatchObject({ satisfactionThreshold: 1.5, resolutionThreshold: 1 });
  } finally {
    await ok(
      s.gql(UPDATE, { i: { response: 30, resolution: 35, satisfaction: 35, minimumSample: 5, satisfactionThreshold: 3, resolutionThreshold: 4 } }, w.t.admin),
    );
  }
});

test('the CSV export takes the same buckets and filters as the query', async () => {
  const { parse } = await import('csv-parse/sync');
  const res = await fetch(`${s.url}/export/statistics.csv?from=2026-09-01&to=2026-10-31&groupBy=ALL&bucket=MONTH&types=CONSULT,COMPLAIN`, {
    headers: { authorization: `Bearer ${w.t.dispatcher}` },
  });
  expect(res.status).toBe(200);
  const records = parse(await res.text(), { columns: true, bom: true }) as Array<Record<string, string>>;
  const rows = await series({ p: { from: '2026-09-01', to: '2026-10-31' }, g: 'ALL', b: 'MONTH', f: { types: ['CONSULT', 'COMPLAIN'] } });
  expect(
    records.map((x) => [
      x.bucket,
      Number(x.assigned),
      Number(x.received),
      x.averageHandlingWorkingDays === '' ? null : Number(x.averageHandlingWorkingDays),
      Number(x['directAnswerRate.numerator']),
    ]),
  ).toEqual(rows.map((x) => [x.bucket, x.assigned, x.received, x.averageHandlingWorkingDays, x.directAnswerRate.numerator]));
  expect(
    (await fetch(`${s.url}/export/statistics.csv?from=2026-09-01&to=2026-10-31&bucket=YEAR`, { headers: { authorization: `Bearer ${w.t.dispatcher}` } }))
      .status,
  ).toBe(400);
});

test('the dashboard, as of 23:45 on 30 September: intake, open work, trend, satisfaction, top units, hot topics', async () => {
  const DASH = `{ dashboard(days: 30) { days today { received responsesGiven closed } thisMonth { received responsesGiven closed } awaitingScreening open overdue dueSoon
    trend { day received assigned responsesGiven } satisfaction { band label count } topUnits { key rank } hotCategories { key label count } hotKeywords { label count } } }`;
  s.app.services.workflow.now = () => at('2026-09-30T23:45:00');
  let d: any;
  try {
    d = (await ok(s.gql(DASH, {}, w.t.dispatcher))).dashboard;
  } finally {
    s.app.services.workflow.now = () => new Date();
  }
  // Today: M5 arrived at 23:00. September: M1-M5, M7, M8; replies M1, M2, M7 twice, M8; closed M1 and M2 (M7 was reopened).
  expect(d.today).toEqual({ received: 1, responsesGiven: 0, closed: 0 });
  expect(d.thisMonth).toEqual({ received: 7, responsesGiven: 5, closed: 2 });
  // Open: M3 (overdue since mid-September) and M5 (assigned 23:30); M6 comes after "now".
  expect([d.awaitingScreening, d.open, d.overdue, d.dueSoon]).toEqual([0, 2, 1, 0]);
  expect(d.trend).toHaveLength(30);
  expect(d.trend[0].day).toBe('2026-09-01');
  expect(d.trend[29]).toEqual({ day: '2026-09-30', received: 1, assigned: 1, responsesGiven: 0 });
  expect(d.trend.reduce((a: number, p: any) => a + p.received, 0)).toBe(7);
  // Ratings: M1 5/5/5 (非常满意), M2 1/2/2 = 1.67 (不满意), M7 1/1/1 (非常不满意).
  expect(d.satisfaction.map((x: any) => [x.band, x.count])).toEqual([
    ['VERY_SATISFIED', 1],
    ['SATISFIED', 0],
    ['BASICALLY_SATISFIED', 0],
    ['DISSATISFIED', 1],
    ['VERY_DISSATISFIED', 1],
  ]);
  expect(d.satisfaction[0].label).toBe('非常满意');
  // Ranked with the default minimum sample of 5: only 住建局.
  expect(d.topUnits).toEqual([{ key: w.unit['hn-cs-zjj'], rank: 1 }]);
  expect(d.hotCategories).toEqual([{ key: category.id, label: category.name, count: 2 }]);
  // Every message of the month shares the words of its text: 统计 and 测试 come up in all 7.
  expect(d.hotKeywords.slice(0, 2).map((k: any) => k.count)).toEqual([7, 7]);
  expect(d.hotKeywords.map((k: any) => k.label)).toEqual(expect.arrayContaining(['统计', '测试']));
  expect(d.hotKeywords.map((k: any) => k.label)).not.toContain('内容足够长');
  expect(codeOf(await s.gql(`{ dashboard(days: 0) { days } }`, {}, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  // A unit handler's dashboard covers its own unit only.
  s.app.services.workflow.now = () => at('2026-09-30T23:45:00');
  try {
    const mine = (await ok(s.gql(DASH, {}, w.t.handler))).dashboard;
    expect([mine.awaitingScreening, mine.open, mine.thisMonth.received]).toEqual([0, 2, 5]);
  } finally {
    s.app.services.workflow.now = () => new Date();
  }
});

test('hot keywords: Chinese text segmented into words, each text counting a word once, common words left out', async () => {
  const { topKeywords } = await import('../src/modules/statistics/dashboard.service');
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  const top = topKeywords(seg, ['小区停车难，停车位太少', '关于小区停车的问题', '学校门口停车', '垃圾分类问题'], 3);
  expect(top).toEqual([{ key: '停车', label: '停车', count: 3 }, { key: '小区', label: '小区', count: 2 }, expect.objectContaining({ count: 1 })]);
  expect(top.map((t) => t.label)).not.toContain('问题');
});

const REPORT_FIELDS = `regionUnitId regionName month summary total { key assigned replied received responsesGiven replyRate { numerator denominator value } closeRate { numerator denominator } }
  previousMonth { assigned received } topUnitsByCloseRate { key label assigned closeRate { numerator denominator } } mostResponsiveUnits { key responsesGiven } topCategories { key label assigned }`;

test('the monthly report of a region (月度通报): totals, the month before, top units and categories, a summary sentence', async () => {
  const rep = (
    await ok(
      s.gql(
        `query($u: ID!, $m: String!) { monthlyReport(regionUnitId: $u, month: $m) { ${REPORT_FIELDS} } }`,
        { u: w.unit['hn-cs'], m: '2026-09' },
        w.t.dispatcher,
      ),
    )
  ).monthlyReport;
  // Under 长沙市: 住建局 keeps 5, 交通运输局 returned its one (M4 waits, in no cohort); received = messages led by its units
  // (M4 was returned, M8 answered by the platform).
  expect(rep.total).toEqual({
    key: 'all',
    assigned: 5,
    replied: 3,
    received: 5,
    responsesGiven: 4,
    replyRate: r(3, 5),
    closeRate: { numerator: 2, denominator: 5 },
  });
  expect(rep.previousMonth).toEqual({ assigned: 0, received: 0 });
  expect(rep.topUnitsByCloseRate).toEqual([
    { key: w.unit['hn-cs-zjj'], label: '长沙市住房和城乡建设局', assigned: 5, closeRate: { numerator: 2, denominator: 5 } },
  ]);
  expect(rep.mostResponsiveUnits).toEqual([{ key: w.unit['hn-cs-zjj'], responsesGiven: 4 }]);
  expect(rep.topCategories).toEqual([{ key: category.id, label: category.name, assigned: 2 }]);
  expect(rep.summary).toContain('2026年9月');
  expect(rep.summary).toContain('回复率60.0%');
  expect(rep.summary).toContain('长沙市住房和城乡建设局（40.0%）');
  // A unit handler may see its own unit's report, not its parent's.
  expect(codeOf(await s.gql(`query($u: ID!) { monthlyReport(regionUnitId: $u, month: "2026-09") { month } }`, { u: w.unit['hn-cs'] }, w.t.handler))).toBe(
    'FORBIDDEN',
  );
  expect(
    (await ok(s.gql(`query($u: ID!) { monthlyReport(regionUnitId: $u, month: "2026-09") { total { assigned } } }`, { u: w.unit['hn-cs-zjj'] }, w.t.handler)))
      .monthlyReport.total.assigned,
  ).toBe(5);
  expect(codeOf(await s.gql(`query($u: ID!) { monthlyReport(regionUnitId: $u, month: "2026-13") { month } }`, { u: w.unit['hn-cs'] }, w.t.dispatcher))).toBe(
    'BAD_USER_INPUT',
  );
});

test('public statistics and the monthly report for API clients with stats:read give the staff numbers', async () => {
  const statsKey = (await newApiKey(s, w.t.admin, { name: '统计开放', owner: '测试', scopes: ['STATS_READ'] })).key;
  const readKey = (await newApiKey(s, w.t.admin, { name: '只读', owner: '测试', scopes: ['PUBLIC_READ'] })).key;
  const pub = (query: string, variables: Record<string, unknown>, key: string) => s.gql(query, variables, null, { 'x-api-key': key });
  const Q = `query($p: PeriodInput!) { publicStatistics(period: $p, groupBy: UNIT, includeSubtree: true) { key label received assigned replied responsesGiven replyRate { numerator denominator value } satisfactionRate { numerator denominator value } } }`;
  const rows = (await ok(pub(Q, { p: { from: '2026-09-01', to: '2026-09-30' } }, statsKey))).publicStatistics;
  const staff = await series({ p: { from: '2026-09-01', to: '2026-09-30' }, g: 'UNIT', sub: true });
  expect(rows.map((x: any) => [x.key, x.assigned, x.replied, x.received])).toEqual(staff.map((x) => [x.key, x.assigned, x.replied, x.received]));
  expect(rows.find((x: any) => x.key === w.unit['hn-cs'])).toMatchObject({ assigned: 5, replyRate: r(3, 5) });
  expect(codeOf(await pub(Q, { p: { from: '2026-09-01', to: '2026-09-30' } }, readKey))).toBe('FORBIDDEN');
  const rep = (
    await ok(pub(`query($u: ID!) { publicMonthlyReport(regionUnitId: $u, month: "2026-09") { total { assigned } summary } }`, { u: w.unit['hn-cs'] }, statsKey))
  ).publicMonthlyReport;
  expect(rep.total.assigned).toBe(5);
});
