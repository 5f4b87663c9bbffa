/**
 * Two server processes (src/main.ts, each its own Node process) over one database and the real Redis, in a
 * Redis namespace of their own: events fan out across instances once, each tick of a scheduled job runs once
 * across instances (BullMQ), and dropping the instances' Redis connections in the middle of a stream of
 * events loses nothing and duplicates nothing, for a subscriber that stays connected and for one that
 * reconnects with `afterEventId`.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { jobsOf } from '../src/jobs/jobs';
import { createDataSource } from '../src/db/dataSource';
import { Assignment } from '../src/modules/assignment/assignment.entity';
import { Message } from '../src/modules/message/message.entity';
import { isolatedDatabase, testEnv } from './helpers';
import { ChildServer, clearRedisPrefix, dropRedisConnections, REDIS_URL, redisTestPrefix, sleep, until } from './support/processes';
import { collect, disposeAll, INBOX, liveClient } from './support/live';
import { newMessage, ok, setupWorld, World } from './workflow-helpers';

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let prefix: string;
let a: ChildServer;
let b: ChildServer;
let w: World;
let ds: DataSource;

beforeAll(async () => {
  db = await isolatedDatabase({ migrated: true });
  prefix = redisTestPrefix();
  const common = { ...db.env, REDIS_URL, REDIS_KEY_PREFIX: prefix, JOBS_ENABLED: 'true', JOB_INTERVAL_SECONDS: '1' };
  a = await ChildServer.start({ ...common, DEMO_DATA: 'true', AUTO_MIGRATE: 'true' });
  b = await ChildServer.start({ ...common, DEMO_DATA: 'false', AUTO_MIGRATE: 'false' });
  w = await setupWorld(a.asTestServer());
  ds = createDataSource(loadConfig(testEnv({ ...db.env, DEMO_DATA: 'false', AUTO_MIGRATE: 'false' })));
  await ds.initialize();
}, 180_000);

afterAll(async () => {
  await disposeAll();
  const exits = await Promise.all([a?.stop(), b?.stop()]);
  await ds?.destroy();
  await db?.drop();
  if (prefix) await clearRedisPrefix(prefix);
  // Both instances stopped gracefully on SIGTERM.
  expect(exits.map((e) => e?.code)).toEqual([0, 0]);
}, 60_000);

const zjj = () => w.unit['hn-cs-zjj'];
const assign = (messageId: string) =>
  ok(a.gql(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { i: { messageId, leadUnitId: zjj() } }, w.t.dispatcher));
const ledger = async (messageIds: string[], action?: string): Promise<Array<{ id: number; action: string }>> =>
  (
    await ds.query(
      `SELECT id, action FROM message_event WHERE messageId IN (${messageIds.map(() => '?').join(',')})${action ? ' AND action = ?' : ''} ORDER BY id`,
      [...messageIds.map(Number), ...(action ? [action] : [])],
    )
  ).map((r: { id: number | string; action: string }) => ({ id: Number(r.id), action: r.action }));
const maxLedgerId = async () => Number((await ds.query(`SELECT MAX(id) AS m FROM message_event`))[0].m);
const of = (events: any[], messageId: string) => events.filter((e) => e.messageId === messageId).map((e) => e.type);

test('an assignment made through instance A reaches the subscriber of the unit on instance B exactly once', async () => {
  const onB = liveClient(b.url, w.t.handler);
  const onA = liveClient(a.url, w.t.handler);
  await Promise.all([onA.acked, onB.acked]);
  const subB = collect(onB, INBOX, { u: zjj() });
  const subA = collect(onA, INBOX, { u: zjj() });
  await sleep(500);
  const m = await newMessage(w);
  await assign(m.id);
  await until('the event on B', () => subB.events.some((e) => e.messageId === m.id));
  await until('the event on A', () => subA.events.some((e) => e.messageId === m.id));
  await sleep(1000); // a second copy would arrive by now
  expect(of(subB.events, m.id)).toEqual(['ASSIGNED']);
  expect(of(subA.events, m.id)).toEqual(['ASSIGNED']);
  expect(subB.events.find((e) => e.messageId === m.id).serialNo).toBe(m.serialNo);
  subA.stop();
  subB.stop();
});

test('with both instances up, the overdue job marks an overdue assignment once, and each tick runs on one instance', async () => {
  const m = await newMessage(w);
  await assign(m.id);
  const onA = liveClient(a.url, w.t.handler);
  const onB = liveClient(b.url, w.t.handler);
  await Promise.all([onA.acked, onB.acked]);
  const subA = collect(onA, INBOX, { u: zjj() });
  const subB = collect(onB, INBOX, { u: zjj() });
  await sleep(500);
  const past = new Date(Date.now() - 3600_000);
  await ds.getRepository(Assignment).update({ messageId: Number(m.id) }, { replyDueAt: past, yellowAt: past });
  await ds.getRepository(Message).update({ id: Number(m.id) }, { replyDueAt: past, yellowAt: past });
  const markedFrom = Date.now();

  await until('the OVERDUE entry', async () => (await ledger([m.id], 'OVERDUE')).length > 0);
  await sleep(4000); // four more ticks of every job, with both workers waiting for them
  expect(await ledger([m.id], 'OVERDUE')).toHaveLength(1);
  expect(of(subA.events, m.id)).toEqual(['OVERDUE']);
  expect(of(subB.events, m.id)).toEqual(['OVERDUE']);
  const d = (await ok(a.gql(`query($id: ID!) { message(id: $id) { warningLevel assignments { overdueAt } } }`, { id: m.id }, w.t.handler))).message;
  expect(d.warningLevel).toBe('RED');

  // What the queue saw: one job per tick of `mark-overdue` (ticks a full interval apart, never two for one
  // tick), each completed at its first attempt, taken by the two instances' workers in turn, and marking
  // one assignment in all.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('jobs', { connection, prefix: `${prefix}bull` });
  try {
    const all = await queue.getJobs(['completed'], 0, -1);
    const overdue = all.filter((j) => j.name === 'mark-overdue' && (j.processedOn ?? 0) >= markedFrom - 1000);
    expect(overdue.length).toBeGreaterThanOrEqual(4);
    const ticks = overdue.map((j) => Number(String(j.id).split(':').pop())).sort((x, y) => x - y);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(overdue.every((j) => j.attemptsMade <= 1 && !j.failedReason)).toBe(true);
    expect(overdue.reduce((n, j) => n + Number(j.returnvalue), 0)).toBe(1);
    const workers = new Set(all.map((j) => j.processedBy).filter(Boolean));
    expect(workers.size).toBe(2);
    // one scheduler per scheduled job (the modules' jobs, listed with stub services: only their number is read)
    const stubs = new Proxy({}, { has: () => true, get: (_, name) => (name === 'config' ? { jobs: { intervalSeconds: 1 } } : {}) });
    expect(await queue.getJobSchedulersCount()).toBe(jobsOf(stubs as never).length);
  } finally {
    await queue.close();
    connection.disconnect();
  }
  subA.stop();
  subB.stop();
});

test('Redis connections dropped during a stream of events: every event reaches the subscribers exactly once', async () => {
  const N = 16;
  const messages = [];
  for (let i = 0; i < N; i++) messages.push(await newMessage(w));
  const ids = messages.map((m) => m.id);
  const mark = await maxLedgerId();

  // `steady` stays connected to B throughout; `hopping` loses its socket in the middle and comes back on A
  // with the last event id it saw.
  const steadyClient = liveClient(b.url, w.t.handler);
  const hoppingClient = liveClient(b.url, w.t.handler);
  await Promise.all([steadyClient.acked, hoppingClient.acked]);
  const steady = collect(steadyClient, INBOX, { u: zjj() });
  const hopping1 = collect(hoppingClient, INBOX, { u: zjj() });
  await sleep(500);

  // The stream: each message assigned to the unit (through A) and signed for by it (through B).
  let produced = 0;
  const stream = (async () => {
    for (const m of messages) {
      await assign(m.id);
      const [asg] = (await ok(a.gql(`query($id: ID!) { message(id: $id) { assignments { id } } }`, { id: m.id }, w.t.handler))).message.assignments;
      await ok(b.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: asg.id } }, w.t.handler));
      produced++;
      await sleep(30);
    }
  })();
  stream.catch(() => undefined); // awaited below; a failure shows there

  const mine = (events: any[]) => events.filter((e) => ids.includes(e.messageId));
  const going = () => {
    if (steady.errors.length) throw new Error(JSON.stringify(steady.errors));
  };
  await until('a few events', () => {
    going();
    return mine(steady.events).length >= 4;
  });
  // 1. Both instances' listening connections (pub/sub) are dropped, twice, while events keep coming.
  expect((await dropRedisConnections(prefix, (n) => n === 'events-sub')).sort()).toEqual(['events-sub', 'events-sub']);
  await sleep(150);
  expect(await dropRedisConnections(prefix, (n) => n === 'events-sub')).toHaveLength(2);
  // The hopping subscriber's own socket goes too (what it saw is taken once the socket is closed: an event already
  // on the wire while closing may still arrive, none after).
  await hoppingClient.client.dispose();
  for (let n = -1; n !== hopping1.events.length;) {
    n = hopping1.events.length;
    await sleep(300);
  } // frames already received drain
  const seenBeforeHop = mine(hopping1.events).map((e) => Number(e.eventId));
  await until('more of the stream', () => produced >= N / 2);
  // 2. Every connection of both instances (listeners, publishers, the main client, the job queue's).
  const killed = await dropRedisConnections(prefix);
  expect(killed).toEqual(expect.arrayContaining(['main', 'events-pub', 'events-sub', 'jobs']));
  const resumeAfter = Math.max(mark, ...mine(hopping1.events).map((e) => Number(e.eventId)));
  expect(mine(hopping1.events).map((e) => Number(e.eventId))).toEqual(seenBeforeHop);
  const hopping2 = collect(liveClient(a.url, w.t.handler), INBOX, { u: zjj(), after: resumeAfter });
  await stream;

  const expected = (await ledger(ids)).filter((r) => r.id > mark);
  expect(expected.map((r) => r.action).sort()).toEqual([...Array(N).fill('ASSIGNED'), ...Array(N).fill('SIGNED')].sort());
  const idsOf = (events: any[]) => mine(events).map((e) => Number(e.eventId));
  await until('every event at the steady subscriber', () => idsOf(steady.events).length >= expected.length, 20_000).catch(() => undefined);
  await until('every event at the hopping subscriber', () => idsOf([...hopping1.events, ...hopping2.events]).length >= expected.length, 20_000).catch(
    () => undefined,
  );
  await sleep(1500); // late duplicates would arrive by now

  const want = expected.map((r) => r.id);
  expect(idsOf(steady.events)).toEqual(want); // all, once, in ledger order
  expect([...idsOf(hopping1.events), ...idsOf(hopping2.events)]).toEqual(want);
  expect(steady.errors).toEqual([]);
  // The instances are still healthy afterwards.
  for (const s of [a, b]) expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
}, 120_000);
