/**
 * Scheduled jobs through a Redis-backed queue (BullMQ), used when REDIS_URL is set.
 *
 * Every instance upserts one job scheduler per job, with the job's name as its fixed id: BullMQ keeps one
 * scheduler per id in Redis, so however many instances start, each tick produces one job (its id is made
 * from the scheduler id and the tick's time). Every instance runs a worker; a job is taken by one worker
 * only. A run that throws is retried with exponential backoff; a run whose instance dies is taken over by
 * another worker once its lock expires (the work is idempotent: the ledger and the version check make each
 * effect happen once). Schedulers are written again whenever the Redis connection comes back (a Redis restarted
 * without persistence has lost them). Stopping closes the worker after the job in progress has finished.
 */
import { Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import type { JobRunner, ScheduledJob } from './scheduler';

export interface QueueSchedulerOptions {
  redisUrl: string;
  /** REDIS_KEY_PREFIX: the queue's keys live under `<prefix>bull:jobs:…`. */
  keyPrefix: string;
  /** Names this instance's worker (shown as a job's `processedBy`). */
  instance: string;
  /** Attempts per tick (first run included) and the first retry's delay, doubled on each retry. */
  attempts?: number;
  backoffMs?: number;
  log: { info(m: string): void; error(m: string, e?: unknown): void };
}

export const JOB_QUEUE = 'jobs';

export class QueueScheduler implements JobRunner {
  private connection: Redis | null = null;
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private readonly byName: Map<string, ScheduledJob>;
  private stopping = false;

  constructor(
    private readonly jobs: ScheduledJob[],
    private readonly opts: QueueSchedulerOptions,
  ) {
    this.byName = new Map(jobs.map((j) => [j.name, j]));
  }

  async start(): Promise<void> {
    const { keyPrefix, instance, log } = this.opts;
    // BullMQ's workers need commands that wait for Redis to come back rather than fail (maxRetriesPerRequest: null).
    this.connection = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null, connectionName: `${keyPrefix}jobs` });
    this.connection.on('error', (e) => log.error('[jobs] redis', e.message));
    const prefix = `${keyPrefix}bull`;
    this.queue = new Queue(JOB_QUEUE, { connection: this.connection, prefix });
    this.queue.on('error', (e) => log.error('[jobs] queue', e.message));
    await this.ensureSchedulers();
    this.worker = new Worker(JOB_QUEUE, (job) => this.process(job), { connection: this.connection, prefix, name: instance, concurrency: 1 });
    this.worker.on('error', (e) => log.error('[jobs] worker', e.message));
    this.worker.on('failed', (job, e) => {
      const attempts = job?.opts.attempts ?? 1;
      log.error(
        `[jobs] ${job?.name} (${job?.id}) failed, attempt ${job?.attemptsMade} of ${attempts}${(job?.attemptsMade ?? 0) < attempts ? ', will retry' : ''}`,
        e,
      );
    });
    await this.worker.waitUntilReady();
    // A Redis that restarted without persistence comes back without the schedulers: write them again whenever
    // the connection comes back (idempotent: an existing scheduler keeps its ticks, one job per tick).
    this.connection.on('ready', () => {
      if (this.worker && !this.stopping) this.ensureSchedulers().catch((e) => log.error('[jobs] could not restore the job schedulers', e));
    });
  }

  /** Upserts one scheduler per job (fixed id: the job's name) and removes those of jobs no longer in the code. */
  private async ensureSchedulers(): Promise<void> {
    const queue = this.queue!;
    for (const s of await queue.getJobSchedulers()) {
      const id = s.key ?? s.name;
      if (!this.byName.has(id)) await queue.removeJobScheduler(id);
    }
    for (const job of this.jobs) {
      await queue.upsertJobScheduler(
        job.name,
        { every: job.everySeconds * 1000 },
        {
          name: job.name,
          opts: {
            attempts: this.opts.attempts ?? 5,
            backoff: { type: 'exponential', delay: this.opts.backoffMs ?? 2000 },
            removeOnComplete: { count: 500 },
            removeOnFail: { count: 500 },
          },
        },
      );
    }
  }

  private async process(job: Job): Promise<number> {
    const def = this.byName.get(job.name);
    if (!def) return 0; // scheduled by a newer or older version of the server: not ours to run
    return def.run(new Date());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // close() stops taking jobs and waits for the one in progress (drain); then the queue and its connection.
    await this.worker?.close();
    await this.queue?.close();
    this.connection?.disconnect();
    this.worker = null;
    this.queue = null;
    this.connection = null;
  }
}
