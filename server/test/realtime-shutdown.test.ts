/**
 * Graceful shutdown of a server process (src/main.ts) on SIGTERM: it stops accepting connections, lets the
 * HTTP request in flight finish, closes subscriptions with graphql-ws "going away" (1001), drains the job
 * worker, and exits 0.
 */
import http from 'node:http';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/db/dataSource';
import { DEMO_PASSWORD } from '../src/demo/seed';
import { User } from '../src/modules/user/user.entity';
import { isolatedDatabase, testEnv } from './helpers';
import { ChildServer, clearRedisPrefix, REDIS_URL, redisTestPrefix, sleep, until } from './support/processes';
import { collect, disposeAll, INBOX, liveClient } from './support/live';
import { setupWorld } from './workflow-helpers';

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
const prefix = redisTestPrefix();
let server: ChildServer;
let ds: DataSource;

beforeAll(async () => {
  db = await isolatedDatabase({ migrated: true });
  server = await ChildServer.start({ ...db.env, REDIS_URL, REDIS_KEY_PREFIX: prefix, JOBS_ENABLED: 'true', JOB_INTERVAL_SECONDS: '1' });
  ds = createDataSource(loadConfig(testEnv({ ...db.env, DEMO_DATA: 'false', AUTO_MIGRATE: 'false' })));
  await ds.initialize();
}, 180_000);

afterAll(async () => {
  await disposeAll();
  await server?.stop('SIGKILL');
  await ds?.destroy();
  await db?.drop();
  await clearRedisPrefix(prefix);
});

/** POST /graphql on a connection of its own; resolves with the status and body, or the network error. */
function post(url: string, body: unknown): Promise<{ status: number; json?: any; netError?: string; at: number }> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      `${url}/graphql`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), at: Date.now() }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, netError: e.code ?? e.message, at: Date.now() }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, netError: e.code ?? e.message, at: Date.now() }));
    req.end(payload);
  });
}
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;

test('SIGTERM: the request in flight finishes, new connections are refused, subscriptions close with 1001, exit 0', async () => {
  const w = await setupWorld(server.asTestServer());
  // A request that takes a while: logging in an account whose password hash has a high bcrypt cost (~1.5 s).
  await ds.getRepository(User).update({ username: 'supervisor' }, { passwordHash: bcrypt.hashSync(DEMO_PASSWORD, 14) });

  const c = liveClient(server.url, w.t.handler);
  await c.acked;
  const inbox = collect(c, INBOX, { u: w.unit['hn-cs-zjj'] });
  await sleep(300);

  const slow = post(server.url, { query: LOGIN, variables: { i: { username: 'supervisor', password: DEMO_PASSWORD } } });
  await sleep(400); // the server is hashing
  const signalAt = Date.now();
  server.child.kill('SIGTERM');

  await sleep(200);
  const late = await post(server.url, { query: '{ __typename }' });
  // Not served: refused once the listener is closed; on a loaded machine the signal may still be on its way to
  // the listener, and the connection is then reset without an answer (seen under CI load).
  expect(['ECONNREFUSED', 'ECONNRESET']).toContain(late.netError);

  const inFlight = await slow;
  expect(inFlight.status).toBe(200);
  expect(inFlight.json.data.login.accessToken).toEqual(expect.any(String));
  expect(inFlight.at).toBeGreaterThan(signalAt);

  await until('the subscription to close', () => c.closeCode() !== 0);
  expect(c.closeCode()).toBe(1001);
  // The subscription ends with the socket (graphql-ws reports the close event to it), not with a GraphQL error.
  expect(inbox.errors.map((e: any) => e.code)).toEqual([1001]);
  const exit = await server.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(server.output).toMatch(/SIGTERM: finishing in-flight requests and stopping/);
  expect(server.output).not.toMatch(/unexpected error/);
}, 60_000);

test('SIGTERM in production mode (where Apollo Server would install signal handlers of its own) exits 0', async () => {
  // Apollo Server stops itself on SIGTERM unless told not to (NODE_ENV other than test), and a second stop()
  // that arrives while its own is draining waits for ever (its barrier is not resolved on success): main.ts's
  // graceful stop hung until SIGKILL. The server owns its signals (main.ts), so Apollo's are off.
  const prod = await ChildServer.start({
    ...db.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
    DEMO_DATA: 'false',
    AUTO_MIGRATE: 'false',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
  });
  try {
    const r = await prod.gql('{ __typename }');
    expect(r.data).toEqual({ __typename: 'Query' });
    prod.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      prod.exited,
      new Promise((r) => {
        timer = setTimeout(() => r('still running'), 15_000);
      }),
    ]);
    clearTimeout(timer);
    expect(exit).toEqual({ code: 0, signal: null });
  } finally {
    await prod.stop('SIGKILL');
  }
}, 60_000);
