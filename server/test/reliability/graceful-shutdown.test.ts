/**
 * The server gets SIGTERM under load (32 clients on keep-alive connections, writes and reads, and a subscriber):
 *  - every request written before the signal is answered, successfully (no reset, no refusal, no error);
 *  - subscriptions are closed with "going away" (1001), and the process exits 0 promptly;
 *  - nothing acknowledged is lost: every created message is in the database with its ledger row; and
 *    submissions whose answer never came, retried against the restarted server, give exactly one message each.
 */
import http from 'node:http';
import { codeOf, Reply, ServerProcess } from './server-process';
import { PrivateMariaDb, sleep } from './services';
import { ResumingSubscriber } from './subscriber';

const DB = 'wz_rel_sigterm';
let db: PrivateMariaDb;
let server: ServerProcess;
let url: string;

beforeAll(async () => {
  db = await PrivateMariaDb.start();
  url = await db.createDatabase(DB);
  server = await ServerProcess.start({ DATABASE_URL: url });
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await db?.dispose();
});

const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id serialNo } deduplicated } }`;
const LIST = `{ messages(first: 25) { totalCount nodes { id serialNo state leadUnit { name } } } }`;
const input = (externalId: string) => ({
  channel: 'HOTLINE_12345',
  externalId,
  type: 'HELP',
  title: `停机测试留言 ${externalId}`,
  content: '家中老人突发疾病需要就医，小区道路被占无法通行救护车，请协调。',
  realName: '孙八',
  phone: '13400000000',
});

test('SIGTERM under load: requests already sent finish, subscriptions close with 1001, nothing is lost', async () => {
  const dispatcher = await server.login('dispatcher');
  const handler = await server.login('handler');
  const units = await server.gql(`{ units(first: 100) { nodes { id code } } }`, {}, { token: dispatcher });
  const unitId: string = units.data.units.nodes.find((u: { code: string }) => u.code === 'hn-cs-zjj').id;
  const subscriber = new ResumingSubscriber(server.url, handler, 'assignmentEvents', { unitId });
  await sleep(500);

  const calls: Array<Reply & { op: string; externalId?: string }> = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let stopAt = Infinity;
  const worker = async (w: number) => {
    for (let n = 0; Date.now() < stopAt; n++) {
      if (n % 3 === 2) {
        calls.push({ ...(await server.gql(LIST, {}, { token: handler, agent })), op: 'list' });
      } else {
        const externalId = `sigterm-${w}-${n}`;
        const r = await server.gql(CREATE, { i: input(externalId) }, { token: dispatcher, agent });
        calls.push({ ...r, op: 'create', externalId });
        if (r.netError) await sleep(50);
      }
    }
  };
  const workers = Array.from({ length: 32 }, (_, w) => worker(w));
  await sleep(1500);
  const signalAt = Date.now();
  server.child.kill('SIGTERM');
  stopAt = signalAt + 1500; // clients keep sending for a while after the signal
  const exit = await server.exited;
  const exitedAt = Date.now();
  await Promise.all(workers);
  agent.destroy();

  const sentBefore = calls.filter((c) => c.sentAt !== undefined && c.sentAt < signalAt);
  const after = calls.filter((c) => c.startedAt > signalAt);
  const summary = (cs: Reply[]) =>
    cs.reduce<Record<string, number>>((o, c) => {
      const k = c.netError ? `net:${c.netError}` : `${c.status}:${codeOf(c) ?? 'ok'}`;
      o[k] = (o[k] ?? 0) + 1;
      return o;
    }, {});
  const inFlight = sentBefore.filter((c) => c.startedAt + c.ms > signalAt);
  const resets = calls.filter((c) => c.netError === 'ECONNRESET').map((c) => c.startedAt - signalAt);
  console.log(
    `sigterm: exit ${JSON.stringify(exit)} after ${exitedAt - signalAt} ms; sent before the signal ${JSON.stringify(summary(sentBefore))} ` +
      `(${inFlight.length} still in flight at the signal); resets started at ${resets} ms from the signal; started after ${JSON.stringify(summary(after))}; subscriber close codes ${subscriber.closeCodes}`,
  );
  await subscriber.dispose();

  expect(exit).toEqual({ code: 0, signal: null });
  expect(exitedAt - signalAt).toBeLessThan(12_000);
  expect(inFlight.length).toBeGreaterThan(0);
  // Every request written before the signal got its full, successful answer.
  expect(sentBefore.filter((c) => c.netError || c.status !== 200 || c.errors).map((c) => [c.op, c.status, c.netError, c.errors?.[0]])).toEqual([]);
  // Answers given while draining say `Connection: close`, so keep-alive clients do not send their next request on a
  // socket about to close: only a request sent on a connection that was idle at the signal can still be reset
  // (without the header every keep-alive connection was: 32 of 32).
  expect(resets.length).toBeLessThan(16);
  // Afterwards: refused or told the service is unavailable, never an internal error.
  expect(after.filter((c) => (c.status >= 500 && c.status !== 503) || (c.errors && codeOf(c) !== 'SERVICE_UNAVAILABLE'))).toEqual([]);
  expect(subscriber.closeCodes[0]).toBe(1001);
  expect(server.unexpectedErrors()).toEqual([]);

  // Nothing acknowledged is lost.
  const acknowledged = calls.filter((c) => c.op === 'create' && c.status === 200 && !c.errors);
  const rows = await db.query<Array<{ externalId: string; n: number; created: number }>>(
    `SELECT m.externalId, COUNT(DISTINCT m.id) AS n, COUNT(e.id) AS created FROM message m LEFT JOIN message_event e ON e.messageId = m.id AND e.action = 'CREATED' WHERE m.externalId LIKE 'sigterm-%' GROUP BY m.externalId`,
    [],
    DB,
  );
  const stored = new Map(rows.map((r) => [r.externalId, r]));
  expect(acknowledged.filter((c) => !stored.has(c.externalId!)).map((c) => c.externalId)).toEqual([]);
  expect(rows.filter((r) => Number(r.n) !== 1 || Number(r.created) !== 1)).toEqual([]);

  // The server comes back on the same database; the submissions that got no answer are retried: one message each.
  server = await ServerProcess.start({ DATABASE_URL: url, DEMO_DATA: 'false' });
  const token = await server.login('dispatcher');
  const unanswered = calls.filter((c) => c.op === 'create' && (c.status !== 200 || c.errors));
  const retried: Reply[] = [];
  for (let i = 0; i < unanswered.length; i += 16) {
    retried.push(...(await Promise.all(unanswered.slice(i, i + 16).map((c) => server.gql(CREATE, { i: input(c.externalId!) }, { token })))));
  }
  expect(retried.filter((r) => r.errors || r.status !== 200)).toEqual([]);
  const all = await db.query<Array<{ n: number; distinctIds: number }>>(
    `SELECT COUNT(*) AS n, COUNT(DISTINCT externalId) AS distinctIds FROM message WHERE externalId LIKE 'sigterm-%'`,
    [],
    DB,
  );
  expect(Number(all[0].n)).toBe(Number(all[0].distinctIds));
  expect(Number(all[0].n)).toBe(new Set(calls.filter((c) => c.op === 'create').map((c) => c.externalId)).size);
});
