/**
 * Pages of statistics rows (statisticsPage): sorted by a figure or the name, paged by first/offset with the number of
 * rows in all; every page together is exactly the unpaged statistics query, and a page is at most 200 rows. The CSV
 * export still has every row. docs/statistics.md (Pages).
 */
import { SortDirection } from '../src/graphql/connection';
import { emptySums, sortGroups, type StatisticsGroup } from '../src/modules/statistics/statistics.service';
import { StatisticsSortField } from '../src/modules/statistics/statistics.types';
import { codeOf } from './helpers';
import { ok, worldPerFile } from './workflow-helpers';

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const period = { from: `${today.slice(0, 7)}-01`, to: today };

const ROW = `key label bucket assigned replied received replyRate { numerator denominator value } responseRate { numerator denominator value }`;
const PAGE = `query($p: PeriodInput!, $sort: StatisticsSortInput, $first: Int, $offset: Int) {
  statisticsPage(period: $p, groupBy: UNIT, sort: $sort, first: $first, offset: $offset) { total rows { ${ROW} } } }`;
const ALL = `query($p: PeriodInput!) { statistics(period: $p, groupBy: UNIT) { ${ROW} } }`;

async function message(n: number): Promise<string> {
  const r = await ok(
    s.gql(
      `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`,
      { i: { channel: 'WEB', type: 'CONSULT', title: `分页统计测试${n}`, content: '用于统计分页测试的留言内容，内容足够长。' } },
      w.t.dispatcher,
    ),
  );
  return r.createMessage.message.id;
}
const assign = (id: string, unit: string) =>
  ok(
    s.gql(
      `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`,
      { i: { messageId: id, leadUnitId: w.unit[unit] } },
      w.t.dispatcher,
    ),
  );
const page = async (variables: Record<string, unknown>) => (await ok(s.gql(PAGE, { p: period, ...variables }, w.t.dispatcher))).statisticsPage;

const { s, w } = worldPerFile({}, { timeout: 120_000 });
beforeAll(async () => {
  // this month: 住建局 3, 交通运输局 2, 城管局 2 (a tie with 交通运输局), 生态环境局 1, 岳麓区 1; one message left unassigned
  // (the "none" row: received 1, assigned 0, so its rates are over zero items)
  let n = 0;
  for (const [unit, count] of [
    ['hn-cs-zjj', 3],
    ['hn-cs-jtj', 2],
    ['hn-cs-cgj', 2],
    ['hn-cs-sthj', 1],
    ['hn-cs-ylq', 1],
  ] as const)
    for (let i = 0; i < count; i++) await assign(await message(n++), unit);
  await message(n++);
}, 120_000);

test('the pages of every sort together are the unpaged rows, in the order asked for, with the total', async () => {
  const all = (await ok(s.gql(ALL, { p: period }, w.t.dispatcher))).statistics as Array<Record<string, any>>;
  expect(all.length).toBeGreaterThanOrEqual(6);
  const byKey = (rows: Array<{ key: string }>) => [...rows].sort((x, y) => x.key.localeCompare(y.key));
  for (const sort of [
    undefined,
    { field: 'ASSIGNED', direction: 'ASC' },
    { field: 'LABEL', direction: 'ASC' },
    { field: 'LABEL', direction: 'DESC' },
    { field: 'REPLY_RATE', direction: 'DESC' },
    { field: 'REPLY_RATE', direction: 'ASC' },
    { field: 'RECEIVED', direction: 'DESC' },
  ]) {
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      const p = await page({ sort, first: 2, offset });
      expect(p.total).toBe(all.length);
      expect(p.rows.length).toBe(Math.min(2, all.length - offset));
      pages.push(...p.rows);
    }
    // the same rows, each once, with the same figures
    expect(byKey(pages)).toEqual(byKey(all));
    // and in one page, the same order as page by page
    expect((await page({ sort, first: 200 })).rows).toEqual(pages);
    const keys = pages.map((r) => r.key);
    if (!sort) {
      // default: most assigned first, ties by key; that is the unpaged query's own order
      expect(pages.map((r) => r.key)).toEqual(all.map((r) => r.key));
      expect(pages[0]).toMatchObject({ key: w.unit['hn-cs-zjj'], assigned: 3 });
    } else if (sort.field === 'ASSIGNED') {
      expect(pages.map((r) => r.assigned)).toEqual([...pages.map((r) => r.assigned)].sort((a, b) => a - b));
      const tied = [w.unit['hn-cs-jtj'], w.unit['hn-cs-cgj']].sort((a, b) => a.localeCompare(b));
      expect(keys.filter((k) => tied.includes(k))).toEqual(tied);
    } else if (sort.field === 'LABEL') {
      const names = pages.map((r) => r.label);
      const collated = [...names].sort(new Intl.Collator('zh-Hans-CN').compare);
      expect(names).toEqual(sort.direction === 'ASC' ? collated : collated.reverse());
    } else if (sort.field === 'REPLY_RATE') {
      // the "none" row has no assignment: its 回复率 is over zero items and comes last in either direction
      expect(pages[pages.length - 1]).toMatchObject({ key: 'none', assigned: 0, replyRate: { value: null } });
    } else if (sort.field === 'RECEIVED') {
      expect(pages.map((r) => r.received)).toEqual([...pages.map((r) => r.received)].sort((a, b) => b - a));
    }
  }
});

test('a page is 1 to 200 rows; an offset past the end is an empty page with the total', async () => {
  expect(codeOf(await s.gql(PAGE, { p: period, first: 201 }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(PAGE, { p: period, first: 0 }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  expect(codeOf(await s.gql(PAGE, { p: period, offset: -1 }, w.t.dispatcher))).toBe('BAD_USER_INPUT');
  const total = (await page({ first: 1 })).total;
  expect(await page({ first: 200, offset: total })).toEqual({ total, rows: [] });
  // without first: 50 rows at most (here all of them)
  expect((await page({})).rows.length).toBe(Math.min(50, total));
});

test('the CSV export still has every row, whatever the page size', async () => {
  const res = await fetch(`${s.app.url}/export/statistics.csv?from=${period.from}&to=${period.to}&groupBy=UNIT`, {
    headers: { authorization: `Bearer ${w.t.dispatcher}` },
  });
  expect(res.status).toBe(200);
  const lines = (await res.text()).trim().split('\n');
  const all = (await ok(s.gql(ALL, { p: period }, w.t.dispatcher))).statistics as Array<{ key: string }>;
  expect(lines.length - 1).toBe(all.length);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(all.map((r) => r.key));
});

test('rates sort by their value, empty rates last either way, ties by key then bucket', () => {
  const g = (key: string, bucket: string | null, responded: number, assigned: number): StatisticsGroup => ({
    key,
    label: key,
    bucket,
    sums: { ...emptySums(), responded, assigned },
  });
  const groups = [g('3', null, 1, 4), g('1', null, 0, 0), g('2', '2026-10-01', 1, 2), g('2', '2026-09-01', 2, 4), g('4', null, 3, 4)];
  const keysOf = (d: SortDirection) => sortGroups(groups, StatisticsSortField.RESPONSE_RATE, d).map((x) => `${x.key}${x.bucket ?? ''}`);
  expect(keysOf(SortDirection.DESC)).toEqual(['4', '22026-09-01', '22026-10-01', '3', '1']);
  expect(keysOf(SortDirection.ASC)).toEqual(['3', '22026-09-01', '22026-10-01', '4', '1']);
});

test('pages of one query share one computation for 30 s of the clock (asOf), then see new work', async () => {
  const clock = s.app.services.workflow;
  const real = clock.now;
  const t0 = new Date(Date.now() + 60_000); // after any computation the tests above made
  try {
    clock.now = () => t0;
    const first = await page({ first: 1 });
    const asOf = (await ok(s.gql(`query($p: PeriodInput!) { statisticsPage(period: $p, first: 1) { asOf } }`, { p: period }, w.t.dispatcher))).statisticsPage
      .asOf;
    expect(asOf).toBe(t0.toISOString());
    // new work within the 30 s: the pages still show the computation of t0 (and say so)
    await assign(await message(100), 'hn-cs-zjj');
    clock.now = () => new Date(t0.getTime() + 29_000);
    expect((await page({ first: 1 })).rows[0]).toEqual(first.rows[0]);
    // 30 s later: computed again, with the new assignment
    clock.now = () => new Date(t0.getTime() + 30_000);
    expect((await page({ first: 1 })).rows[0]).toMatchObject({ key: w.unit['hn-cs-zjj'], assigned: first.rows[0].assigned + 1 });
    // the unpaged query is never stale
    const all = (await ok(s.gql(ALL, { p: period }, w.t.dispatcher))).statistics as Array<{ key: string; assigned: number }>;
    expect(all.find((r) => r.key === w.unit['hn-cs-zjj'])!.assigned).toBe(first.rows[0].assigned + 1);
  } finally {
    clock.now = real;
  }
});
