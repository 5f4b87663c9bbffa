/**
 * Scheduled work: marking overdue assignments (once each) and closing replied messages nobody rated.
 * In embedded mode the jobs run in process on a timer; each run never overlaps the previous one, and
 * the workflow's version check makes a job's effect happen once even if two processes race.
 */
export interface ScheduledJob {
  name: string;
  everySeconds: number;
  run(now: Date): Promise<number>;
}

export class InProcessScheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Map<string, Promise<unknown>>();

  constructor(private readonly jobs: ScheduledJob[], private readonly log: { error(m: string, e?: unknown): void }) {}

  start(): void {
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
