/**
 * MariaDB hangs (SIGSTOP: the process is frozen, its sockets stay open, nothing is refused) during a stream of requests,
 * then resumes (SIGCONT):
 *  - while it hangs every request is answered, within the configured timeouts, with SERVICE_UNAVAILABLE (never a
 *    request left hanging, never INTERNAL_SERVER_ERROR, a 500 or a dropped connection); /readyz says 503 and
 *    /healthz (liveness) stays 200;
 *  - once it resumes the server recovers by itself;
 *  - nothing is half-written: every acknowledged transition is in the ledger, and every message's state, version and
 *    assignments agree with its ledger.
 */
import http from 'node:http';
import { codeOf, Reply, ServerProcess } from './server-process';
import { PrivateMariaDb, sleep, waitFor } from './services';

const DB = 'wz_rel_dbhang';
/** The server's database timeouts in this test (connect, pool acquire, statement), kept short to keep the test short. */
const TIMEOUT_MS = 1500;
let db: PrivateMariaDb;
let server: ServerProcess;
let dispatcher: string;
let handler: string;
let unitId: string;

beforeAll(async () => {
  db = await PrivateMariaDb.start();
  server = await ServerProcess.start({
    DATABASE_URL: await db.createDatabase(DB),
    DB_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS),
    DB_ACQUIRE_TIMEOUT_MS: String(TIMEOUT_MS),
    DB_QUERY_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  dispatcher = await server.login('dispatcher');
  handler = await server.login('handler');
  const units = await server.gql(`{ units(first: 100) { nodes { id code } } }`, {}, { token: dispatcher });
  unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'hn-cs-zjj').id;
});
afterAll(async () => {
  if (db?.pid) process.kill(db.pid, 'SIGCONT');
  await server?.stop();
  await db?.dispose();
});

const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`;
const ACCEPT = `mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id state } } }`;
const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id state assignments { id } } } }`;
const SIGN = `mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id state } } }`;
const LIST = `{ messages(first: 10) { totalCount nodes { id serialNo state } } }`;

type Op = 'create' | 'accept' | 'assign' | 'sign' | 'list';
interface Call extends Reply {
  op: Op;
  messageId?: string;
}
const LEDGER_OF: Record<Exclude<Op, 'list'>, string> = { create: 'CREATED', accept: 'ACCEPTED', assign: 'ASSIGNED', sign: 'SIGNED' };

test('MariaDB hangs (SIGSTOP) and resumes (SIGCONT) during a stream of requests: SERVICE_UNAVAILABLE within the timeouts, recovery, nothing half-written', async () => {
  const calls: Call[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let running = true;
  let n = 0;
  const call = async (op: Op, query: string, variables: Record<string, unknown>, token: string, messageId?: string) => {
    // The client waits far longer than the server's timeouts: a request the server leaves hanging shows as 'client timeout'.
    const r = await server.gql(query, variables, { token, agent, timeoutMs: 30_000 });
    calls.push({ ...r, op, messageId });
    return r;
  };
  const worker = async (w: number) => {
    while (running) {
      n += 1;
      const c = await call(
        'create',
        CREATE,
        {
          i: {
            channel: 'WEB',
            type: 'COMPLAIN',
            title: `数据库挂起测试留言 ${w}-${n}`,
            content: '小区路灯损坏已经一个月，晚上出行很不方便，请尽快维修。',
            realName: '赵六',
            phone: '13600000000',
          },
        },
        dispatcher,
      );
      const id: string | undefined = c.data?.createMessage?.message.id;
      if (!id) {
        await sleep(50);
        continue;
      }
      if (!(await call('accept', ACCEPT, { i: { messageId: id } }, dispatcher, id)).data?.acceptMessage) {
        await sleep(50);
        continue;
      }
      await call('list', LIST, {}, handler);
      const a = await call('assign', ASSIGN, { i: { messageId: id, leadUnitId: unitId } }, dispatcher, id);
      const assignmentId: string | undefined = a.data?.assignMessage?.message.assignments[0]?.id;
      if (!assignmentId) {
        await sleep(50);
        continue;
      }
      await call('sign', SIGN, { i: { assignmentId } }, handler, id);
    }
  };
  const probe = (endpoint: '/healthz' | '/readyz') =>
    new Promise<{ status: number; ms: number }>((resolve) => {
      const t0 = Date.now();
      http
        .get(`${server.url}${endpoint}`, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, ms: Date.now() - t0 });
        })
        .on('error', () => resolve({ status: 0, ms: Date.now() - t0 }));
    });

  // More workers than the pool has connections (20), so that requests also wait for a free connection while it hangs.
  const workers = Array.from({ length: 24 }, (_, i) => worker(i));
  await sleep(4000);
  const beforeHang = calls.filter((c) => !c.errors && c.status === 200).length;
  process.kill(db.pid!, 'SIGSTOP');
  const hungAt = Date.now();
  await sleep(8000);
  const [readyWhileHung, liveWhileHung] = await Promise.all([probe('/readyz'), probe('/healthz')]);
  const resumedAt = Date.now();
  process.kill(db.pid!, 'SIGCONT');
  await waitFor('the server to recover', () => calls.some((c) => c.startedAt > resumedAt && !c.errors && c.status === 200), 20_000);
  const recoveredAt = Date.now();
  await sleep(2500);
  running = false;
  await Promise.all(workers);
  agent.destroy();
  const readyAfter = await probe('/readyz');

  const summary = (cs: Call[]) => {
    const out: Record<string, number> = {};
    for (const c of cs) {
      const k = c.netError ? `net:${c.netError}` : `${c.status}:${codeOf(c) ?? 'ok'}`;
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  // Requests that started once the database had hung (and a moment later, so that none was already answered) and ended before it resumed.
  const during = calls.filter((c) => c.startedAt >= hungAt + 200 && c.startedAt + c.ms <= resumedAt);
  const overlapping = calls.filter((c) => c.startedAt < resumedAt && c.startedAt + c.ms > hungAt);
  const after = calls.filter((c) => c.startedAt >= recoveredAt + 500);
  const slowest = (cs: Call[]) => Math.max(0, ...cs.map((c) => c.ms));
  console.log(
    `database SIGSTOP: ${beforeHang} ok before; while hung ${JSON.stringify(summary(during))}, slowest ${slowest(during)} ms ` +
      `(of all requests overlapping the hang: ${slowest(overlapping)} ms); /readyz ${readyWhileHung.status} in ${readyWhileHung.ms} ms; ` +
      `recovered ${recoveredAt - resumedAt} ms after SIGCONT; afterwards ${JSON.stringify(summary(after))}; all ${JSON.stringify(summary(calls))}`,
  );

  const slow = overlapping.filter((c) => c.ms > 3 * TIMEOUT_MS);
  if (slow.length) console.log(slow.map((c) => `slow: ${c.op} started ${c.startedAt - hungAt} ms after the hang, ${c.ms} ms, ${codeOf(c) ?? 'ok'}`).join('\n'));
  expect(beforeHang).toBeGreaterThan(10);
  // Never a request left hanging, an unexpected error, a 500 or a dropped connection.
  expect(
    calls
      .filter((c) => c.netError || (c.status >= 500 && c.status !== 503) || (c.errors && codeOf(c) !== 'SERVICE_UNAVAILABLE'))
      .map((c) => [c.op, c.status, c.netError, c.errors?.[0]]),
  ).toEqual([]);
  // While it hangs: SERVICE_UNAVAILABLE, each within the timeouts (a statement's wait, plus a connection's at worst).
  expect(during.length).toBeGreaterThan(24);
  expect(during.every((c) => codeOf(c) === 'SERVICE_UNAVAILABLE')).toBe(true);
  // (A request already running when the database froze may meet a timeout at each of a few statements in a row; one
  // that starts during the hang meets one, or two when its connection has first to be waited for.)
  expect(slowest(during)).toBeLessThan(2 * TIMEOUT_MS + 1500);
  expect(slowest(overlapping)).toBeLessThan(5 * TIMEOUT_MS);
  expect(readyWhileHung.status).toBe(503);
  expect(readyWhileHung.ms).toBeLessThan(2 * TIMEOUT_MS + 1000);
  expect(liveWhileHung.status).toBe(200);
  // Resumed: everything succeeds again, without anyone touching the server.
  expect(recoveredAt - resumedAt).toBeLessThan(10_000);
  expect(after.length).toBeGreaterThan(10);
  expect(after.filter((c) => c.errors || c.status !== 200)).toEqual([]);
  expect(readyAfter.status).toBe(200);
  expect(server.alive).toBe(true);

  // Every acknowledged transition is in the ledger.
  const rows = await db.query<Array<{ messageId: number; action: string }>>(`SELECT messageId, action FROM message_event`, [], DB);
  const ledger = new Set(rows.map((r) => `${r.messageId}:${r.action}`));
  const acknowledged = calls.filter((c) => c.op !== 'list' && !c.errors && c.status === 200);
  const missing = acknowledged.filter((c) => {
    const id = c.op === 'create' ? c.data.createMessage.message.id : c.messageId;
    return !ledger.has(`${id}:${LEDGER_OF[c.op as Exclude<Op, 'list'>]}`);
  });
  expect(missing.map((c) => [c.op, c.messageId])).toEqual([]);

  // Nothing half-written: each message's state, version and assignments match its ledger exactly.
  const messages = await db.query<Array<{ id: number; state: string; version: number }>>(
    `SELECT id, state, version FROM message WHERE title LIKE '数据库挂起测试留言%' ORDER BY id`,
    [],
    DB,
  );
  const assignments = await db.query<Array<{ messageId: number; state: string }>>(`SELECT messageId, state FROM assignment`, [], DB);
  const initialVersion = Number(messages[0].version) - (rows.filter((r) => r.messageId === messages[0].id).length - 1);
  const CHAIN = ['CREATED', 'ACCEPTED', 'ASSIGNED', 'SIGNED'];
  const STATE_AFTER: Record<string, string> = { CREATED: 'RECEIVED', ACCEPTED: 'ACCEPTED', ASSIGNED: 'ASSIGNED', SIGNED: 'IN_PROGRESS' };
  const problems: string[] = [];
  for (const m of messages) {
    const actions = rows.filter((r) => r.messageId === m.id).map((r) => r.action);
    const as = assignments.filter((a) => a.messageId === m.id);
    if (actions.join() !== CHAIN.slice(0, actions.length).join()) problems.push(`${m.id}: ledger ${actions}`);
    if (m.state !== STATE_AFTER[actions[actions.length - 1]]) problems.push(`${m.id}: state ${m.state} but ledger ${actions}`);
    if (Number(m.version) !== initialVersion + actions.length - 1) problems.push(`${m.id}: version ${m.version} but ${actions.length} ledger rows`);
    if (as.length !== (actions.includes('ASSIGNED') ? 1 : 0)) problems.push(`${m.id}: ${as.length} assignments but ledger ${actions}`);
    if (as[0] && (as[0].state === 'SIGNED') !== actions.includes('SIGNED')) problems.push(`${m.id}: assignment ${as[0].state} but ledger ${actions}`);
  }
  expect(messages.length).toBeGreaterThan(20);
  expect(problems).toEqual([]);
  expect(server.unexpectedErrors()).toEqual([]);
});
