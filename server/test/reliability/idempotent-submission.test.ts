/**
 * The same citizen submission (public API `submitMessage`, same externalId) retried 50 times at once gives exactly
 * one message, one CREATED ledger row, and the same serial number and query code to every caller.
 */
import { codeOf, DEMO_API_KEY, ServerProcess } from './server-process';
import { PrivateMariaDb } from './services';

let db: PrivateMariaDb;
let server: ServerProcess;
let dbName: string;

beforeAll(async () => {
  db = await PrivateMariaDb.start();
  dbName = 'wz_rel_idem';
  // Citizen operations are limited per IP (30/min by default): lift the limit so that all 50 retries reach the service.
  server = await ServerProcess.start({ DATABASE_URL: await db.createDatabase(dbName), CITIZEN_OPS_PER_IP_PER_MINUTE: '10000' });
});
afterAll(async () => {
  await server?.stop();
  await db?.dispose();
});

const SUBMIT = `mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode deduplicated submittedAt } }`;

test('a submission retried 50 times concurrently creates exactly one message', async () => {
  const input = {
    externalId: 'portal-2026-retry-0001',
    type: 'COMPLAIN',
    title: '小区门口道路破损严重𠀀',
    content: '小区门口的道路坑洼不平已有两个月，雨天积水，请尽快修复。🚧',
    realName: '李四',
    phone: '13900000000',
    isPublic: true,
    isAnonymous: false,
  };
  const replies = await Promise.all(Array.from({ length: 50 }, () => server.gql(SUBMIT, { i: input }, { apiKey: DEMO_API_KEY })));
  const failures = replies.filter((r) => r.status !== 200 || r.errors);
  expect(failures.map((r) => [r.status, codeOf(r), r.errors?.[0]?.message, r.netError])).toEqual([]);
  const serials = new Set(replies.map((r) => r.data.submitMessage.serialNo));
  expect(serials.size).toBe(1);
  expect(new Set(replies.map((r) => r.data.submitMessage.queryCode)).size).toBe(1);
  expect(replies.filter((r) => !r.data.submitMessage.deduplicated)).toHaveLength(1);

  const rows = await db.query<Array<{ id: number; serialNo: string; title: string }>>(
    `SELECT id, serialNo, title FROM message WHERE externalId LIKE ?`,
    ['%:portal-2026-retry-0001'],
    dbName,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0].serialNo).toBe([...serials][0]);
  expect(rows[0].title).toBe(input.title);
  const created = await db.query<Array<{ n: number }>>(
    `SELECT COUNT(*) AS n FROM message_event WHERE messageId = ? AND action = 'CREATED'`,
    [rows[0].id],
    dbName,
  );
  expect(Number(created[0].n)).toBe(1);
});

test('retries after the first one has committed are deduplicated too, and a different externalId is a new message', async () => {
  const input = {
    externalId: 'portal-2026-retry-0002',
    type: 'CONSULT',
    title: '咨询公积金提取办理流程',
    content: '请问异地购房提取住房公积金需要准备哪些材料，在哪里办理？',
    realName: '王五',
    phone: '13700000000',
  };
  const first = await server.gql(SUBMIT, { i: input }, { apiKey: DEMO_API_KEY });
  expect(first.errors).toBeUndefined();
  expect(first.data?.submitMessage.deduplicated).toBe(false);
  const again = await Promise.all(Array.from({ length: 50 }, () => server.gql(SUBMIT, { i: input }, { apiKey: DEMO_API_KEY })));
  for (const r of again) expect(r.data?.submitMessage).toEqual({ ...first.data.submitMessage, deduplicated: true });
  const other = await server.gql(SUBMIT, { i: { ...input, externalId: 'portal-2026-retry-0003' } }, { apiKey: DEMO_API_KEY });
  expect(other.data?.submitMessage.serialNo).not.toBe(first.data.submitMessage.serialNo);
  const n = await db.query<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM message WHERE externalId LIKE ?`, ['%:portal-2026-retry-000%'], dbName);
  expect(Number(n[0].n)).toBe(3);
  expect(server.unexpectedErrors()).toEqual([]);
});
