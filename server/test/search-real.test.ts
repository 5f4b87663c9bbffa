/**
 * Keyword search on real text (docs/search.md): the 7,142 real messages of a provincial 问政 platform
 * (../shared/data/real, see test/support/realCorpus.ts) imported through `importMessages`; for Chinese keywords of two
 * to four characters, the message list's total equals a substring scan of the messages' titles and contents (the file's,
 * as imported, and the messages the test server held before). On SQLite (FTS5) and on MariaDB (Mroonga, which CI
 * installs: the test checks the index is there, so a fallback to the LIKE scan cannot pass for it).
 */
import { asIntake } from '../src/modules/analysis/corpus';
import { startTestServer, TestServer, usingMysql } from './helpers';
import { importRealMessages, realMessages, requireRealCorpus } from './support/realCorpus';

jest.setTimeout(1_200_000);

const KEYWORDS = [
  '停车',
  '物业',
  '拆迁',
  '噪音',
  '学校',
  '补贴',
  '工资',
  '医保',
  '社保',
  '小区',
  '公交',
  '垃圾',
  '污染',
  '户口',
  '养老',
  '征收',
  '教师',
  '农村',
  '低保',
  '路灯',
  '城管',
  '停车场',
  '物业费',
  '公积金',
  '拖欠工资',
  '噪音扰民',
  '违章建筑',
];

let server: TestServer;
let admin: string;
let texts: Array<{ title: string; content: string }>;

const LIST = `query($k: String, $first: Int, $sort: MessageSort) { messages(first: $first, filter: { keyword: $k }, sort: $sort) { totalCount totalIsCapped nodes { id title content } } }`;

beforeAll(async () => {
  requireRealCorpus();
  server = await startTestServer();
  admin = await server.login('admin');
  // What the server held before (the demo's messages, if any), read as a user reads them.
  const before: Array<{ title: string; content: string }> = [];
  for (let offset = 0; ; offset += 100) {
    const r = await server.gql(`query($o: Int) { messages(first: 100, offset: $o) { nodes { title content } } }`, { o: offset }, admin);
    expect(r.errors).toBeUndefined();
    before.push(...r.data.messages.nodes);
    if (r.data.messages.nodes.length < 100) break;
  }
  // Imported out of time order (the corpus file is sorted by submission time), so that an order by id is not one by time.
  const messages = realMessages()
    .map((m, i, all) => ({ m, key: (i * 7919) % all.length }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.m);
  await importRealMessages(server, admin, messages, new Map());
  texts = [...before, ...messages.map((m) => asIntake(m, undefined))];
});

afterAll(async () => {
  await server?.close();
});

test('the full-text index is the one of the database (FTS5 on SQLite, Mroonga on MariaDB)', async () => {
  expect(await server.app.services.search.engine()).toBe(usingMysql() ? 'mroonga' : 'fts5');
});

test('the totals of 2-4 character Chinese keywords equal a substring scan of the titles and contents', async () => {
  const table: string[] = [];
  for (const k of KEYWORDS) {
    const expected = texts.filter((t) => t.title.includes(k) || t.content.includes(k)).length;
    const r = await server.gql(LIST, { k, first: 25 }, admin);
    expect(r.errors).toBeUndefined();
    table.push(`${k}\t${expected}\t${r.data.messages.totalCount}`);
    expect({ k, total: r.data.messages.totalCount, capped: r.data.messages.totalIsCapped }).toEqual({ k, total: expected, capped: false });
    // every row shown holds the keyword
    for (const m of r.data.messages.nodes) expect({ k, holds: m.title.includes(k) || m.content.includes(k) }).toEqual({ k, holds: true });
  }
  console.log(`keyword\tscan\tsearch\n${table.join('\n')}`);
  // the keywords are not all rare: the comparison covers hundreds of messages
  expect(texts.filter((t) => KEYWORDS.some((k) => t.title.includes(k) || t.content.includes(k))).length).toBeGreaterThan(1000);
});

test('ranked by relevance: the same messages, those with the keyword more often first', async () => {
  const byTime = await server.gql(LIST, { k: '物业', first: 100 }, admin);
  const byRank = await server.gql(LIST, { k: '物业', first: 100, sort: { field: 'RELEVANCE', direction: 'DESC' } }, admin);
  expect(byRank.errors).toBeUndefined();
  expect(byRank.data.messages.totalCount).toBe(byTime.data.messages.totalCount);
  const count = (m: { title: string; content: string }) => `${m.title}\n${m.content}`.split('物业').length - 1;
  const ranked = byRank.data.messages.nodes.map(count);
  // the first ten mention it more often than the messages of a plain time order
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  expect(mean(ranked.slice(0, 10))).toBeGreaterThan(mean(byTime.data.messages.nodes.map(count)));
});

test('a keyword with a space, one character, and four characters, still match exactly', async () => {
  for (const k of ['物业 公司', '噪', '停车费用']) {
    const expected = texts.filter((t) => t.title.includes(k) || t.content.includes(k)).length;
    const r = await server.gql(LIST, { k, first: 1 }, admin);
    expect(r.errors).toBeUndefined();
    expect({ k, total: Math.min(r.data.messages.totalCount, 10_000) }).toEqual({ k, total: Math.min(expected, 10_000) });
  }
});

test('the ledger export with a keyword holds the messages the list finds', async () => {
  const listed = (
    await server.gql(`query($k: String) { messages(first: 100, filter: { keyword: $k }) { totalCount nodes { serialNo } } }`, { k: '拖欠工资' }, admin)
  ).data.messages;
  const res = await fetch(`${server.url}/export/messages.csv?keyword=${encodeURIComponent('拖欠工资')}`, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  const csv = await res.text();
  const serials = new Set(csv.match(/WZ\d{14,}/g) ?? []);
  expect(listed.totalCount).toBe(texts.filter((t) => t.title.includes('拖欠工资') || t.content.includes('拖欠工资')).length);
  for (const m of listed.nodes) expect(serials.has(m.serialNo)).toBe(true);
  expect(serials.size).toBe(listed.totalCount);
});

/**
 * A keyword's pages newest first (on MariaDB read from the index alone, whose rows hold the submission time) are those
 * of a substring scan of the messages the viewer may see, sorted by submission time: the same ids in the same order,
 * page after page, for the platform and for a unit handler (whose reach is the messages assigned to their unit).
 */
test("a keyword's first pages by time are the substring scan's, in the same order, also within a unit handler's reach", async () => {
  const ds = server.app.ds;
  // The oracle: the messages holding the keyword in their title or content (or named by it, for those who search names), newest first.
  const scan = async (k: string, within: number[] | null, dir: 'DESC' | 'ASC') => {
    const rows: Array<{ id: number }> = await ds.query(
      `SELECT id FROM message WHERE (title LIKE ? OR content LIKE ? OR realName = ?)${within ? ` AND id IN (${within.map(() => '?').join(', ')})` : ''}
      ORDER BY submittedAt ${dir}, id ${dir}`,
      [`%${k}%`, `%${k}%`, k, ...(within ?? [])],
    );
    return rows.map((r) => String(r.id));
  };
  const PAGE = `query($k: String, $o: Int, $sort: MessageSort) { messages(first: 25, offset: $o, filter: { keyword: $k }, sort: $sort) { totalCount nodes { id } } }`;
  const pages = async (k: string, token: string, dir: 'DESC' | 'ASC', n: number) => {
    const ids: string[] = [];
    let total = 0;
    for (let p = 0; p < n; p++) {
      const r = await server.gql(PAGE, { k, o: p * 25, sort: { field: 'SUBMITTED_AT', direction: dir } }, token);
      expect(r.errors).toBeUndefined();
      ids.push(...r.data.messages.nodes.map((m: { id: string }) => m.id));
      total = r.data.messages.totalCount;
    }
    return { ids, total };
  };
  for (const [k, dir] of [
    ['停车', 'DESC'],
    ['物业', 'DESC'],
    ['噪音扰民', 'DESC'],
    ['公积金', 'ASC'],
  ] as const) {
    const expected = await scan(k, null, dir);
    expect(expected.length).toBeGreaterThan(75);
    const got = await pages(k, admin, dir, 3);
    expect({ k, total: got.total, ids: got.ids }).toEqual({ k, total: expected.length, ids: expected.slice(0, 75) });
  }

  // A unit handler of 住建局: the dispatcher assigns it messages holding the keywords and others; the handler's search
  // finds, in order, those of the messages they see (their unfiltered list) that hold the keyword.
  const dispatcher = await server.login('dispatcher');
  const handler = await server.login('handler');
  const unitId = (await server.gql('{ me { unitId } }', {}, handler)).data.me.unitId;
  const holding = (k: string) => `SELECT id FROM message WHERE (title LIKE '%${k}%' OR content LIKE '%${k}%') AND state = 'RECEIVED' ORDER BY id`;
  const chosen = new Set<number>();
  for (const k of ['停车', '物业'])
    for (const [i, r] of ((await ds.query(holding(k))) as Array<{ id: number }>).entries()) if (i % 7 === 0 && chosen.size < 160) chosen.add(r.id);
  for (const r of (await ds.query(`SELECT id FROM message WHERE state = 'RECEIVED' ORDER BY id DESC LIMIT 40`)) as Array<{ id: number }>) chosen.add(r.id);
  for (const id of chosen) {
    const r = await server.gql(
      `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`,
      { i: { messageId: String(id), leadUnitId: unitId } },
      dispatcher,
    );
    expect(r.errors).toBeUndefined();
  }
  const seen: number[] = [];
  for (let o = 0; ; o += 100) {
    const r = await server.gql(`query($o: Int) { messages(first: 100, offset: $o) { nodes { id } } }`, { o }, handler);
    expect(r.errors).toBeUndefined();
    seen.push(...r.data.messages.nodes.map((m: { id: string }) => Number(m.id)));
    if (r.data.messages.nodes.length < 100) break;
  }
  for (const id of chosen) expect(seen).toContain(id);
  expect(seen.length).toBeLessThan(1000);
  for (const k of ['停车', '物业']) {
    const expected = await scan(k, seen, 'DESC');
    expect(expected.length).toBeGreaterThan(25);
    const got = await pages(k, handler, 'DESC', 2);
    expect({ k, total: got.total, ids: got.ids }).toEqual({ k, total: expected.length, ids: expected.slice(0, 50) });
  }

  // On MariaDB each index row holds its message's submission time, written with it.
  if (usingMysql()) {
    const [off] = await ds.query(
      'SELECT COUNT(*) AS n FROM message m LEFT JOIN message_search s ON s.messageId = m.id WHERE s.messageId IS NULL OR s.submittedAt <> m.submittedAt',
    );
    expect(Number(off.n)).toBe(0);
  }
});
