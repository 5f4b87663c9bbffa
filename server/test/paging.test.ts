/**
 * Paging input is bounded in one place (graphql/connection.ts): a crafted cursor or offset is BAD_USER_INPUT on every
 * connection, never an internal error from the database (SQLite refused 1e21 with "datatype mismatch").
 */
import { codeOf, serverPerFile } from './helpers';

let dispatcher: string;
let handler: string;
const DEMO_KEY = 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

const s = serverPerFile({ DEMO_MESSAGES: '30' });
beforeAll(async () => {
  dispatcher = await s.login('dispatcher');
  handler = await s.login('handler');
});

const CRAFTED = [
  b64('o:1e21'),
  b64('o:99999999999999999999'),
  b64('o:-1'),
  b64('o:-5'),
  b64('o:1.5'),
  b64('o:0x10'),
  b64('o: 5'),
  b64('o:5 '),
  b64('o:+5'),
  b64('o:05'),
  b64('o:10000000'),
  b64('o:NaN'),
  b64('o:Infinity'),
  b64('o:'),
  b64('x:5'),
  'garbage!',
  'o:5',
  '%%%',
  'A'.repeat(5000),
  b64('o:5\u0000'),
];

/** One query per kind of connection, each with the caller that may read it. */
const LISTS: Array<{ name: string; query: string; token?: () => string; headers?: Record<string, string> }> = [
  { name: 'messages', query: `query($a: String, $o: Int) { messages(first: 5, after: $a, offset: $o) { totalCount nodes { id } } }`, token: () => dispatcher },
  {
    name: 'publicMessages',
    query: `query($a: String, $o: Int) { publicMessages(first: 5, after: $a, offset: $o) { totalCount nodes { serialNo } } }`,
    headers: { 'x-api-key': DEMO_KEY },
  },
  { name: 'inbox', query: `query($a: String, $o: Int) { inbox(first: 5, after: $a, offset: $o) { totalCount nodes { id } } }`, token: () => handler },
  { name: 'users', query: `query($a: String, $o: Int) { users(first: 5, after: $a, offset: $o) { totalCount nodes { id } } }`, token: () => dispatcher },
  { name: 'units', query: `query($a: String, $o: Int) { units(first: 5, after: $a, offset: $o) { totalCount nodes { id } } }`, token: () => dispatcher },
];
const run = (l: (typeof LISTS)[number], vars: Record<string, unknown>) => s.gql(l.query, vars, l.token?.() ?? null, l.headers ?? {});

test('crafted cursors are refused with BAD_USER_INPUT naming `after` on every connection', async () => {
  for (const l of LISTS) {
    for (const a of CRAFTED) {
      const r = await run(l, { a });
      expect({ list: l.name, cursor: a.slice(0, 40), code: codeOf(r), field: r.errors?.[0]?.extensions?.field }).toEqual({
        list: l.name,
        cursor: a.slice(0, 40),
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    }
  }
});

test('offsets beyond the bound are refused with BAD_USER_INPUT; the bound itself answers an empty page', async () => {
  for (const l of LISTS) {
    for (const o of [10_000_001, 2_147_483_647, -1]) {
      const r = await run(l, { o });
      expect({ list: l.name, o, code: codeOf(r) }).toEqual({ list: l.name, o, code: 'BAD_USER_INPUT' });
    }
    const edge = await run(l, { o: 10_000_000 });
    expect(edge.errors).toBeUndefined();
    expect(Object.values(edge.data)[0]).toMatchObject({ nodes: [] });
  }
});

test('the cursors the server hands out still page through the lists', async () => {
  const paged: string[] = [];
  for (const l of LISTS) {
    const first = await run(l, {});
    expect(first.errors).toBeUndefined();
    const conn = Object.values(first.data)[0] as { totalCount: number; nodes: unknown[] };
    const withCursor = l.query.replace('nodes {', 'pageInfo { endCursor } nodes {');
    const page1 = Object.values((await s.gql(withCursor, {}, l.token?.() ?? null, l.headers ?? {})).data)[0] as {
      pageInfo: { endCursor: string | null };
      nodes: unknown[];
    };
    if (conn.totalCount > 5) {
      const next = await run(l, { a: page1.pageInfo.endCursor });
      const byOffset = await run(l, { o: 5 });
      expect(next.errors).toBeUndefined();
      expect(next.data).toEqual(byOffset.data);
      paged.push(l.name);
    }
  }
  // The demo data fills every list but a handler's inbox beyond one page.
  expect(paged).toEqual(expect.arrayContaining(['messages', 'publicMessages', 'users', 'units']));
});
