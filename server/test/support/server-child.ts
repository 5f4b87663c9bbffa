/**
 * A server run as a child process, whichever way it is started (from source: support/processes.ts; compiled:
 * reliability/server-process.ts): what it writes, its exit, the URL it says it listens on, and stopping it. Every one
 * still running when the test process exits is killed.
 */
import type { ChildProcess } from 'node:child_process';

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export class ServerChild {
  url = '';
  /** Everything the server wrote, stdout and stderr. */
  output = '';
  readonly exited: Promise<Exit>;

  protected constructor(readonly child: ChildProcess) {
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stdout!.on('data', (d) => {
      this.output += d;
    });
    child.stderr!.on('data', (d) => {
      this.output += d;
    });
    this.exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  }

  /** Waits until the server says where it listens; if it exits first or takes longer than `ms`, kills it and throws with its output. */
  protected async listening(ms = 120_000): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
      const m = /listening on (http:\/\/\S+)/.exec(this.output);
      if (m) {
        this.url = m[1];
        return;
      }
      const failure = !this.alive ? 'the server exited during start-up' : Date.now() > end ? 'timed out waiting for the server to listen' : null;
      if (failure) {
        this.child.kill('SIGKILL');
        throw new Error(`${failure}\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends the signal and waits for the exit (SIGKILL after the grace period). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<Exit> {
    if (this.alive) {
      this.child.kill(signal);
      const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      const r = await this.exited;
      clearTimeout(t);
      return r;
    }
    return this.exited;
  }
}
