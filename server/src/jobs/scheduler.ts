/**
 * Scheduled work (jobs.ts): overdue, due-soon and sign-deadline alerts, and closing replied messages nobody rated.
 * Without Redis the jobs run in process on a timer (this file); each run never overlaps the previous one, and
 * the workflow's version check makes a job's effect happen once even if two processes race. With Redis they
 * run through a BullMQ queue (queue.ts): each tick is one job, run by one instance's worker.
 */
export interface ScheduledJob {
  name: string;
  everySeconds: number;
  /** Does the work due at `now`; resolves with how many items it handled, rejects to be retried. */
  run(now: Date): Promise<number>;
}

/** What app.ts starts and stops: the in-process timer or the Redis-backed queue. */
export interface JobRunner {
  start(): Promise<void>;
  /** Stops taking new work and waits for the runs in progress (graceful shutdown). */
  stop(): Promise<void>;
}

export class InProcessScheduler implements JobRunner {
  private timers: NodeJS.Timeout[] = [];
  private running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: ScheduledJob[],
    private readonly log: { error(m: string, e?: unknown): void },
  ) {}

  async start(): Promise<void> {
    for (const job of this.jobs) {
      const timer = setInterval(() => void this.runOnce(job), job.everySeconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs a job now unless it is already running; resolves with what it did. */
  async runOnce(job: ScheduledJob): Promise<number> {
    if (this.running.has(job.name)) return 0;
    const p = job.run(new Date()).catch((e) => {
      this.log.error(`[job ${job.name}] failed`, e);
      return 0;
    });
    this.running.set(job.name, p);
    try {
      return await p;
    } finally {
      this.running.delete(job.name);
    }
  }

  /** Stops the timers and waits for runs in progress (graceful shutdown). */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.all(this.running.values());
  }
}
