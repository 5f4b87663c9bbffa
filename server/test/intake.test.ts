/**
 * Intake at a province's scale (issue 19, docs/limits.md "Intake"): a submission and an import call take a bounded
 * number of SQL statements whatever the batch holds; the message an intake answers with is the message stored; a bad
 * message refuses its batch with the error it gets alone; an import that fails midway writes nothing.
 */
import { KEY_CACHE_TTL_MS } from '../src/modules/apiclient/apiclient.service';
import { autoIncrement } from '../src/db/bulkInsert';
import type { DomainEvent } from '../src/events/bus';
import { codeOf } from './helpers';
import { newApiKey, ok, worldPerFile } from './workflow-helpers';

let submitKey: string;
let categories: string[];
let leaderId: string;

const IMPORT = `mutation($i: ImportMessagesInput!) { importMessages(input: $i) { created { id serialNo externalId queryCode } skipped } }`;
const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode deduplicated submittedAt } }`;
const FIELDS = `id serialNo version state channel type externalId sourceUrl title content isPublic isAnonymous isUrgent isComplex likes
  submittedAt createdAt updatedAt acceptedAt assignedAt firstResponseAt repliedAt closedAt archivedAt replyDueAt onHoldSince invalidReason
  screeningNote duplicateOfId leadUnitId reopenCount citizenReopenUsed attachments { name url } categoryId regionUnitId addressedLeaderId
  addressedUnitId pii { realName phone masked } screening { __typename } availableActions`;

const hotline = (n: number, extra: Record<string, unknown> = {}) => ({
  channel: 'HOTLINE_12345',
  externalId: `intake-${n}`,
  type: 'HELP',
  title: `热线工单第${n}号`,
  content: `市民来电反映小区停水（第${n}件），请尽快处理。`,
  phone: '13900001111',
  ...extra,
});
const rows = async (table: string) => Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
/** What intake writes: messages, ledger rows and (where there is a full-text index) index rows. */
const written = async () => ({
  messages: await rows('message'),
  ledger: await rows('message_event'),
  index: (await s.app.services.messages.search.engine()) === 'like' ? 0 : await rows('message_search'),
});

const { s, w } = worldPerFile(
  { CITIZEN_OPS_PER_IP_PER_MINUTE: '1000' },
  {
    beforeClose: () => {
      jest.restoreAllMocks();
    },
  },
);
beforeAll(async () => {
  submitKey = (await newApiKey(s, w.t.admin, { name: '问政湖南App', owner: '红网', scopes: ['MESSAGES_SUBMIT'], rateLimitPerMinute: 1000 })).key;
  categories = (await s.app.ds.query('SELECT id FROM category WHERE isActive = 1 ORDER BY id')).map((r: { id: number }) => String(r.id));
  leaderId = String((await s.app.ds.query('SELECT id FROM leader WHERE isActive = 1 ORDER BY id'))[0].id);
});

test('a submission takes at most 4 SQL statements (API key included), and a retry answers the same serial number and code', async () => {
  const input = {
    externalId: 'app-1',
    type: 'COMPLAIN',
    title: '小区门口道路破损严重',
    content: '小区门口的道路坑洼不平已有两个月，请尽快修复。',
    realName: '李四海',
    phone: '13912345678',
    isPublic: true,
    regionUnitId: w.unit['hn-cs'],
  };
  // the key's first use reads it and notes it (at most once a minute, docs/public-api.md); then it is kept a few seconds
  await ok(s.gql(SUBMIT, { i: { ...input, externalId: 'app-0' } }, null, { 'x-api-key': submitKey }));
  const first = await s.gql(SUBMIT, { i: input }, null, { 'x-api-key': submitKey, 'x-count-sql': '1' });
  expect(first.errors).toBeUndefined();
  // the message (its insert checks the region named), its serial number, its index row and its ledger row (the key: kept)
  expect(first.extensions?.sqlStatements).toBeLessThanOrEqual(4);
  const again = await s.gql(SUBMIT, { i: input }, null, { 'x-api-key': submitKey });
  expect(again.data.submitMessage).toEqual({ ...first.data.submitMessage, deduplicated: true });
  const changed = await s.gql(SUBMIT, { i: { ...input, content: `${input.content}补充` } }, null, { 'x-api-key': submitKey });
  expect(codeOf(changed)).toBe('CONFLICT');
  expect(Number((await s.app.ds.query(`SELECT COUNT(*) AS n FROM message WHERE externalId LIKE '%:app-1'`))[0].n)).toBe(1);
});

test('a key kept between requests is read again after KEY_CACHE_TTL_MS, and a change through the API applies at once', async () => {
  const created = await newApiKey(s, w.t.admin, { name: '缓存测试', owner: '测试', scopes: ['MESSAGES_SUBMIT'], rateLimitPerMinute: 1000 });
  const submit = (n: number) =>
    s.gql(
      SUBMIT,
      {
        i: {
          externalId: `ttl-${n}`,
          type: 'HELP',
          title: `缓存测试第${n}件`,
          content: '小区门口路灯不亮，请尽快修复。',
          realName: '王五',
          phone: '13900002222',
        },
      },
      null,
      {
        'x-api-key': created.key,
      },
    );
  await ok(submit(1));
  // disabled behind the service's back (as another instance would): this instance keeps the key at most the TTL
  await s.app.ds.query('UPDATE api_client SET isActive = 0 WHERE id = ?', [Number(created.client.id)]);
  await ok(submit(2));
  const now = Date.now();
  const clock = jest.spyOn(Date, 'now').mockReturnValue(now + KEY_CACHE_TTL_MS + 1);
  try {
    expect(codeOf(await submit(3))).toBe('UNAUTHENTICATED');
  } finally {
    clock.mockRestore();
  }
  // enabled and disabled again through the API: refused at once
  await ok(
    s.gql(`mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { id } } }`, { i: { id: created.client.id, isActive: true } }, w.t.admin),
  );
  await ok(submit(4));
  await ok(
    s.gql(`mutation($i: UpdateApiClientInput!) { updateApiClient(input: $i) { client { id } } }`, { i: { id: created.client.id, isActive: false } }, w.t.admin),
  );
  expect(codeOf(await submit(5))).toBe('UNAUTHENTICATED');
});

test('an import call takes the same few SQL statements for 10 messages and for 200, whatever they refer to', async () => {
  const batch = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      hotline(from + i, { categoryId: categories[i % categories.length], regionUnitId: w.unit['hn-cs'], addressedLeaderId: leaderId }),
    );
  const count = async (messages: unknown[]) => {
    const r = await s.gql(IMPORT, { i: { messages } }, w.t.dispatcher, { 'x-count-sql': '1' });
    expect(r.errors).toBeUndefined();
    expect(r.data.importMessages.created).toHaveLength(messages.length);
    return r.extensions?.sqlStatements as number;
  };
  const small = await count(batch(1000, 10));
  const large = await count(batch(2000, 200));
  expect(large).toBe(small);
  // the session; the references and the existing externalIds (one statement); the messages, their serial numbers, index
  // rows and ledger rows (and, where a multi-row insert's ids are not known to be consecutive, a read of the new
  // messages' and rows' ids)
  expect(large).toBeLessThanOrEqual((await autoIncrement.consecutive(s.app.ds.manager)) ? 6 : 8);
});

test('the message an intake answers with is the message stored', async () => {
  const input = hotline(3000, {
    categoryId: categories[0],
    regionUnitId: w.unit['hn-cs'],
    addressedLeaderId: leaderId,
    realName: '王五',
    isUrgent: true,
    likes: 3,
    attachments: [{ name: '照片.jpg', url: 'https://example.org/a.jpg' }],
    submittedAt: '2026-11-20T01:02:03.456Z',
  });
  const created = (await ok(s.gql(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { ${FIELDS} } } }`, { i: input }, w.t.dispatcher)))
    .createMessage.message;
  const stored = (await ok(s.gql(`query($id: ID!) { message(id: $id) { ${FIELDS} } }`, { id: created.id }, w.t.dispatcher))).message;
  expect(created).toEqual(stored);
  expect(stored).toMatchObject({ serialNo: `WZ20261120${created.id.padStart(6, '0')}`, state: 'RECEIVED', submittedAt: '2026-11-20T01:02:03.456Z', likes: 3 });
});

const published: DomainEvent[] = [];
test.each([
  ['their ids from the insert (consecutive auto-increment, MariaDB)', true],
  ['their ids read back', false],
])('an import answers the ids and serial numbers stored and publishes the ledger rows written: %s', async (_, consecutive) => {
  if (!published.length) s.app.services.workflow.onCommitted((events) => published.push(...events));
  const spy = consecutive ? null : jest.spyOn(autoIncrement, 'consecutive').mockResolvedValue(false);
  try {
    const from = consecutive ? 7000 : 7100;
    const messages = Array.from({ length: 30 }, (_, i) => hotline(from + i, { categoryId: categories[i % categories.length], regionUnitId: w.unit['hn-cs'] }));
    const created: Array<{ id: string; serialNo: string; externalId: string }> = (await ok(s.gql(IMPORT, { i: { messages } }, w.t.dispatcher))).importMessages
      .created;
    expect(created.map((c) => c.externalId)).toEqual(messages.map((m) => m.externalId));
    const ids = created.map((c) => Number(c.id));
    const stored: Array<{ id: number; serialNo: string; externalId: string; version: number }> = await s.app.ds.query(
      `SELECT id, serialNo, externalId, version FROM message WHERE id IN (${ids.join(', ')}) ORDER BY id`,
    );
    expect(stored.map((m) => ({ id: String(m.id), serialNo: m.serialNo, externalId: m.externalId }))).toEqual(
      [...created].sort((a, b) => Number(a.id) - Number(b.id)).map((c) => ({ id: c.id, serialNo: c.serialNo, externalId: c.externalId })),
    );
    expect(stored.every((m) => Number(m.version) === 2 && /^WZ\d{8}\d{6,}$/.test(m.serialNo))).toBe(true);
    const ledger: Array<{ id: number; messageId: number }> = await s.app.ds.query(
      `SELECT id, messageId FROM message_event WHERE action = 'CREATED' AND messageId IN (${ids.join(', ')}) ORDER BY id`,
    );
    expect(ledger).toHaveLength(ids.length);
    const events = published.filter((e) => ids.includes(e.messageId));
    expect(events.map((e) => [e.messageId, e.eventId]).sort((a, b) => a[1] - b[1])).toEqual(ledger.map((l) => [Number(l.messageId), Number(l.id)]));
  } finally {
    spy?.mockRestore();
  }
});

test('one bad message refuses the batch with the error it gets alone, and nothing is written', async () => {
  const before = await written();
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ categoryId: '999999' }, 'categoryId'],
    [{ regionUnitId: w.unit['hn-cs-zjj'] }, 'regionUnitId'],
    [{ addressedLeaderId: '999999' }, 'addressedLeaderId'],
    [{ addressedUnitId: '999999' }, 'addressedUnitId'],
  ];
  for (const [bad, field] of cases) {
    const alone = await s.gql(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`, { i: hotline(4000, bad) }, w.t.dispatcher);
    const batch = await s.gql(
      IMPORT,
      { i: { messages: [hotline(4001), hotline(4002, { categoryId: categories[0] }), hotline(4003, bad), hotline(4004)] } },
      w.t.dispatcher,
    );
    expect(codeOf(alone)).toBe('BAD_USER_INPUT');
    expect(batch.errors?.[0].message).toBe(alone.errors?.[0].message);
    expect(batch.errors?.[0].extensions).toEqual(alone.errors?.[0].extensions);
    expect(batch.errors?.[0].extensions?.field).toBe(field);
  }
  expect(await written()).toEqual(before);
});

test('a submission naming a disabled or wrong reference is refused with its own error and writes nothing; a repeat still answers', async () => {
  const category = categories[1];
  const submit = (externalId: string, extra: Record<string, unknown>) =>
    s.gql(
      SUBMIT,
      {
        i: { externalId, type: 'HELP', title: '路灯不亮', content: '小区门口路灯不亮已有一周，请尽快修复。', realName: '赵六', phone: '13900003333', ...extra },
      },
      null,
      { 'x-api-key': submitKey },
    );
  const first = (await ok(submit('refs-1', { categoryId: category, regionUnitId: w.unit['hn-cs'], addressedLeaderId: leaderId }))).submitMessage;
  const unit = (await s.app.ds.query(`SELECT id FROM unit WHERE isActive = 1 AND kind <> 'REGION' ORDER BY id`))[0].id;
  const before = await written();
  const disable = (table: string, id: string | number, active: 0 | 1) => s.app.ds.query(`UPDATE ${table} SET isActive = ? WHERE id = ?`, [active, Number(id)]);
  await disable('category', category, 0);
  await disable('leader', leaderId, 0);
  await disable('unit', unit, 0);
  try {
    const reason = async (extra: Record<string, unknown>) => {
      const r = await submit(`refs-bad-${Object.keys(extra).join('-')}`, extra);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      return [r.errors?.[0].extensions?.field, r.errors?.[0].extensions?.reason];
    };
    expect(await reason({ categoryId: category })).toEqual(['categoryId', 'CATEGORY_NOT_FOUND']);
    expect(await reason({ regionUnitId: w.unit['hn-cs-zjj'] })).toEqual(['regionUnitId', 'NOT_A_REGION']);
    expect(await reason({ regionUnitId: '999999' })).toEqual(['regionUnitId', 'NOT_A_REGION']);
    expect(await reason({ addressedLeaderId: leaderId })).toEqual(['addressedLeaderId', 'LEADER_NOT_FOUND']);
    expect(await reason({ addressedUnitId: String(unit) })).toEqual(['addressedUnitId', 'UNIT_NOT_FOUND']);
    expect(await reason({ categoryId: 'x1' })).toEqual(['categoryId', 'INVALID_ID']);
    // the first bad one, in the order category, region, leader, unit
    expect(await reason({ regionUnitId: w.unit['hn-cs'], addressedLeaderId: leaderId, addressedUnitId: String(unit) })).toEqual([
      'addressedLeaderId',
      'LEADER_NOT_FOUND',
    ]);
    expect(await written()).toEqual(before);
    // a repeat answers as it did, though its category and leader were disabled since
    const again = await ok(submit('refs-1', { categoryId: category, regionUnitId: w.unit['hn-cs'], addressedLeaderId: leaderId }));
    expect(again.submitMessage).toEqual({ ...first, deduplicated: true });
  } finally {
    await disable('category', category, 1);
    await disable('leader', leaderId, 1);
    await disable('unit', unit, 1);
  }
  expect(await written()).toEqual(before);
});

test('an import that fails midway leaves no message, ledger row or index row', async () => {
  const before = await written();
  jest.spyOn(s.app.services.workflow, 'appendCreatedMany').mockRejectedValueOnce(new Error('ledger unavailable'));
  const failed = await s.gql(IMPORT, { i: { messages: Array.from({ length: 50 }, (_, i) => hotline(5000 + i)) } }, w.t.dispatcher);
  expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
  expect(await written()).toEqual(before);
  // and the same batch imports afterwards, each message findable by its keyword
  const res = (await ok(s.gql(IMPORT, { i: { messages: Array.from({ length: 50 }, (_, i) => hotline(5000 + i)) } }, w.t.dispatcher))).importMessages;
  expect(res.created).toHaveLength(50);
  expect(await written()).toEqual({
    messages: before.messages + 50,
    ledger: before.ledger + 50,
    index: before.index + ((await s.app.services.messages.search.engine()) === 'like' ? 0 : 50),
  });
  const found = await s.gql(`query { messages(first: 5, filter: { keyword: "第5049件" }) { totalCount nodes { id } } }`, {}, w.t.dispatcher);
  expect(found.data.messages).toEqual({ totalCount: 1, nodes: [{ id: res.created[49].id }] });
});

test("a deadlock's victim runs again: the import and the submission are written once, with their index rows", async () => {
  const workflow = s.app.services.workflow;
  const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { code: 'ER_LOCK_DEADLOCK' });
  const before = await written();
  jest.spyOn(workflow, 'appendCreatedMany').mockRejectedValueOnce(deadlock());
  const res = (await ok(s.gql(IMPORT, { i: { messages: Array.from({ length: 20 }, (_, i) => hotline(6000 + i)) } }, w.t.dispatcher))).importMessages;
  expect(res.created).toHaveLength(20);
  jest.spyOn(workflow, 'appendCreated').mockRejectedValueOnce(deadlock());
  const one = await ok(s.gql(`mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`, { i: hotline(6100) }, w.t.dispatcher));
  expect(one.createMessage.message.id).toBeDefined();
  const indexed = (await s.app.services.messages.search.engine()) === 'like' ? 0 : 21;
  expect(await written()).toEqual({ messages: before.messages + 21, ledger: before.ledger + 21, index: before.index + indexed });
  const found = await s.gql(`query { messages(first: 5, filter: { keyword: "第6019件" }) { totalCount nodes { id } } }`, {}, w.t.dispatcher);
  expect(found.data.messages).toEqual({ totalCount: 1, nodes: [{ id: res.created[19].id }] });
});
