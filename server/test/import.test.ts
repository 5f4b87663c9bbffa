/**
 * Bulk intake (批量导入): many messages in one transaction with their ledger entries, all or nothing,
 * repeats of (channel, externalId) skipped, the same checks as a single message.
 */
import { codeOf } from './helpers';
import { ok, worldPerFile } from './workflow-helpers';

const IMPORT = `mutation($i: ImportMessagesInput!) { importMessages(input: $i) { created { id serialNo externalId queryCode } skipped } }`;
const hotline = (n: number, extra: Record<string, unknown> = {}) => ({
  channel: 'HOTLINE_12345',
  externalId: `12345-${n}`,
  type: 'HELP',
  title: `热线工单${n}`,
  content: '市民来电反映小区停水，请尽快处理。',
  phone: '13900001111',
  ...extra,
});
const count = async (sql: string) => Number((await s.app.ds.query(sql))[0].n);

const { s, w } = worldPerFile();

test('a batch creates every message with its serial number, query code and CREATED ledger entry', async () => {
  const before = await count(`SELECT COUNT(*) AS n FROM message_event WHERE action = 'CREATED'`);
  const res = (await ok(s.gql(IMPORT, { i: { messages: Array.from({ length: 120 }, (_, n) => hotline(n)) } }, w.t.dispatcher))).importMessages;
  expect(res.created).toHaveLength(120);
  expect(res.skipped).toEqual([]);
  expect(new Set(res.created.map((c: any) => c.serialNo)).size).toBe(120);
  for (const c of res.created) expect(c.serialNo).toMatch(/^WZ\d{8}\d{6,}$/);
  expect(await count(`SELECT COUNT(*) AS n FROM message_event WHERE action = 'CREATED'`)).toBe(before + 120);
  // Each message can be looked up by the citizen with the code returned for it.
  const first = res.created.find((c: any) => c.externalId === '12345-7');
  const detail = (
    await ok(s.gql(`query($id: ID!) { message(id: $id) { serialNo state channel title attachments { name } } }`, { id: first.id }, w.t.dispatcher))
  ).message;
  expect(detail).toEqual({ serialNo: first.serialNo, state: 'RECEIVED', channel: 'HOTLINE_12345', title: '热线工单7', attachments: [] });
  const [entry] = await s.app.ds.query(`SELECT payload FROM message_event WHERE messageId = ${Number(first.id)} AND action = 'CREATED'`);
  expect(JSON.parse(entry.payload)).toEqual({ channel: 'HOTLINE_12345', type: 'HELP', bulk: true });
});

test('repeats are skipped, and a single bad message refuses the whole batch', async () => {
  const again = (await ok(s.gql(IMPORT, { i: { messages: [hotline(1), hotline(500)] } }, w.t.dispatcher))).importMessages;
  expect(again.created.map((c: any) => c.externalId)).toEqual(['12345-500']);
  expect(again.skipped).toEqual(['HOTLINE_12345:12345-1']);
  // Only the same submission is a repeat: other content under a used externalId refuses the batch.
  const changed = await s.gql(IMPORT, { i: { messages: [hotline(501), hotline(2, { phone: '13900002222' })] } }, w.t.dispatcher);
  expect(codeOf(changed)).toBe('CONFLICT');
  expect(changed.errors?.[0].message).toContain('12345-2');
  expect(await count(`SELECT COUNT(*) AS n FROM message WHERE externalId = '12345-501'`)).toBe(0);
  const messagesBefore = await count('SELECT COUNT(*) AS n FROM message');
  const bad = await s.gql(IMPORT, { i: { messages: [hotline(600), hotline(601, { categoryId: '999999' })] } }, w.t.dispatcher);
  expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  const dup = await s.gql(IMPORT, { i: { messages: [hotline(700), hotline(700)] } }, w.t.dispatcher);
  expect(codeOf(dup)).toBe('BAD_USER_INPUT');
  const tooMany = await s.gql(IMPORT, { i: { messages: Array.from({ length: 501 }, (_, n) => hotline(1000 + n)) } }, w.t.dispatcher);
  expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  expect(await count('SELECT COUNT(*) AS n FROM message')).toBe(messagesBefore);
  expect(codeOf(await s.gql(IMPORT, { i: { messages: [hotline(800)] } }, w.t.handler))).toBe('FORBIDDEN');
});

test('a message stored before submission hashes were kept is judged by its stored fields: the same skipped, other content refused', async () => {
  await s.app.ds.query(`UPDATE message SET submissionHash = NULL WHERE externalId IN ('12345-3', '12345-4')`);
  const again = (await ok(s.gql(IMPORT, { i: { messages: [hotline(3), hotline(4), hotline(900)] } }, w.t.dispatcher))).importMessages;
  expect(again.created.map((c: any) => c.externalId)).toEqual(['12345-900']);
  expect(again.skipped.sort()).toEqual(['HOTLINE_12345:12345-3', 'HOTLINE_12345:12345-4']);
  const changed = await s.gql(IMPORT, { i: { messages: [hotline(901), hotline(4, { title: '另一件事' })] } }, w.t.dispatcher);
  expect(codeOf(changed)).toBe('CONFLICT');
  expect(await count(`SELECT COUNT(*) AS n FROM message WHERE externalId = '12345-901'`)).toBe(0);
});
