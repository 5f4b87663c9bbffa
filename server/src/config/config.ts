/**
 * Configuration: read from the environment once at start-up, validated, frozen.
 * A bad value stops the process with a message that names the variable and says what is expected.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATA_DIR } from './paths';

/** A yes/no switch; unset stays undefined so that the default can depend on other settings. */
const bool = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      message: 'expected one of true/false/1/0/yes/no/on/off',
    })
    .optional()
    .transform((v) => (v === undefined ? undefined : ['true', '1', 'yes', 'on'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number between ${min} and ${max}` });
        return z.NEVER;
      }
      return Number(v);
    })
    .pipe(z.number().int().min(min).max(max));

const duration = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const m = /^(\d+)(s|m|h|d)?$/.exec(v);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 900, 15m, 12h or 30d (seconds by default)' });
        return z.NEVER;
      }
      const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
      return Number(m[1]) * unit;
    })
    .pipe(z.number().int().min(1));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: int(4000, 0, 65535),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^(mysql|mariadb|sqlite):/.test(v), {
      message: 'expected mysql://user:pass@host:3306/db, mariadb://… or sqlite:path/to/file.sqlite',
    }),
  DATABASE_REPLICA_URLS: z.string().optional(),
  DB_CONNECT_TIMEOUT_MS: int(5000, 100, 600_000),
  DB_ACQUIRE_TIMEOUT_MS: int(5000, 100, 600_000),
  DB_QUERY_TIMEOUT_MS: int(15_000, 100, 3_600_000),
  DB_BUSY_TIMEOUT_MS: int(5000, 0, 600_000),
  REPLICA_MAX_LAG_SECONDS: int(5, 0, 3600),
  REPLICA_CHECK_SECONDS: int(2, 1, 3600),
  READ_YOUR_WRITES_SECONDS: int(10, 0, 3600),
  REDIS_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^rediss?:\/\//.test(v), { message: 'expected redis://host:6379' }),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'expected 1-64 letters, digits or : _ . - (e.g. wz: or wz-staging:)' })
    .default('wz:'),
  JWT_SECRET: z.string().optional(),
  ACCESS_TOKEN_TTL: duration(15 * 60),
  REFRESH_TOKEN_TTL: duration(30 * 86400),
  AUTO_MIGRATE: bool(),
  DEMO_DATA: bool(),
  DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(5, 1, 1000),
  LOGIN_MAX_FAILURES_PER_IP: int(30, 1, 100000),
  LOGIN_BLOCK_SECONDS: int(15 * 60, 1, 86400),
  MAX_PAGE_SIZE: int(100, 1, 1000),
  DEFAULT_PAGE_SIZE: int(25, 1, 1000),
  LIST_TOTAL_CAP: int(10_000, 1, 10_000_000),
  DASHBOARD_CACHE_SECONDS: int(60, 0, 3600),
  MAX_QUERY_DEPTH: int(12, 2, 100),
  MAX_ALIASES: int(15, 1, 1000),
  MAX_TOKENS: int(3000, 100, 100000),
  MAX_DIRECTIVES: int(20, 1, 1000),
  MAX_COST: int(20000, 10, 10_000_000),
  MAX_COMPLEXITY: int(25000, 10, 10_000_000),
  INTROSPECTION: z.enum(['open', 'authenticated']).optional(),
  MAX_BODY_BYTES: int(1_000_000, 1000, 50_000_000),
  REALTIME_MAX_BUFFERED_BYTES: int(4 * 1024 * 1024, 16 * 1024, 1024 * 1024 * 1024),
  BCRYPT_ROUNDS: int(10, 4, 15),
  COUNT_SQL_STATEMENTS: bool(),
  JOBS_ENABLED: bool(),
  CITIZEN_OPS_PER_IP_PER_MINUTE: int(30, 1, 100000),
  SANDBOX_STEP_SECONDS: int(2, 0, 3600),
  DEMO_MESSAGES: int(500, 0, 100000),
  JOB_INTERVAL_SECONDS: int(60, 1, 86400),
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^(true|false|\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/.test(v.trim()), {
      message: 'expected false, true, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs (loopback, uniquelocal, 10.0.0.0/8 …)',
    }),
  METRICS_TOKEN: z
    .string()
    .min(16, { message: 'expected at least 16 characters (or leave unset)' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type DatabaseConfig =
  | { type: 'sqlite'; file: string; embedded: boolean }
  | { type: 'mysql'; url: string; database: string; /** Read replicas (DATABASE_REPLICA_URLS), possibly none. */ replicaUrls: string[] };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: DatabaseConfig;
  /**
   * How long the server waits for the database before answering SERVICE_UNAVAILABLE (docs/reliability.md): to open
   * a MySQL connection (DB_CONNECT_TIMEOUT_MS), for a free connection of the pool (DB_ACQUIRE_TIMEOUT_MS), for a
   * statement's answer (DB_QUERY_TIMEOUT_MS; streamed exports excepted), and for SQLite's write lock held by another
   * process (DB_BUSY_TIMEOUT_MS).
   */
  databaseTimeouts: { connectMs: number; acquireMs: number; queryMs: number; busyMs: number };
  redisUrl: string | null;
  /** Prefix of every Redis key, channel and client name of this deployment (REDIS_KEY_PREFIX, default `wz:`). */
  redisKeyPrefix: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Apply pending migrations at start-up (on by default for the embedded SQLite file). */
  autoMigrate: boolean;
  /**
   * Load the demo organisation, users (published password) and API key into an empty database: on by default for the
   * embedded SQLite file outside production; in production only with DEMO_DATA=true (and then warned at every start).
   */
  demoData: boolean;
  /** How many demo messages to generate with the demo data set (default 500). */
  demoMessages: number;
  /** How long the dashboard's period figures (trend, top units, hot topics) are reused, in seconds; 0 computes every load (docs/statistics.md). */
  dashboardCacheSeconds: number;
  dataDir: string;
  login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; blockSeconds: number };
  limits: {
    maxPageSize: number;
    defaultPageSize: number;
    /** Lists count their total up to this many rows; beyond, `totalIsCapped` ("10,000+"), docs/search.md. */
    totalCap: number;
    maxDepth: number;
    maxBodyBytes: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
    maxComplexity: number;
  };
  bcryptRounds: number;
  /** Citizen operations (submit, look up, rate, redo) allowed per IP per minute. */
  citizenOpsPerIpPerMinute: number;
  /** Seconds between two steps of the sandbox's simulated handling (received, accepted, assigned, signed, answered). */
  sandboxStepSeconds: number;
  /** Report the SQL statements of a request in `extensions.sqlStatements` when asked (tests, benchmark). */
  countSqlStatements: boolean;
  /** Who may introspect the schema: everyone, or only logged-in staff and API clients (default in production). */
  introspection: 'open' | 'authenticated';
  /**
   * Scheduled jobs (overdue, due soon, sign deadline, automatic closing): on unless JOBS_ENABLED=false; every
   * JOB_INTERVAL_SECONDS. Through a BullMQ queue when REDIS_URL is set (each tick once across instances), else in process.
   */
  jobs: { enabled: boolean; intervalSeconds: number };
  /**
   * Read replicas (docs/deployment.md): a replica more than maxLagSeconds behind (or stopped) leaves the rotation;
   * replication is checked every checkSeconds; a caller's reads stay on the primary for readYourWritesSeconds after
   * their own change.
   */
  replicas: { maxLagSeconds: number; checkSeconds: number; readYourWritesSeconds: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /**
   * Which proxies in front of the server are trusted to tell the client's address (X-Forwarded-For), as Express's
   * `trust proxy` setting: false (default: the socket's peer is the client), true, a hop count, or addresses/CIDRs.
   * Per-address limits, login throttling and the recorded IP of a message depend on it behind a load balancer.
   */
  trustProxy: boolean | number | string[];
  /** Bearer token required by `/metrics` (METRICS_TOKEN); null: the endpoint is open (restrict it at the load balancer). */
  metricsToken: string | null;
  /**
   * Realtime delivery (docs/realtime.md, "Slow consumers"): a WebSocket with more than maxBufferedBytes written but not
   * yet taken by its client (ws's `bufferedAmount`) is sent nothing more and is closed with 4008 Slow consumer
   * (REALTIME_MAX_BUFFERED_BYTES, default 4 MiB).
   */
  realtime: { maxBufferedBytes: number };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** What a production server with DEMO_DATA=true says at every start (the demo accounts and key are public). */
export const PRODUCTION_DEMO_WARNING =
  'DEMO_DATA=true in production: the demo users (password published in the README) and the demo API key are loaded or kept. ' +
  'Anyone can log in as an administrator. Never do this with real data; unset DEMO_DATA and start from an empty database.';

/** Warnings a configuration deserves at every start (logged by startApp). */
export function configWarnings(config: AppConfig): string[] {
  return config.env === 'production' && config.demoData ? [PRODUCTION_DEMO_WARNING] : [];
}

/** Development-only secret: used when JWT_SECRET is unset outside production, and said so at start-up. */
export const DEV_JWT_SECRET = 'wenzheng-development-secret-do-not-use-in-production';

function trustProxyOf(v: string | undefined): boolean | number | string[] {
  const t = (v ?? '').trim();
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  if (/^\d+$/.test(t)) return Number(t);
  return t
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const dataDir = path.resolve(e.DATA_DIR);
  let database: DatabaseConfig;
  if (!e.DATABASE_URL) {
    database = { type: 'sqlite', file: path.join(dataDir, 'wenzheng.sqlite'), embedded: true };
  } else if (e.DATABASE_URL.startsWith('sqlite:')) {
    const file = e.DATABASE_URL.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) problems.push('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:data/wenzheng.sqlite');
    database = { type: 'sqlite', file: path.resolve(file), embedded: false };
  } else {
    let u: URL | null = null;
    try {
      u = new URL(e.DATABASE_URL);
    } catch {
      problems.push('DATABASE_URL: not a valid URL');
    }
    const dbName = u ? decodeURIComponent(u.pathname.replace(/^\//, '')) : '';
    if (u && !dbName) problems.push('DATABASE_URL: name the database, e.g. mysql://root@127.0.0.1:3306/wenzheng');
    database = { type: 'mysql', url: e.DATABASE_URL.replace(/^mariadb:/, 'mysql:'), database: dbName, replicaUrls: [] };
  }
  const replicaUrls = (e.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (replicaUrls.length && database.type !== 'mysql') problems.push('DATABASE_REPLICA_URLS: read replicas need a MySQL/MariaDB DATABASE_URL');
  for (const url of replicaUrls) {
    if (!/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(url))
      problems.push(`DATABASE_REPLICA_URLS: expected mysql://user:pass@host:3306/db, comma-separated (got ${url.replace(/\/\/[^@/]*@/, '//…@')})`);
  }
  if (database.type === 'mysql') database.replicaUrls = replicaUrls.map((u) => u.replace(/^mariadb:/, 'mysql:'));
  let jwtSecret = e.JWT_SECRET ?? '';
  if (!jwtSecret) {
    if (e.NODE_ENV === 'production') problems.push('JWT_SECRET: required in production (at least 32 characters)');
    jwtSecret = DEV_JWT_SECRET;
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET: must be at least 32 characters');
  }
  if (e.DEFAULT_PAGE_SIZE > e.MAX_PAGE_SIZE) problems.push('DEFAULT_PAGE_SIZE: must not exceed MAX_PAGE_SIZE');
  const embedded = database.type === 'sqlite' && database.embedded;
  if (e.DEMO_DATA && e.NODE_ENV === 'production' && !embedded) {
    problems.push('DEMO_DATA: demo users with published passwords are refused in production');
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database,
    databaseTimeouts: { connectMs: e.DB_CONNECT_TIMEOUT_MS, acquireMs: e.DB_ACQUIRE_TIMEOUT_MS, queryMs: e.DB_QUERY_TIMEOUT_MS, busyMs: e.DB_BUSY_TIMEOUT_MS },
    redisUrl: e.REDIS_URL || null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    jwtSecret,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
    autoMigrate: e.AUTO_MIGRATE ?? embedded,
    // Production never loads demo users with a known password or the demo API key unless told to in so many words.
    demoData: e.DEMO_DATA ?? (embedded && e.NODE_ENV !== 'production'),
    demoMessages: e.DEMO_MESSAGES,
    dashboardCacheSeconds: e.DASHBOARD_CACHE_SECONDS,
    dataDir,
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      blockSeconds: e.LOGIN_BLOCK_SECONDS,
    },
    limits: {
      maxPageSize: e.MAX_PAGE_SIZE,
      defaultPageSize: e.DEFAULT_PAGE_SIZE,
      totalCap: e.LIST_TOTAL_CAP,
      maxDepth: e.MAX_QUERY_DEPTH,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxAliases: e.MAX_ALIASES,
      maxTokens: e.MAX_TOKENS,
      maxDirectives: e.MAX_DIRECTIVES,
      maxCost: e.MAX_COST,
      maxComplexity: e.MAX_COMPLEXITY,
    },
    bcryptRounds: e.BCRYPT_ROUNDS,
    citizenOpsPerIpPerMinute: e.CITIZEN_OPS_PER_IP_PER_MINUTE,
    sandboxStepSeconds: e.SANDBOX_STEP_SECONDS,
    countSqlStatements: e.COUNT_SQL_STATEMENTS ?? false,
    introspection: e.INTROSPECTION ?? (e.NODE_ENV === 'production' ? 'authenticated' : 'open'),
    jobs: { enabled: e.JOBS_ENABLED ?? true, intervalSeconds: e.JOB_INTERVAL_SECONDS },
    replicas: { maxLagSeconds: e.REPLICA_MAX_LAG_SECONDS, checkSeconds: e.REPLICA_CHECK_SECONDS, readYourWritesSeconds: e.READ_YOUR_WRITES_SECONDS },
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN ?? null,
    realtime: { maxBufferedBytes: e.REALTIME_MAX_BUFFERED_BYTES },
    trustProxy: trustProxyOf(e.TRUST_PROXY),
  });
}
