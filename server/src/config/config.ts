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
  MAX_QUERY_DEPTH: int(12, 2, 100),
  MAX_ALIASES: int(15, 1, 1000),
  MAX_TOKENS: int(3000, 100, 100000),
  MAX_DIRECTIVES: int(20, 1, 1000),
  MAX_COST: int(20000, 10, 10_000_000),
  MAX_COMPLEXITY: int(25000, 10, 10_000_000),
  INTROSPECTION: z.enum(['open', 'authenticated']).optional(),
  MAX_BODY_BYTES: int(1_000_000, 1000, 50_000_000),
  BCRYPT_ROUNDS: int(10, 4, 15),
  COUNT_SQL_STATEMENTS: bool(),
  JOBS_ENABLED: bool(),
  CITIZEN_OPS_PER_IP_PER_MINUTE: int(30, 1, 100000),
  DEMO_MESSAGES: int(500, 0, 100000),
  JOB_INTERVAL_SECONDS: int(60, 1, 86400),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type DatabaseConfig =
  | { type: 'sqlite'; file: string; embedded: boolean }
  | { type: 'mysql'; url: string; database: string };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: DatabaseConfig;
  redisUrl: string | null;
  /** Prefix of every Redis key, channel and client name of this deployment (REDIS_KEY_PREFIX, default `wz:`). */
  redisKeyPrefix: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Apply pending migrations at start-up (on by default for the embedded SQLite file). */
  autoMigrate: boolean;
  /** Load the demo organisation, users and messages into an empty database (embedded default only). */
  demoData: boolean;
  /** How many demo messages to generate with the demo data set (default 500). */
  demoMessages: number;
  dataDir: string;
  login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; blockSeconds: number };
  limits: { maxPageSize: number; defaultPageSize: number; maxDepth: number; maxBodyBytes: number; maxAliases: number; maxTokens: number; maxDirectives: number; maxCost: number; maxComplexity: number };
  bcryptRounds: number;
  /** Citizen operations (submit, look up, rate, redo) allowed per IP per minute. */
  citizenOpsPerIpPerMinute: number;
  /** Report the SQL statements of a request in `extensions.sqlStatements` when asked (tests, benchmark). */
  countSqlStatements: boolean;
  /** Who may introspect the schema: everyone, or only logged-in staff and API clients (default in production). */
  introspection: 'open' | 'authenticated';
  /**
   * Scheduled jobs (overdue, due soon, sign deadline, automatic closing): on unless JOBS_ENABLED=false; every
   * JOB_INTERVAL_SECONDS. Through a BullMQ queue when REDIS_URL is set (each tick once across instances), else in process.
   */
  jobs: { enabled: boolean; intervalSeconds: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Development-only secret: used when JWT_SECRET is unset outside production, and said so at start-up. */
export const DEV_JWT_SECRET = 'wenzheng-development-secret-do-not-use-in-production';

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
    database = { type: 'mysql', url: e.DATABASE_URL.replace(/^mariadb:/, 'mysql:'), database: dbName };
  }
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
    redisUrl: e.REDIS_URL || null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    jwtSecret,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
    autoMigrate: e.AUTO_MIGRATE ?? embedded,
    demoData: e.DEMO_DATA ?? embedded,
    demoMessages: e.DEMO_MESSAGES,
    dataDir,
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      blockSeconds: e.LOGIN_BLOCK_SECONDS,
    },
    limits: {
      maxPageSize: e.MAX_PAGE_SIZE,
      defaultPageSize: e.DEFAULT_PAGE_SIZE,
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
    countSqlStatements: e.COUNT_SQL_STATEMENTS ?? false,
    introspection: e.INTROSPECTION ?? (e.NODE_ENV === 'production' ? 'authenticated' : 'open'),
    jobs: { enabled: e.JOBS_ENABLED ?? true, intervalSeconds: e.JOB_INTERVAL_SECONDS },
    logLevel: e.LOG_LEVEL,
  });
}
