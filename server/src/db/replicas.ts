/**
 * Read replicas (DATABASE_REPLICA_URLS): reads that tolerate a little lag go to a MySQL/MariaDB replica, everything
 * else to the primary.
 *
 * - What goes to a replica: the reads of a GraphQL *query* operation and of the CSV exports (lists, search, detail
 *   pages, statistics, dashboards, the public API), unless the caller wrote recently (read-your-writes, below).
 *   Mutations, subscriptions, scheduled jobs, authentication (a revoked session must end at once) and every read
 *   inside a transaction stay on the primary.
 * - Read-your-writes: a mutation marks its caller (the staff session, else the API key and address, else the address)
 *   for READ_YOUR_WRITES_SECONDS; that caller's reads go to the primary meanwhile, so what they just did is there on
 *   their next screen. With Redis the mark is shared by every instance; without, it is per instance.
 * - Lag: every REPLICA_CHECK_SECONDS each replica's replication status is read (`SHOW REPLICA STATUS`, or
 *   `SHOW SLAVE STATUS` on older servers; the account needs REPLICATION CLIENT / SLAVE MONITOR). A replica whose
 *   replication is stopped, whose delay is unknown or above REPLICA_MAX_LAG_SECONDS, or that cannot be reached is
 *   taken out of rotation (logged); it comes back once it has caught up. With no replica in rotation, reads go to the
 *   primary. A replica that fails a read is taken out at once and the read is retried on the primary.
 *
 * Mechanics: TypeORM's own replication (a mysql2 pool cluster with MASTER and SLAVE<n> nodes, default mode master);
 * this class decides per read which node serves it, through an AsyncLocalStorage scope set by the HTTP layer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import type express from 'express';
import { getOperationAST, parse } from 'graphql';
import type Redis from 'ioredis';
import type { DataSource, QueryRunner } from 'typeorm';
import type { AppConfig } from '../config/config';
import { verifyAccessToken } from '../auth/tokens';

export type ReadTarget = 'replica' | 'primary';

/** Where the reads of the code running now may go (unset: primary). */
const readScope = new AsyncLocalStorage<ReadTarget>();

/**
 * Whether a ReadReplicas of this process routes reads by the scope (replicas configured and started). Until one does,
 * every read goes to the primary anyway and no scope is set: an AsyncLocalStorage that has run once makes Node 20 hook
 * every promise of the process for good (a few percent of a page's CPU and garbage, issue 19).
 */
let scopesRead = false;

/** Runs `fn` with every read on the primary, whatever the surrounding scope (authentication, decisions before a write). */
export const onPrimary = <T>(fn: () => T): T => (scopesRead ? readScope.run('primary', fn) : fn());

export interface ReplicaState {
  name: string;
  /** Seconds behind the primary, null when unknown (replication stopped, replica unreachable). */
  lagSeconds: number | null;
  inRotation: boolean;
  /** Why it is out of rotation, in words (null while in rotation). */
  reason: string | null;
}

interface Logger {
  info(msg: string): void;
  error(msg: string, err?: unknown): void;
}

type MysqlConnection = { query(sql: string, cb: (err: Error | null, rows: unknown) => void): void; release(): void; destroy(): void };
type PoolCluster = { getConnection(pattern: string, cb: (err: Error | null, conn: MysqlConnection) => void): void };
interface ReplicatedDriver {
  poolCluster?: PoolCluster;
  obtainSlaveConnection(): Promise<unknown>;
  obtainMasterConnection(): Promise<unknown>;
  prepareDbConnection(conn: MysqlConnection): unknown;
}

/** Remembers who wrote recently, for read-your-writes: in Redis (shared by instances) or in this process. */
class RecentWriters {
  private readonly local = new Map<string, number>();
  constructor(
    private readonly redis: Redis | null,
    private readonly prefix: string,
    private readonly seconds: number,
  ) {}

  async mark(key: string): Promise<void> {
    this.local.set(key, Date.now() + this.seconds * 1000);
    if (this.local.size > 100_000) for (const [k, until] of this.local) if (until < Date.now()) this.local.delete(k);
    await this.redis?.set(`${this.prefix}ryw:${key}`, '1', 'EX', this.seconds).catch(() => undefined);
  }

  async wroteRecently(key: string): Promise<boolean> {
    const until = this.local.get(key);
    if (until && until > Date.now()) return true;
    if (!this.redis) return false;
    // Redis unreachable: the primary (correct, only slower).
    return this.redis.exists(`${this.prefix}ryw:${key}`).then(
      (n) => n > 0,
      () => true,
    );
  }
}

export class ReadReplicas {
  private readonly states: ReplicaState[];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly writers: RecentWriters;
  /** Reads served in a replica scope, by where they went (metrics, tests). */
  readonly reads = { replica: 0, primary: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    redis: Redis | null,
    private readonly log: Logger,
  ) {
    this.states =
      config.database.type === 'mysql'
        ? config.database.replicaUrls.map((url) => ({ name: replicaName(url), lagSeconds: null, inRotation: false, reason: 'not checked yet' }))
        : [];
    this.writers = new RecentWriters(redis, config.redisKeyPrefix, config.replicas.readYourWritesSeconds);
  }

  get enabled(): boolean {
    return this.states.length > 0;
  }

  replicas(): ReplicaState[] {
    return this.states.map((s) => ({ ...s }));
  }

  /** Routes replica-scoped reads, checks the replicas now and then every REPLICA_CHECK_SECONDS. */
  async start(): Promise<void> {
    if (!this.enabled) return;
    scopesRead = true;
    const driver = this.ds.driver as unknown as ReplicatedDriver;
    const masterConnection = driver.obtainMasterConnection.bind(driver);
    driver.obtainSlaveConnection = () => this.replicaConnection(driver, masterConnection);
    // Reads outside a transaction use the replication mode the scope says; everything else keeps TypeORM's master.
    (this.ds as unknown as { defaultReplicationModeForReads(): 'master' | 'slave' }).defaultReplicationModeForReads = () =>
      readScope.getStore() === 'replica' ? 'slave' : 'master';
    const query = this.ds.query.bind(this.ds);
    this.ds.query = (async (sql: string, parameters?: unknown[], runner?: QueryRunner) => {
      if (runner || readScope.getStore() !== 'replica') return query(sql, parameters, runner);
      const reader = this.ds.createQueryRunner('slave');
      try {
        return await reader.query(sql, parameters);
      } finally {
        await reader.release();
      }
    }) as DataSource['query'];
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.replicas.checkSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A connection of the next replica in rotation, or of the primary when none is (or the chosen one fails). */
  private async replicaConnection(driver: ReplicatedDriver, masterConnection: () => Promise<unknown>): Promise<unknown> {
    const inRotation = this.states.map((s, i) => (s.inRotation ? i : -1)).filter((i) => i >= 0);
    if (inRotation.length === 0 || !driver.poolCluster) {
      this.reads.primary++;
      return masterConnection();
    }
    const index = inRotation[this.next++ % inRotation.length];
    try {
      const conn = await new Promise<MysqlConnection>((resolve, reject) =>
        driver.poolCluster!.getConnection(`SLAVE${index}`, (err, c) => (err ? reject(err) : resolve(c))),
      );
      this.reads.replica++;
      return driver.prepareDbConnection(conn);
    } catch (e) {
      this.setState(index, null, `unreachable: ${(e as Error).message}`);
      this.reads.primary++;
      return masterConnection();
    }
  }

  /** Reads each replica's replication status and puts it in or out of rotation. */
  async check(): Promise<void> {
    const driver = this.ds.driver as unknown as ReplicatedDriver;
    await Promise.all(
      this.states.map(async (_s, i) => {
        try {
          const status = await replicationStatus(driver.poolCluster!, `SLAVE${i}`, Math.max(1000, this.config.replicas.checkSeconds * 1000));
          if (!status) return this.setState(i, null, 'not replicating (no replication configured)');
          const running = status.ioRunning && status.sqlRunning;
          if (!running) return this.setState(i, status.lag, 'replication stopped');
          if (status.lag === null) return this.setState(i, null, 'delay unknown');
          if (status.lag > this.config.replicas.maxLagSeconds)
            return this.setState(i, status.lag, `${status.lag} s behind (limit ${this.config.replicas.maxLagSeconds} s)`);
          this.setState(i, status.lag, null);
        } catch (e) {
          this.setState(i, null, `unreachable: ${(e as Error).message}`);
        }
      }),
    );
  }

  private setState(i: number, lag: number | null, reason: string | null) {
    const s = this.states[i];
    const inRotation = reason === null;
    if (s.inRotation !== inRotation || s.reason === 'not checked yet') {
      if (inRotation) this.log.info(`[replicas] ${s.name} in rotation (${lag} s behind)`);
      else this.log.info(`[replicas] ${s.name} out of rotation: ${reason}; its reads go to the primary`);
    }
    Object.assign(s, { lagSeconds: lag, inRotation, reason });
  }

  /**
   * Express middleware in front of /graphql and the exports: a query operation (or an export) of a caller who did not
   * write recently runs in the replica scope; a mutation marks its caller and runs on the primary.
   */
  middleware(kindOf: (req: express.Request) => 'read' | 'write' | 'other'): express.RequestHandler {
    return (req, _res, next) => {
      if (!this.enabled) return next();
      const kind = kindOf(req);
      const key = writerKey(req, this.config.jwtSecret);
      if (kind === 'write') {
        this.writers.mark(key).then(
          () => readScope.run('primary', next),
          () => readScope.run('primary', next),
        );
        return;
      }
      if (kind !== 'read') return readScope.run('primary', next);
      this.writers.wroteRecently(key).then(
        (recent) => readScope.run(recent ? 'primary' : 'replica', next),
        () => readScope.run('primary', next),
      );
    };
  }
}

/** A GraphQL request's kind for routing: queries read, mutations write; anything unparsable goes to the primary. */
export function graphqlRequestKind(req: express.Request): 'read' | 'write' | 'other' {
  const source = req.method === 'GET' ? req.query : req.body;
  const query = typeof source?.query === 'string' ? source.query : null;
  if (!query) return 'other';
  try {
    const op = getOperationAST(parse(query), typeof source.operationName === 'string' ? source.operationName : undefined);
    return op?.operation === 'query' ? 'read' : op?.operation === 'mutation' ? 'write' : 'other';
  } catch {
    return 'other';
  }
}

/** Who is asking, for read-your-writes: the staff session, else the API key and address, else the address. */
function writerKey(req: express.Request, jwtSecret: string): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const claims = bearer ? verifyAccessToken(jwtSecret, bearer) : null;
  if (claims) return `s:${claims.sid}`;
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return `k:${crypto.createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}:${ip}`;
  return `ip:${ip}`;
}

/** host:port of a replica URL (no credentials), for logs, metrics and /readyz. */
function replicaName(url: string): string {
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return `${u.hostname}:${u.port || 3306}`;
}

/** The replica's replication threads and delay, or null when it replicates nothing. */
async function replicationStatus(
  cluster: PoolCluster,
  node: string,
  timeoutMs: number,
): Promise<{ ioRunning: boolean; sqlRunning: boolean; lag: number | null } | null> {
  const connecting = new Promise<MysqlConnection>((resolve, reject) => cluster.getConnection(node, (err, c) => (err ? reject(err) : resolve(c))));
  // A connection that arrives after the timeout goes back to the pool.
  const conn = await withTimeout(connecting, timeoutMs).catch((e) => {
    connecting.then(
      (c) => c.release(),
      () => undefined,
    );
    throw e;
  });
  let broken = false;
  try {
    const run = (sql: string) =>
      withTimeout(
        new Promise<Array<Record<string, unknown>>>((resolve, reject) =>
          conn.query(sql, (err, rows) => (err ? reject(err) : resolve(rows as Array<Record<string, unknown>>))),
        ),
        timeoutMs,
      ).catch((e) => {
        if (/no answer within/.test((e as Error).message)) broken = true;
        throw e;
      });
    // MySQL 8.0.22+ and MariaDB 10.5+ know SHOW REPLICA STATUS; older servers only SHOW SLAVE STATUS.
    const rows = await run('SHOW REPLICA STATUS').catch((e) => (broken ? Promise.reject(e) : run('SHOW SLAVE STATUS')));
    const row = rows[0];
    if (!row) return null;
    const field = (...names: string[]) => names.map((n) => row[n]).find((v) => v !== undefined);
    const lag = field('Seconds_Behind_Source', 'Seconds_Behind_Master');
    return {
      ioRunning: String(field('Replica_IO_Running', 'Slave_IO_Running')) === 'Yes',
      sqlRunning: String(field('Replica_SQL_Running', 'Slave_SQL_Running')) === 'Yes',
      lag: lag === null || lag === undefined ? null : Number(lag),
    };
  } finally {
    // A connection whose statement hung is closed, not handed to the next read.
    if (broken) conn.destroy();
    else conn.release();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
