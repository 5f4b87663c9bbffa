/**
 * Read replicas with real MariaDB replication: a primary and a replica of the suite's own (binary log, GTID), the
 * compiled server started with DATABASE_REPLICA_URLS. Shows that
 *  - staff list and statistics reads are served by the replica (counted on the replica server itself),
 *  - a user's own change is visible to them at once (read-your-writes), while the replica is still behind,
 *  - a lagging replica (delayed apply) and a stopped one leave the rotation within the configured limit, reads stay
 *    correct (served by the primary), and the replica comes back once it has caught up.
 */
import { ServerProcess } from './server-process';
import { PrivateMariaDb, sleep, waitFor } from './services';

const DB = 'wz_rel_replica';
const MAX_LAG = 3;
let primary: PrivateMariaDb;
let replica: PrivateMariaDb;
let server: ServerProcess;
let dispatcher: string;
let supervisor: string;

interface ReplicaState {
  name: string;
  lagSeconds: number | null;
  inRotation: boolean;
  reason: string | null;
}
async function replicaState(): Promise<ReplicaState> {
  const body = (await (await fetch(`${server.url}/readyz`)).json()) as { replicas: ReplicaState[] };
  return body.replicas[0];
}
/** SELECT statements the replica server has executed (its own counter). */
async function replicaSelects(): Promise<number> {
  const rows = await replica.query<Array<{ Value: string }>>(`SHOW GLOBAL STATUS LIKE 'Com_select'`);
  return Number(rows[0].Value);
}
async function caughtUp(): Promise<boolean> {
  const [p] = await primary.query<Array<{ pos: string }>>('SELECT @@GLOBAL.gtid_binlog_pos AS pos');
  const [r] = await replica.query<Array<{ pos: string }>>('SELECT @@GLOBAL.gtid_slave_pos AS pos');
  return p.pos === r.pos;
}
async function replicate(delaySeconds: number) {
  await replica.query('STOP SLAVE');
  await replica.query(
    `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_DELAY=${delaySeconds}`,
  );
  await replica.query('START SLAVE');
}

const CREATE = `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id state } } }`;
const ACCEPT = `mutation($i: MessageActionInput!) { acceptMessage(input: $i) { message { id state } } }`;
const MESSAGE = `query($id: ID!) { message(id: $id) { id state } }`;
const newMessage = async (title: string) => {
  const r = await server.gql(
    CREATE,
    {
      i: {
        channel: 'HOTLINE_12345',
        type: 'CONSULT',
        title,
        content: `${title}：小区门口的路灯坏了一个多月，晚上出行很不方便，请尽快修复。`,
        realName: '测试',
        phone: '13800000000',
      },
    },
    { token: dispatcher },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createMessage.message.id as string;
};

beforeAll(async () => {
  [primary, replica] = await Promise.all([
    PrivateMariaDb.start(['--server-id=1', '--log-bin=primary-bin', '--binlog-format=ROW']),
    PrivateMariaDb.start(['--server-id=2', '--relay-log=replica-relay', '--read-only=ON']),
  ]);
  await replicate(0);
  const primaryUrl = await primary.createDatabase(DB);
  await waitFor('the database on the replica', async () => (await replica.query<unknown[]>(`SHOW DATABASES LIKE '${DB}'`)).length === 1);
  server = await ServerProcess.start({
    DATABASE_URL: primaryUrl,
    DATABASE_REPLICA_URLS: replica.url(DB),
    REPLICA_MAX_LAG_SECONDS: String(MAX_LAG),
    REPLICA_CHECK_SECONDS: '1',
    READ_YOUR_WRITES_SECONDS: '4',
    LOG_LEVEL: 'info',
  });
  await waitFor('the replica to catch up with migrations and demo data', caughtUp, 60_000);
  await waitFor('the replica in rotation', async () => (await replicaState()).inRotation, 10_000);
  dispatcher = await server.login('dispatcher');
  supervisor = await server.login('supervisor');
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await Promise.all([replica?.dispose(), primary?.dispose()]);
});

test('staff lists and statistics are read from the replica', async () => {
  await newMessage('路灯维修');
  await waitFor('replication', caughtUp);
  const before = await replicaSelects();
  const list = await server.gql(`{ messages(first: 25) { totalCount nodes { id } } }`, {}, { token: supervisor });
  expect(list.errors).toBeUndefined();
  const [{ n }] = await primary.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM message', [], DB);
  expect(list.data.messages.totalCount).toBe(Number(n));
  const stats = await server.gql(`{ statistics(period: { from: "2026-01-01", to: "2026-12-31" }, groupBy: ALL) { assigned } }`, {}, { token: supervisor });
  expect(stats.errors).toBeUndefined();
  const afterReads = await replicaSelects();
  expect(afterReads - before).toBeGreaterThanOrEqual(2);
  // A mutation's reads (and the authentication of every request) stay on the primary.
  const id = await newMessage('mutation reads');
  await server.gql(ACCEPT, { i: { messageId: id } }, { token: dispatcher });
  expect(await replicaSelects()).toBe(afterReads);
});

test('a user sees their own change at once while the replica is behind; a lagging replica leaves the rotation and comes back', async () => {
  // The replica applies every change 8 s late (within that, it still answers for what it has).
  await replicate(8);
  await waitFor('the delayed replica in rotation', async () => (await replicaState()).inRotation);
  const id = await newMessage('读己之写');
  // The author reads it at once (read-your-writes: the primary).
  const own = await server.gql(MESSAGE, { id }, { token: dispatcher });
  expect(own.data?.message).toEqual({ id, state: 'RECEIVED' });
  // Someone else, right now, reads the replica, which does not have it yet (a little lag is the deal for them).
  const other = await server.gql(MESSAGE, { id }, { token: supervisor });
  expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  // The delay grows past the limit: out of rotation within the limit (plus one check), reads correct again.
  const stale = Date.now();
  await waitFor('the lagging replica out of rotation', async () => !(await replicaState()).inRotation, 10_000, 200);
  const outAfter = (Date.now() - stale) / 1000;
  expect(outAfter).toBeLessThanOrEqual(MAX_LAG + 2.5);
  expect((await replicaState()).reason).toMatch(/behind/);
  const meanwhile = await server.gql(MESSAGE, { id }, { token: supervisor });
  expect(meanwhile.data?.message).toEqual({ id, state: 'RECEIVED' });
  // Applied at last: back in rotation, and the replica has it.
  await waitFor('the replica back in rotation', async () => (await replicaState()).inRotation, 20_000, 200);
  const before = await replicaSelects();
  expect((await server.gql(MESSAGE, { id }, { token: supervisor })).data?.message).toEqual({ id, state: 'RECEIVED' });
  expect(await replicaSelects()).toBeGreaterThan(before);
}, 60_000);

test('a replica whose replication stopped leaves the rotation; reads stay correct; it is used again once restarted', async () => {
  await replicate(0);
  await waitFor('replication', caughtUp);
  await waitFor('in rotation', async () => (await replicaState()).inRotation);
  await replica.query('STOP SLAVE');
  const stoppedAt = Date.now();
  await waitFor('the stopped replica out of rotation', async () => !(await replicaState()).inRotation, 10_000, 100);
  expect(Date.now() - stoppedAt).toBeLessThan(3000);
  expect(await replicaState()).toMatchObject({ inRotation: false, reason: 'replication stopped' });
  const id = await newMessage('复制停止');
  await server.gql(ACCEPT, { i: { messageId: id } }, { token: dispatcher });
  // Long after the author's read-your-writes window, someone else still reads the current state (the primary).
  await sleep(4500);
  const before = await replicaSelects();
  expect((await server.gql(MESSAGE, { id }, { token: supervisor })).data?.message).toEqual({ id, state: 'ACCEPTED' });
  expect(await replicaSelects()).toBe(before);
  // Restarted: it catches up and takes reads again.
  await replica.query('START SLAVE');
  await waitFor('replication', caughtUp);
  await waitFor('back in rotation', async () => (await replicaState()).inRotation, 10_000, 100);
  const again = await replicaSelects();
  expect((await server.gql(MESSAGE, { id }, { token: supervisor })).data?.message).toEqual({ id, state: 'ACCEPTED' });
  expect(await replicaSelects()).toBeGreaterThan(again);
  // The metrics say where the replica-scoped reads went.
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).toMatch(/wz_replica_routed_reads_total\{target="replica"\} [1-9]/);
  expect(metrics).toMatch(/wz_replica_routed_reads_total\{target="primary"\} [1-9]/);
  expect(metrics).toMatch(/wz_replica_in_rotation\{replica="127\.0\.0\.1:\d+"\} 1/);
}, 60_000);
