/**
 * Guarantees of the workflow: exactly one winner among concurrent transitions (and one ledger row),
 * idempotent intake, a bounded number of SQL statements per inbox page, and list filters.
 */
import { codeOf } from './helpers';
import { assignTo, newMessage, ok, worldPerFile } from './workflow-helpers';

const { s, w } = worldPerFile();

const ACCEPT = `mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { state version } } }`;
const SIGN = `mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { state } } }`;
const ledgerRows = async (messageId: string, action: string) =>
  Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message_event WHERE messageId = ? AND action = ?`, [Number(messageId), action]))[0].n);

test('the same transition fired 20 times in parallel: exactly one succeeds, one ledger row', async () => {
  const m = await newMessage(w);
  const results = await Promise.all(Array.from({ length: 20 }, () => s.gql(ACCEPT, { i: { messageId: m.id, expectedVersion: m.version } }, w.t.dispatcher)));
  const winners = results.filter((r) => !r.errors);
  expect(winners).toHaveLength(1);
  expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(19);
  expect(await ledgerRows(m.id, 'ACCEPTED')).toBe(1);
});

test('without an expected version, racing signers still have one winner; the others are refused', async () => {
  const m = await newMessage(w);
  await assignTo(w, m.id, 'hn-cs-zjj');
  const a = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.handler))).message.assignments[0];
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.gql(SIGN, { i: { assignmentId: a.id } }, i % 2 ? w.t.handler : w.t.reviewer)));
  expect(results.filter((r) => !r.errors)).toHaveLength(1);
  for (const r of results.filter((x) => x.errors)) expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(codeOf(r));
  expect(await ledgerRows(m.id, 'SIGNED')).toBe(1);
});

test('a submission retried with the same (channel, externalId) gives one message, the same serial number and query code', async () => {
  const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } queryCode deduplicated } }`;
  const input = {
    channel: 'APP',
    externalId: 'app-2026-000042',
    type: 'HELP',
    title: '求助：独居老人家中停水三天',
    content: '我家楼下独居老人家里已经停水三天了，物业一直说在修，老人行动不便，请帮忙协调。',
  };
  const results = await Promise.all(Array.from({ length: 10 }, () => s.gql(CREATE, { i: input }, w.t.dispatcher)));
  for (const r of results) expect(r.errors).toBeUndefined();
  const ids = new Set(results.map((r) => r.data.createMessage.message.id));
  expect(ids.size).toBe(1);
  expect(new Set(results.map((r) => r.data.createMessage.queryCode)).size).toBe(1);
  expect(results.filter((r) => !r.data.createMessage.deduplicated)).toHaveLength(1);
  const first = results[0].data.createMessage;
  expect(first.message.serialNo).toMatch(/^WZ\d{8}\d{6,}$/);
  expect(first.queryCode).toMatch(/^[A-Z2-9]{8}$/);
  expect(Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message WHERE externalId = ?`, ['app-2026-000042']))[0].n)).toBe(1);
});

test('invalid intake is refused with BAD_USER_INPUT naming the field, and writes nothing', async () => {
  const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`;
  const before = Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message`))[0].n);
  const base = { channel: 'WEB', type: 'CONSULT', title: '咨询事项标题', content: '这是一条足够长的留言内容用于测试。' };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ title: '短' }, 'title'],
    [{ content: '太短' }, 'content'],
    [{ content: '长'.repeat(5001) }, 'content'],
    [{ content: '含有控制字符\u0000的内容，长度足够十个字' }, 'content'],
    [{ phone: 'call me maybe' }, 'phone'],
    [{ idNumber: '12345' }, 'idNumber'],
    [{ attachments: [{ name: 'a.jpg', url: 'javascript:alert(1)' }] }, 'attachments.0.url'],
    [{ categoryId: '999999' }, 'categoryId'],
    [{ channel: 'EXTERNAL_SITE' }, 'sourceUrl'],
    [{ submittedAt: '0000-01-01T00:00:00Z' }, 'submittedAt'],
    [{ submittedAt: '1970-01-01T00:00:00Z' }, 'submittedAt'],
  ];
  for (const [patch, field] of cases) {
    const r = await s.gql(CREATE, { i: { ...base, ...patch } }, w.t.dispatcher);
    expect({ field, code: codeOf(r), got: r.errors?.[0]?.extensions?.field }).toEqual({ field, code: 'BAD_USER_INPUT', got: field });
  }
  expect(Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message`))[0].n)).toBe(before);
});

describe('inbox', () => {
  // the console's own inbox fields (admin/src/graphql/inbox.graphql), availableActions included, plus a few relations
  const INBOX = `query($n: Int) { inbox(first: $n) { totalCount nodes { id state replyDueAt signDueAt warningLevel role extensionCount availableActions unit { name }
    message { serialNo title state type isUrgent leadUnit { name } category { name } } } } }`;

  beforeAll(async () => {
    // 100 messages assigned to the handler's unit with another unit assisting.
    for (let i = 0; i < 100; i++) {
      const m = await newMessage(w, { title: `测试待办留言第${i}号标题`, categoryId: undefined });
      await ok(
        s.gql(
          `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`,
          { i: { messageId: m.id, leadUnitId: w.unit['hn-cs-zjj'], assistUnitIds: [w.unit['hn-cs-jtj']] } },
          w.t.dispatcher,
        ),
      );
    }
  });

  /** The server counts every statement of the request, authentication included (x-count-sql). */
  const countStatements = async (n: number) => {
    const r = await s.gql(INBOX, { n }, w.t.handler, { 'x-count-sql': '1' });
    expect(r.errors).toBeUndefined();
    return { counter: { count: r.extensions?.sqlStatements as number }, rows: r.data.inbox.nodes.length };
  };

  test('a page of 10 and a page of 100 take the same number of SQL statements, at most 5', async () => {
    const small = await countStatements(10);
    const large = await countStatements(100);
    expect(small.rows).toBe(10);
    expect(large.rows).toBe(100);
    expect({ small: small.counter.count, large: large.counter.count }).toEqual({ small: large.counter.count, large: small.counter.count });
    console.log(`inbox page SQL statements: ${small.counter.count} for 10 rows, ${large.counter.count} for ${large.rows} rows`);
    expect(large.counter.count).toBeLessThanOrEqual(5);
    expect(small.counter.count).toBeGreaterThanOrEqual(3);
  });

  test("sorted by reply deadline, earliest first; another unit's inbox is FORBIDDEN", async () => {
    const nodes = (await ok(s.gql(INBOX, { n: 100 }, w.t.handler))).inbox.nodes;
    const dues = nodes.map((n: any) => new Date(n.replyDueAt).getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const other = await s.gql(`query($u: ID) { inbox(filter: { unitId: $u }) { totalCount } }`, { u: w.unit['hn-cs-jtj'] }, w.t.handler);
    expect(codeOf(other)).toBe('FORBIDDEN');
  });

  test('pages: the total and the rows agree at every offset, past the end included', async () => {
    const PAGE = `query($n: Int, $o: Int) { inbox(first: $n, offset: $o) { totalCount pageInfo { hasNextPage } nodes { id message { serialNo } unit { name } } } }`;
    const all = (await ok(s.gql(PAGE, { n: 100, o: 0 }, w.t.handler))).inbox;
    const total = all.totalCount;
    expect(total).toBeGreaterThanOrEqual(100);
    const tail = (await ok(s.gql(PAGE, { n: 10, o: total - 3 }, w.t.handler))).inbox;
    expect([tail.totalCount, tail.nodes.length, tail.pageInfo.hasNextPage]).toEqual([total, 3, false]);
    const second = (await ok(s.gql(PAGE, { n: 10, o: 10 }, w.t.handler))).inbox;
    expect(second.nodes.map((n: any) => n.id)).toEqual(all.nodes.slice(10, 20).map((n: any) => n.id));
    expect(second.nodes.every((n: any) => n.message.serialNo && n.unit.name)).toBe(true);
    const beyond = (await ok(s.gql(PAGE, { n: 10, o: total + 50 }, w.t.handler))).inbox;
    expect([beyond.totalCount, beyond.nodes.length]).toEqual([total, 0]);
  });
});

describe('message list filters', () => {
  const LIST = `query($f: MessageFilter) { messages(filter: $f, first: 100) { totalCount nodes { id title state warningLevel } } }`;
  test('keyword, state, unit subtree and warning level', async () => {
    const special = await newMessage(w, { title: '关于麓谷大道路灯损坏的投诉', content: '麓谷大道靠近地铁站的一排路灯已经损坏半个月，夜间行人很不安全。' });
    const kw = (await ok(s.gql(LIST, { f: { keyword: '路灯' } }, w.t.dispatcher))).messages;
    expect(kw.nodes.map((n: any) => n.id)).toContain(special.id);
    expect(kw.nodes.every((n: any) => n.title.includes('路灯'))).toBe(true);
    // LIKE wildcards in the keyword match literally.
    expect((await ok(s.gql(LIST, { f: { keyword: '%' } }, w.t.dispatcher))).messages.totalCount).toBe(0);
    const received = (await ok(s.gql(LIST, { f: { states: ['RECEIVED'] } }, w.t.dispatcher))).messages;
    expect(received.nodes.every((n: any) => n.state === 'RECEIVED')).toBe(true);
    const byUnit = (await ok(s.gql(LIST, { f: { unitId: w.unit['hn-cs'] } }, w.t.dispatcher))).messages;
    expect(byUnit.totalCount).toBeGreaterThanOrEqual(100);
    const green = (await ok(s.gql(LIST, { f: { warningLevel: 'GREEN' } }, w.t.dispatcher))).messages;
    expect(green.totalCount).toBeGreaterThan(0);
    expect(green.nodes.every((n: any) => n.warningLevel === 'GREEN')).toBe(true);
    expect((await ok(s.gql(LIST, { f: { warningLevel: 'RED' } }, w.t.dispatcher))).messages.totalCount).toBe(0);
  });

  test("unit roles see only their subtree's messages; another unit's message is NOT_FOUND", async () => {
    const unassigned = await newMessage(w);
    const mine = (await ok(s.gql(LIST, {}, w.t.handler))).messages.nodes.map((n: any) => n.id);
    expect(mine).not.toContain(unassigned.id);
    expect(codeOf(await s.gql(`query($id: ID!) { message(id: $id) { id } }`, { id: unassigned.id }, w.t.handler))).toBe('NOT_FOUND');
  });
});
