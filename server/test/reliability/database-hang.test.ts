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
import { codeOf, ServerProcess } from './server-process';
import { Call, expectNothingHalfWritten, probe, startStream, streamUsers, summary, unexpected } from './message-stream';
import { PrivateMariaDb, sleep, waitFor } from './services';

const DB = 'wz_rel_dbhang';
const TITLE = '数据库挂起测试留言';
/** The server's database timeouts in this test (connect, pool acquire, statement), kept short to keep the test short. */
const TIMEOUT_MS = 1500;
let db: PrivateMariaDb;
let server: ServerProcess;
let users: Awaited<ReturnType<typeof streamUsers>>;

beforeAll(async () => {
  db = await PrivateMariaDb.start();
  server = await ServerProcess.start({
    DATABASE_URL: await db.createDatabase(DB),
    DB_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS),
    DB_ACQUIRE_TIMEOUT_MS: String(TIMEOUT_MS),
    DB_QUERY_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  users = await streamUsers(server);
});
afterAll(async () => {
  if (db?.pid) process.kill(db.pid, 'SIGCONT');
  await server?.stop();
  await db?.dispose();
});

test('MariaDB hangs (SIGSTOP) and resumes (SIGCONT) during a stream of requests: SERVICE_UNAVAILABLE within the timeouts, recovery, nothing half-written', async () => {
  // More workers than the pool has connections (20), so that requests also wait for a free connection while it hangs.
  // The client waits far longer than the server's timeouts: a request the server leaves hanging shows as 'client timeout'.
  const stream = startStream(server, users, { title: TITLE, workers: 24, maxSockets: 32, timeoutMs: 30_000 });
  const { calls } = stream;
  await sleep(4000);
  const beforeHang = calls.filter((c) => !c.errors && c.status === 200).length;
  process.kill(db.pid!, 'SIGSTOP');
  const hungAt = Date.now();
  await sleep(8000);
  const [readyWhileHung, liveWhileHung] = await Promise.all([probe(server, '/readyz'), probe(server, '/healthz')]);
  const resumedAt = Date.now();
  process.kill(db.pid!, 'SIGCONT');
  await waitFor('the server to recover', () => calls.some((c) => c.startedAt > resumedAt && !c.errors && c.status === 200), 20_000);
  const recoveredAt = Date.now();
  await sleep(2500);
  await stream.stop();
  const readyAfter = await probe(server, '/readyz');

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
  expect(unexpected(calls)).toEqual([]);
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

  await expectNothingHalfWritten(server, db, DB, TITLE, calls);
});
