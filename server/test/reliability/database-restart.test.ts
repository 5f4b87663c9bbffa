/**
 * MariaDB crashes (SIGKILL), or shuts down cleanly (SIGTERM), and comes back during a stream of requests:
 *  - while it is down every request fails fast with SERVICE_UNAVAILABLE (never INTERNAL_SERVER_ERROR, never a 500,
 *    never a dropped connection), and /readyz says 503 while /healthz (liveness) stays 200;
 *  - the server recovers by itself once the database is back;
 *  - no transition is half-written: every acknowledged transition has its ledger row, and every message's state,
 *    version and assignments agree with its ledger.
 */
import { codeOf, ServerProcess } from './server-process';
import { expectNothingHalfWritten, probe, startStream, streamUsers, summary, unexpected } from './message-stream';
import { PrivateMariaDb, sleep, waitFor } from './services';

const DB = 'wz_rel_dbrestart';
const TITLE = '数据库重启测试留言';
let db: PrivateMariaDb;
let server: ServerProcess;
let users: Awaited<ReturnType<typeof streamUsers>>;

beforeAll(async () => {
  db = await PrivateMariaDb.start();
  server = await ServerProcess.start({ DATABASE_URL: await db.createDatabase(DB) });
  users = await streamUsers(server);
});
afterAll(async () => {
  await server?.stop();
  await db?.dispose();
});

test.each([
  ['crashes (SIGKILL)', 'SIGKILL'],
  ['shuts down cleanly (SIGTERM)', 'SIGTERM'],
] as const)('MariaDB %s and restarts during a stream of requests: fail fast, recover, nothing half-written', async (_how, signal) => {
  const stream = startStream(server, users, { title: TITLE, workers: 6, maxSockets: 16, timeoutMs: 20_000 });
  const { calls } = stream;
  await sleep(2000);
  const beforeDown = calls.filter((c) => !c.errors && c.status === 200).length;
  await db.stopServer(signal);
  const downAt = Date.now();
  await sleep(3000);
  const readyWhileDown = (await probe(server, '/readyz')).status;
  const liveWhileDown = (await probe(server, '/healthz')).status;
  const upAt = Date.now();
  await db.startServer();
  const dbBackAt = Date.now();
  // Recovery: the stream succeeds again without anyone touching the server.
  await waitFor('the server to recover', () => calls.some((c) => c.startedAt > dbBackAt && !c.errors && c.status === 200), 15_000);
  const recoveredAt = Date.now();
  await sleep(2000);
  await stream.stop();
  const readyAfter = (await probe(server, '/readyz')).status;

  const during = calls.filter((c) => c.startedAt >= downAt && c.startedAt + c.ms <= upAt);
  const after = calls.filter((c) => c.startedAt >= recoveredAt + 500);
  console.log(
    `database ${signal}: ${beforeDown} ok before; while down ${JSON.stringify(summary(during))}, slowest ${Math.max(...during.map((c) => c.ms))} ms; ` +
      `recovered ${recoveredAt - dbBackAt} ms after the database was back; afterwards ${JSON.stringify(summary(after))}; all ${JSON.stringify(summary(calls))}`,
  );

  expect(beforeDown).toBeGreaterThan(20);
  // Never an unexpected error, a 500 or a dropped connection, from start to end.
  expect(unexpected(calls)).toEqual([]);
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

  await expectNothingHalfWritten(server, db, DB, TITLE, calls);
});
