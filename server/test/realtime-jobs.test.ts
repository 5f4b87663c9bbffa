/**
 * Scheduled jobs through the Redis queue (BullMQ), as the units see them: DUE_SOON and SIGN_OVERDUE
 * announced once each, live in the inbox and in the ledger (so a resuming subscriber gets them too); and the
 * queue's own guarantees: a failing run is retried with backoff, stopping waits for the run in progress.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Assignment } from '../src/modules/assignment/assignment.entity';
import { Message } from '../src/modules/message/message.entity';
import { QueueScheduler } from '../src/jobs/queue';
import { clearRedisPrefix, dropRedisConnections, ownRedis, REDIS_URL, redisTestPrefix, sleep, until } from './support/processes';
import { collect, disposeAll, INBOX, liveClient } from './support/live';
import { newMessage, ok, worldPerFile } from './workflow-helpers';

const redis = ownRedis();
const { s, w } = worldPerFile({ ...redis.env, JOBS_ENABLED: 'true', JOB_INTERVAL_SECONDS: '1' }, { beforeClose: () => disposeAll(), afterClose: redis.clear });

const zjj = () => w.unit['hn-cs-zjj'];
const ledger = async (messageId: string, action: string): Promise<Array<{ id: number; payload: any }>> =>
  (await s.app.ds.query(`SELECT id, payload FROM message_event WHERE messageId = ? AND action = ? ORDER BY id`, [Number(messageId), action])).map(
    (r: { id: number | string; payload: string }) => ({ id: Number(r.id), payload: JSON.parse(r.payload) }),
  );
const assignOf = async (messageId: string) => {
  await ok(s.gql(`mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`, { i: { messageId, leadUnitId: zjj() } }, w.t.dispatcher));
  return await s.app.ds.getRepository(Assignment).findOneByOrFail({ messageId: Number(messageId) });
};
const of = (events: any[], messageId: string, type: string) => events.filter((e) => e.messageId === messageId && e.type === type);

test('an assignment past its yellow threshold is announced DUE_SOON once, live and in the ledger, and a resuming subscriber gets it', async () => {
  const m = await newMessage(w);
  const a = await assignOf(m.id);
  const assigned = (await ledger(m.id, 'ASSIGNED'))[0].id;
  const c = liveClient(s.url, w.t.handler);
  await c.acked;
  const inbox = collect(c, INBOX, { u: zjj() });
  await sleep(300);
  const due = new Date(Date.now() + 86400_000);
  await s.app.ds.getRepository(Assignment).update({ id: a.id }, { yellowAt: new Date(Date.now() - 60_000), replyDueAt: due });

  await until('DUE_SOON in the ledger', async () => (await ledger(m.id, 'DUE_SOON')).length > 0);
  await sleep(3000); // three more ticks
  const rows = await ledger(m.id, 'DUE_SOON');
  expect(rows).toHaveLength(1);
  expect(rows[0].payload.replyDueAt).toBe(due.toISOString());
  await until('the live event', () => of(inbox.events, m.id, 'DUE_SOON').length > 0);
  expect(of(inbox.events, m.id, 'DUE_SOON')).toHaveLength(1);
  expect(of(inbox.events, m.id, 'DUE_SOON')[0]).toMatchObject({ eventId: String(rows[0].id), assignmentId: String(a.id), serialNo: m.serialNo });
  // The inbox shows it in yellow, as the event says.
  const d = (await ok(s.gql(`query($id: ID!) { message(id: $id) { assignments { id warningLevel } } }`, { id: m.id }, w.t.handler))).message;
  expect(d.assignments[0].warningLevel).toBe('YELLOW');

  // A subscriber that was away since the assignment gets it from the ledger, once.
  const back = liveClient(s.url, w.t.handler);
  const resumed = collect(back, INBOX, { u: zjj(), after: assigned });
  await until('the replay', () => of(resumed.events, m.id, 'DUE_SOON').length > 0);
  await sleep(1500);
  expect(resumed.events.filter((e) => e.messageId === m.id).map((e) => e.type)).toEqual(['DUE_SOON']);
});

test('after an extension, the new deadline is announced again when it comes near (once)', async () => {
  const m = await newMessage(w);
  const a = await assignOf(m.id);
  await s.app.ds.getRepository(Assignment).update({ id: a.id }, { yellowAt: new Date(Date.now() - 60_000), replyDueAt: new Date(Date.now() + 86400_000) });
  await until('the first DUE_SOON', async () => (await ledger(m.id, 'DUE_SOON')).length > 0);
  await ok(
    s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: String(a.id) } }, w.t.handler),
  );
  await ok(
    s.gql(
      `mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { assignment { id } } }`,
      { i: { assignmentId: String(a.id), days: 5, reason: '需要现场勘查' } },
      w.t.handler,
    ),
  );
  await ok(
    s.gql(
      `mutation($i: DecisionInput!) { decideExtension(input: $i) { assignment { id } } }`,
      { i: { assignmentId: String(a.id), approve: true } },
      w.t.dispatcher,
    ),
  );
  const extended = await s.app.ds.getRepository(Assignment).findOneByOrFail({ id: a.id });
  expect(extended.yellowAt.getTime()).toBeGreaterThan(Date.now());
  await sleep(2000); // ticks run: the new deadline is not near yet
  expect(await ledger(m.id, 'DUE_SOON')).toHaveLength(1);

  // Later, when the new yellow threshold has passed (the job run as at that time):
  const later = new Date(extended.yellowAt.getTime() + 60_000);
  expect(await s.app.services.deadlineAlerts.markDueSoon(later)).toBeGreaterThanOrEqual(1);
  expect(await s.app.services.deadlineAlerts.markDueSoon(later)).toBe(0);
  const rows = await ledger(m.id, 'DUE_SOON');
  expect(rows).toHaveLength(2);
  expect(rows[1].payload.replyDueAt).toBe(extended.replyDueAt.toISOString());
});

test('an assignment not signed for by its sign-for deadline is announced SIGN_OVERDUE once; a signed one is not', async () => {
  const late = await newMessage(w);
  const signed = await newMessage(w);
  const a1 = await assignOf(late.id);
  const a2 = await assignOf(signed.id);
  await ok(
    s.gql(`mutation($i: AssignmentActionInput!) { signAssignment(input: $i) { assignment { id } } }`, { i: { assignmentId: String(a2.id) } }, w.t.handler),
  );
  const c = liveClient(s.url, w.t.handler);
  await c.acked;
  const inbox = collect(c, INBOX, { u: zjj() });
  await sleep(300);
  const past = new Date(Date.now() - 60_000);
  await s.app.ds.getRepository(Assignment).update({ id: a1.id }, { signDueAt: past });
  await s.app.ds.getRepository(Assignment).update({ id: a2.id }, { signDueAt: past });

  await until('SIGN_OVERDUE in the ledger', async () => (await ledger(late.id, 'SIGN_OVERDUE')).length > 0);
  await sleep(3000);
  expect(await ledger(late.id, 'SIGN_OVERDUE')).toHaveLength(1);
  expect(await ledger(signed.id, 'SIGN_OVERDUE')).toHaveLength(0);
  expect(of(inbox.events, late.id, 'SIGN_OVERDUE')).toHaveLength(1);
  expect(of(inbox.events, late.id, 'SIGN_OVERDUE')[0].payload).toMatchObject({ signDueAt: past.toISOString(), role: 'LEAD' });
  expect(inbox.events.filter((e) => e.messageId === signed.id && e.type === 'SIGN_OVERDUE')).toEqual([]);
});

test('a message on hold is not announced (its clock is paused)', async () => {
  const held = await newMessage(w);
  const running = await newMessage(w);
  const a = await assignOf(held.id);
  const b = await assignOf(running.id);
  await s.app.ds.getRepository(Message).update({ id: Number(held.id) }, { onHoldSince: new Date() });
  for (const id of [a.id, b.id]) {
    await s.app.ds
      .getRepository(Assignment)
      .update({ id }, { yellowAt: new Date(Date.now() - 60_000), replyDueAt: new Date(Date.now() + 86400_000), signDueAt: new Date(Date.now() - 60_000) });
  }
  await until(
    'the running one announced',
    async () => (await ledger(running.id, 'DUE_SOON')).length > 0 && (await ledger(running.id, 'SIGN_OVERDUE')).length > 0,
  );
  await sleep(2000);
  expect(await ledger(held.id, 'DUE_SOON')).toHaveLength(0);
  expect(await ledger(held.id, 'SIGN_OVERDUE')).toHaveLength(0);
});

describe('the queue', () => {
  const qPrefix = redisTestPrefix();
  const errors: string[] = [];
  const log = {
    info: () => undefined,
    error: (m: string) => {
      errors.push(m);
    },
  };
  afterAll(async () => {
    await clearRedisPrefix(qPrefix);
  });

  test('a run that fails is retried with backoff, and its tick then completes', async () => {
    const calls: number[] = [];
    const scheduler = new QueueScheduler(
      [
        {
          name: 'flaky',
          everySeconds: 3600,
          run: async () => {
            calls.push(Date.now());
            if (calls.length === 1) throw new Error('database unavailable');
            return 7;
          },
        },
      ],
      { redisUrl: REDIS_URL, keyPrefix: qPrefix, instance: 'test', attempts: 3, backoffMs: 600, log },
    );
    await scheduler.start();
    try {
      await until('the retry', () => calls.length >= 2);
    } finally {
      await scheduler.stop();
    }
    expect(calls).toHaveLength(2);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(550);
    expect(errors.some((e) => /flaky .* failed, attempt 1 of 3, will retry/.test(e))).toBe(true);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('jobs', { connection, prefix: `${qPrefix}bull` });
    try {
      const [job] = (await queue.getJobs(['completed'])).filter((j) => j.name === 'flaky');
      expect(job.returnvalue).toBe(7);
      expect(job.attemptsMade).toBe(2);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  test('stopping waits for the run in progress to finish (drain)', async () => {
    let started = 0;
    let finished = 0;
    const scheduler = new QueueScheduler(
      [
        {
          name: 'slow',
          everySeconds: 3600,
          run: async () => {
            started = Date.now();
            await sleep(1500);
            finished = Date.now();
            return 1;
          },
        },
      ],
      { redisUrl: REDIS_URL, keyPrefix: qPrefix, instance: 'test', log },
    );
    await scheduler.start();
    await until('the run to start', () => started > 0);
    const stopping = Date.now();
    await scheduler.stop();
    expect(finished).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(finished);
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(1000);
  });

  test('when Redis comes back without the queue (restarted empty) or just reconnects, the jobs run on, one run per tick', async () => {
    const p = redisTestPrefix();
    const runs: number[] = [];
    let again = 0;
    const scheduler = new QueueScheduler(
      [
        {
          name: 'tick',
          everySeconds: 1,
          run: async () => {
            runs.push(Date.now());
            return 0;
          },
        },
      ],
      { redisUrl: REDIS_URL, keyPrefix: p, instance: 'test', log },
    );
    await scheduler.start();
    try {
      await until('two runs', () => runs.length >= 2);
      await clearRedisPrefix(p); // what a Redis restarted without persistence has: nothing
      expect(await dropRedisConnections(p)).toContain('jobs');
      const before = runs.length;
      await until('runs after the loss', () => runs.length >= before + 2, 10_000);
      await dropRedisConnections(p); // a plain reconnection: the schedulers are still there and written again
      again = runs.length;
      await until('runs after the reconnection', () => runs.length >= again + 3, 10_000);
    } finally {
      await scheduler.stop();
      await clearRedisPrefix(p);
    }
    // Writing an existing scheduler again adds no run: from the last run before the reconnection on, one run per
    // tick. (After the loss the restored scheduler starts afresh and runs at once, whenever the last tick was.)
    const after = runs.slice(again - 1);
    const gaps = after.slice(1).map((t, i) => t - after[i]);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...gaps)).toBeGreaterThan(800);
  });
});
