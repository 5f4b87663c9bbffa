/**
 * A list's total is counted up to a cap (LIST_TOTAL_CAP, default 10,000; docs/search.md): beyond it the connection says
 * `totalIsCapped` and gives the cap (the console shows "10,000+"), so that no page counts a million rows; under it the
 * total is exact. Here the cap is 20 over 30 demo messages.
 */
import { loadConfig } from '../src/config/config';
import { serverPerFile, testEnv } from './helpers';

let dispatcher: string;
const s = serverPerFile({ DEMO_MESSAGES: '30', LIST_TOTAL_CAP: '20' }, { timeout: 120_000 });
beforeAll(async () => {
  dispatcher = await s.login('dispatcher');
}, 120_000);

const LIST = `query($f: MessageFilter, $first: Int, $offset: Int) {
  messages(filter: $f, first: $first, offset: $offset) { totalCount totalIsCapped pageInfo { hasNextPage } nodes { id type } } }`;
const list = async (vars: Record<string, unknown>) => {
  const r = await s.gql(LIST, vars, dispatcher);
  expect(r.errors).toBeUndefined();
  return r.data.messages as { totalCount: number; totalIsCapped: boolean; pageInfo: { hasNextPage: boolean }; nodes: Array<{ id: string; type: string }> };
};

test('more messages than the cap: the total is the cap, flagged as capped; a page beyond the cap counts to its own end', async () => {
  const all = (await list({ first: 100 })).nodes;
  expect(all.length).toBe(30);
  const first = await list({ first: 5 });
  expect({ total: first.totalCount, capped: first.totalIsCapped, next: first.pageInfo.hasNextPage }).toEqual({ total: 20, capped: true, next: true });
  // the last page (rows 26-30) counts up to its end: exact again, and nothing follows
  const last = await list({ first: 5, offset: 25 });
  expect({ total: last.totalCount, capped: last.totalIsCapped, next: last.pageInfo.hasNextPage, rows: last.nodes.length }).toEqual({
    total: 30,
    capped: false,
    next: false,
    rows: 5,
  });
});

test('fewer matches than the cap: the total is exact and not capped', async () => {
  const all = (await list({ first: 100 })).nodes;
  const byType = new Map<string, number>();
  for (const m of all) byType.set(m.type, (byType.get(m.type) ?? 0) + 1);
  const [type, expected] = [...byType.entries()].find(([, n]) => n > 0 && n < 20)!;
  const r = await list({ f: { types: [type] }, first: 5 });
  expect({ total: r.totalCount, capped: r.totalIsCapped }).toEqual({ total: expected, capped: false });
});

test('LIST_TOTAL_CAP is validated: a whole number of at least 1', () => {
  expect(loadConfig(testEnv()).limits.totalCap).toBe(10_000);
  expect(loadConfig(testEnv({ LIST_TOTAL_CAP: '20' })).limits.totalCap).toBe(20);
  for (const bad of ['0', 'abc', '-5', '1.5']) expect(() => loadConfig(testEnv({ LIST_TOTAL_CAP: bad }))).toThrow(/LIST_TOTAL_CAP/);
});
