/**
 * MariaDB crashes (SIGKILL), or shuts down cleanly (SIGTERM), and comes back during a stream of requests:
 *  - while it is down every request fails fast with SERVICE_UNAVAILABLE (never INTERNAL_SERVER_ERROR, never a 500,
 *    never a dropped connection), and /readyz says 503 while /healthz (liveness) stays 200;
 *  - the server recovers by itself once the database is back;
 *  - no transition is half-written: every acknowledged transition has its ledger row, and every message's state,
 *    version and assignments agree with its ledger.
 */
import http from 'node:http';
import { codeOf, Reply, ServerProcess } from './server-process';
import { PrivateMariaDb, sleep, waitFor } from './services';

const DB = 'wz_rel_dbrestart';
let db: PrivateMariaDb;
let server: ServerProcess;
let dispatcher: string;
let handler: string;
let unitId: string;

beforeAll(async () => {
  db = await PrivateMariaDb.start();
  server = await ServerProcess.start({ DATABASE_URL: await db.createDatabase(DB) });
  dispatcher = await server.login('dispatcher');
  handler = await server.login('handler');
  const units = await server.gql(`{ units(first: 100) { nodes { id code } } }`, {}, { token: dispatcher });
  unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'hn-cs-zjj').id;
});
afterAll(async () => {
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
/** The ledger row that each acknowledged transition must have written. */
const LEDGER_OF: Record<Exclude<Op, 'list'>, string> = { create: 'CREATED', accept: 'ACCEPTED', assign: 'ASSIGNED', sign: 'SIGNED' };

test.each([
  ['crashes (SIGKILL)', 'SIGKILL'],
  ['shuts down cleanly (SIGTERM)', 'SIGTERM'],
] as const)('MariaDB %s and restarts during a stream of requests: fail fast, recover, nothing half-written', async (_how, signal) => {
  const calls: Call[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let running = true;
  let n = 0;
  const call = async (op: Op, query: string, variables: Record<string, unknown>, token: string, messageId?: string) => {
    const r = await server.gql(query, variables, { token, agent, timeoutMs: 20_000 });
    calls.push({ ...r, op, messageId });
    return r;
  };
  /** One worker takes a message through create → accept → assign → sign, reading a list between steps; on a failure it starts a new message. */
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
            title: `数据库重启测试留言 ${w}-${n}`,
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
  const probe = async (endpoint: '/healthz' | '/readyz') =>
    new Promise<number>((resolve) => {
      http
        .get(`${server.url}${endpoint}`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', () => resolve(0));
    });

  const workers = Array.from({ length: 6 }, (_, i) => worker(i));
  await sleep(2000);
  const beforeDown = calls.filter((c) => !c.errors && c.status === 200).length;
  await db.stopServer(signal);
  const downAt = Date.now();
  await sleep(3000);
  const readyWhileDown = await probe('/readyz');
  const liveWhileDown = await probe('/healthz');
  const upAt = Date.now();
  await db.startServer();
  const dbBackAt = Date.now();
  // Recovery: the stream succeeds again without anyone touching the server.
  await waitFor('the server to recover', () => calls.some((c) => c.startedAt > dbBackAt && !c.errors && c.status === 200), 15_000);
  const recoveredAt = Date.now();
  await sleep(2000);
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
  const during = calls.filter((c) => c.startedAt >= downAt && c.startedAt + c.ms <= upAt);
  const after = calls.filter((c) => c.startedAt >= recoveredAt + 500);
  console.log(
    `database ${signal}: ${beforeDown} ok before; while down ${JSON.stringify(summary(during))}, slowest ${Math.max(...during.map((c) => c.ms))} ms; ` +
      `recovered ${recoveredAt - dbBackAt} ms after the database was back; afterwards ${JSON.stringify(summary(after))}; all ${JSON.stringify(summary(calls))}`,
  );

  expect(beforeDown).toBeGreaterThan(20);
  // Never an unexpected error, a 500 or a dropped connection, from start to end.
  expect(
    calls
      .filter((c) => c.netError || (c.status >= 500 && c.status !== 503) || (c.errors && codeOf(c) !== 'SERVICE_UNAVAILABLE'))
      .map((c) => [c.op, c.status, c.netError, c.errors?.[0]]),
  ).toEqual([]);
  // While down: only SERVICE_UNAVAILABLE, answered fast.
  expect(during.length).toBeGreaterThan(10);
  expect(during.every((c) => codeOf(c) === 'SERVICE_UNAVAILABLE')).toBe(true);
  expect(Math.max(...during.map((c) => c.ms))).toBeLessThan(2000);
  expect(readyWhileDown).toBe(503);
  expect(liveWhileDown).toBe(200);
  // Back: everything succeeds again.
  expect(recoveredAt - dbBackAt).toBeLessThan(10_000);
  expect(after.length).toBeGreaterThan(10);
  expect(after.filter((c) => c.errors || c.status !== 200)).toEqual([]);
  expect(readyAfter).toBe(200);
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

  // No half-written transition: each message's state, version and assignments match its ledger exactly.
  const messages = await db.query<Array<{ id: number; state: string; version: number }>>(
    `SELECT id, state, version FROM message WHERE title LIKE '数据库重启测试留言%'`,
    [],
    DB,
  );
  const assignments = await db.query<Array<{ messageId: number; state: string }>>(`SELECT messageId, state FROM assignment`, [], DB);
  const versions = await db.query<Array<{ id: number; version: number }>>(
    `SELECT id, version FROM message WHERE title LIKE '数据库重启测试留言%' ORDER BY id LIMIT 1`,
    [],
    DB,
  );
  const initialVersion = Number(versions[0].version) - (rows.filter((r) => r.messageId === versions[0].id).length - 1);
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
