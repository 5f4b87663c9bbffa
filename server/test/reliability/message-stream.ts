/**
 * A stream of workflow requests against the server while its database fails (database-hang, database-restart): workers
 * take messages through create → accept → assign → sign, reading a list between steps, and every reply is kept; then
 * the checks that nothing was half-written (every acknowledged transition in the ledger, every message's state,
 * version and assignments as its ledger says).
 */
import http from 'node:http';
import { codeOf, Reply, ServerProcess } from './server-process';
import { PrivateMariaDb, sleep } from './services';

const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`;
const ACCEPT = `mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id state } } }`;
const ASSIGN = `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id state assignments { id } } } }`;
const SIGN = `mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id state } } }`;
const LIST = `{ messages(first: 10) { totalCount nodes { id serialNo state } } }`;

type Op = 'create' | 'accept' | 'assign' | 'sign' | 'list';
export interface Call extends Reply {
  op: Op;
  messageId?: string;
}
/** The ledger row that each acknowledged transition must have written. */
const LEDGER_OF: Record<Exclude<Op, 'list'>, string> = { create: 'CREATED', accept: 'ACCEPTED', assign: 'ASSIGNED', sign: 'SIGNED' };

/** The demo's dispatcher and handler logged in, and the unit the handler works in (where messages are assigned). */
export async function streamUsers(server: ServerProcess) {
  const dispatcher = await server.login('dispatcher');
  const handler = await server.login('handler');
  const units = await server.gql(`{ units(first: 100) { nodes { id code } } }`, {}, { token: dispatcher });
  const unitId: string = units.data.units.nodes.find((u: { code: string }) => u.code === 'hn-cs-zjj').id;
  return { dispatcher, handler, unitId };
}

/**
 * Starts `workers` workers, each taking messages titled `<title> <worker>-<n>` through the workflow (on a failure it
 * starts a new message), over one keep-alive agent of `maxSockets`; `timeoutMs` is the client's wait for each reply.
 * `calls` fills as replies arrive; `stop()` lets the workers finish their step and resolves when all have.
 */
export function startStream(
  server: ServerProcess,
  users: Awaited<ReturnType<typeof streamUsers>>,
  opts: { title: string; workers: number; maxSockets: number; timeoutMs: number },
) {
  const { dispatcher, handler, unitId } = users;
  const calls: Call[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  let running = true;
  let n = 0;
  const call = async (op: Op, query: string, variables: Record<string, unknown>, token: string, messageId?: string) => {
    const r = await server.gql(query, variables, { token, agent, timeoutMs: opts.timeoutMs });
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
            title: `${opts.title} ${w}-${n}`,
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
  const workers = Array.from({ length: opts.workers }, (_, i) => worker(i));
  return {
    calls,
    stop: async () => {
      running = false;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}

/** GET /healthz or /readyz: its status (0 when no answer came) and how long it took. */
export const probe = (server: ServerProcess, endpoint: '/healthz' | '/readyz') =>
  new Promise<{ status: number; ms: number }>((resolve) => {
    const t0 = Date.now();
    http
      .get(`${server.url}${endpoint}`, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, ms: Date.now() - t0 });
      })
      .on('error', () => resolve({ status: 0, ms: Date.now() - t0 }));
  });

/** How many replies of each kind: `<status>:<error code or ok>`, or `net:<error>`. */
export const summary = (cs: Call[]) => {
  const out: Record<string, number> = {};
  for (const c of cs) {
    const k = c.netError ? `net:${c.netError}` : `${c.status}:${codeOf(c) ?? 'ok'}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

/** The replies that must never be: a dropped connection, a 5xx other than 503, an error other than SERVICE_UNAVAILABLE. */
export const unexpected = (calls: Call[]) =>
  calls
    .filter((c) => c.netError || (c.status >= 500 && c.status !== 503) || (c.errors && codeOf(c) !== 'SERVICE_UNAVAILABLE'))
    .map((c) => [c.op, c.status, c.netError, c.errors?.[0]]);

/**
 * What the database says against the replies: the acknowledged transitions missing from the ledger, and each stream
 * message (titled `<title>…`) whose ledger is not a prefix of the chain, or whose state, version or assignments do not
 * match its ledger; with how many stream messages there are.
 */
async function ledgerCheck(db: PrivateMariaDb, database: string, title: string, calls: Call[]) {
  const rows = await db.query<Array<{ messageId: number; action: string }>>(`SELECT messageId, action FROM message_event`, [], database);
  const ledger = new Set(rows.map((r) => `${r.messageId}:${r.action}`));
  const acknowledged = calls.filter((c) => c.op !== 'list' && !c.errors && c.status === 200);
  const missing = acknowledged
    .filter((c) => {
      const id = c.op === 'create' ? c.data.createMessage.message.id : c.messageId;
      return !ledger.has(`${id}:${LEDGER_OF[c.op as Exclude<Op, 'list'>]}`);
    })
    .map((c) => [c.op, c.messageId]);

  const messages = await db.query<Array<{ id: number; state: string; version: number }>>(
    `SELECT id, state, version FROM message WHERE title LIKE ? ORDER BY id`,
    [`${title}%`],
    database,
  );
  const assignments = await db.query<Array<{ messageId: number; state: string }>>(`SELECT messageId, state FROM assignment`, [], database);
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
  return { missing, problems, messages: messages.length };
}

/**
 * The checks after a fault: every acknowledged transition is in the ledger, nothing is half-written (each stream
 * message's state, version and assignments match its ledger exactly), and the server logged no unexpected error.
 */
export async function expectNothingHalfWritten(server: ServerProcess, db: PrivateMariaDb, database: string, title: string, calls: Call[]) {
  const ledger = await ledgerCheck(db, database, title, calls);
  expect(ledger.missing).toEqual([]);
  expect(ledger.messages).toBeGreaterThan(20);
  expect(ledger.problems).toEqual([]);
  expect(server.unexpectedErrors()).toEqual([]);
}
