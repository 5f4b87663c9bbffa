/**
 * Private services for the reliability suite: a MariaDB and a Redis of its own, on free ports and in a temporary
 * directory, that the tests stop and start at will. The shared services (3306, 6379) are never touched.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 20_000, step = 50): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await Promise.resolve(cond()).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(step);
  }
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  await exited;
}

function which(...candidates: string[]): string {
  for (const c of candidates) {
    if (c.includes('/') && fs.existsSync(c)) return c;
    const r = spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  throw new Error(`none of ${candidates.join(', ')} is installed`);
}

/** A MariaDB server of the suite's own (mariadb-install-db into a temporary directory, root without password). */
export class PrivateMariaDb {
  private child: ChildProcess | null = null;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly extraArgs: string[] = [],
  ) {}

  /** `extraArgs`: more server options (e.g. `--server-id=1 --log-bin` for a replication primary). */
  static async start(extraArgs: string[] = []): Promise<PrivateMariaDb> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-rel-db-'));
    const install = spawnSync(
      which('mariadb-install-db', 'mysql_install_db'),
      ['--no-defaults', `--datadir=${dir}/data`, '--auth-root-authentication-method=normal', '--skip-test-db', `--user=${os.userInfo().username}`],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed:\n${install.stdout}\n${install.stderr}`);
    const db = new PrivateMariaDb(dir, await freePort(), extraArgs);
    await db.startServer();
    return db;
  }

  /** mysql://root@127.0.0.1:<port>/<database> */
  url(database: string): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async startServer(): Promise<void> {
    if (this.child) return;
    const bin = which('/usr/sbin/mariadbd', 'mariadbd', '/usr/sbin/mysqld', 'mysqld');
    this.child = track(
      spawn(
        bin,
        [
          '--no-defaults',
          `--datadir=${this.dir}/data`,
          `--port=${this.port}`,
          '--bind-address=127.0.0.1',
          `--socket=${this.dir}/mysqld.sock`,
          `--pid-file=${this.dir}/mysqld.pid`,
          `--user=${os.userInfo().username}`,
          '--skip-name-resolve',
          '--innodb-buffer-pool-size=64M',
          '--max-connections=300',
          '--character-set-server=utf8mb4',
          '--collation-server=utf8mb4_unicode_ci',
          `--log-error=${this.dir}/error.log`,
          ...this.extraArgs,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    this.child.stdout!.on('data', (d) => {
      this.log += d;
    });
    this.child.stderr!.on('data', (d) => {
      this.log += d;
    });
    const child = this.child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await waitFor(
      `MariaDB on port ${this.port}`,
      async () => {
        if (!this.child) throw new Error(`mariadbd exited: ${this.log}${this.errorLog()}`);
        const c = await mysql.createConnection({ host: '127.0.0.1', port: this.port, user: 'root', connectTimeout: 1000 });
        await c.end();
        return true;
      },
      30_000,
    );
  }

  /** Stops the server: SIGKILL is a crash (the port closes at once, InnoDB recovers at the next start). */
  async stopServer(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await stopChild(this.child, signal);
    this.child = null;
  }

  async query<T = any>(sql: string, params: unknown[] = [], database?: string): Promise<T> {
    const c = await mysql.createConnection({ host: '127.0.0.1', port: this.port, user: 'root', database, connectTimeout: 3000 });
    try {
      const [rows] = await c.query(sql, params);
      return rows as T;
    } finally {
      await c.end();
    }
  }

  async createDatabase(name: string): Promise<string> {
    await this.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return this.url(name);
  }

  errorLog(): string {
    try {
      return fs.readFileSync(`${this.dir}/error.log`, 'utf8');
    } catch {
      return '';
    }
  }

  async dispose(): Promise<void> {
    await this.stopServer('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Redis server of the suite's own (no persistence). */
export class PrivateRedis {
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.startServer();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async startServer(): Promise<void> {
    if (this.child) return;
    this.child = track(
      spawn(which('redis-server'), ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
        stdio: 'ignore',
      }),
    );
    const child = this.child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await waitFor(
      `Redis on port ${this.port}`,
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.connect(this.port, '127.0.0.1');
          s.once('connect', () => {
            s.write('PING\r\n');
          });
          s.once('data', (d) => {
            s.destroy();
            resolve(d.toString().startsWith('+PONG'));
          });
          s.once('error', () => resolve(false));
        }),
    );
  }

  async stopServer(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await stopChild(this.child, signal);
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.stopServer('SIGKILL');
  }
}
