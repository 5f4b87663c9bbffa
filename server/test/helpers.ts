/**
 * End-to-end test harness: each test file starts a real server on a free port over its own database:
 * a fresh SQLite file by default, or a fresh MySQL/MariaDB database when DATABASE_URL points at a server.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig, AppConfig } from '../src/config/config';
import { startApp, RunningApp } from '../src/app';
import { createDataSource } from '../src/db/dataSource';
import { prepareDatabase } from '../src/db/migrate';
import { DEMO_PASSWORD } from '../src/demo/seed';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string; [k: string]: unknown } }>;
  extensions?: Record<string, unknown>;
}

export interface TestServer {
  app: RunningApp;
  config: AppConfig;
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GqlResult<T>>;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export const usingMysql = () => /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/** The admin connection settings of the MySQL/MariaDB server that DATABASE_URL points at. */
function mysqlServer(): { urlOf: (database: string) => string; connect: () => Promise<mysql.Connection> } {
  const url = new URL(process.env.DATABASE_URL!.replace(/^mariadb:/, 'mysql:'));
  const connect = () =>
    mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
  /** DATABASE_URL with another database named. */
  const urlOf = (database: string) => {
    const other = new URL(url);
    other.pathname = `/${database}`;
    return other.toString();
  };
  return { urlOf, connect };
}

/** The migrations' own files: a template is made from, and named after, their content. */
const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/**
 * The migrated, empty schema that every MySQL/MariaDB test server starts from: one database `wz_tpl_<hash of the
 * migrations' files>`, migrated once by the project's own migration runner (what AUTO_MIGRATE does at start-up) and
 * then kept on the server for later runs; a change to any migration makes a new one. Running the 24 migrations took
 * 5-6 s of a test file's start on MariaDB (DDL and TypeORM's information_schema reads); copying the migrated tables
 * takes about 0.3-0.4 s. Several test processes may ask at once: a named lock makes one of them build it. Migrations
 * themselves are still tested from an empty database (migrations.test.ts, the Dockerfile replay, the reliability suite).
 */
async function migratedTemplate(admin: mysql.Connection): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const f of fs.readdirSync(MIGRATIONS_DIR).sort()) hash.update(f).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
  const name = `wz_tpl_${hash.digest('hex').slice(0, 16)}`;
  const ready = async () =>
    ((await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = '_template_ready'`, [name])) as any)[0].length > 0;
  if (await ready()) return name;
  await admin.query(`SELECT GET_LOCK(?, 600)`, [name]);
  try {
    if (await ready()) return name;
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const config = loadConfig(testEnv({ DATABASE_URL: mysqlServer().urlOf(name) }));
    const ds = createDataSource(config);
    await ds.initialize();
    try {
      await prepareDatabase(ds, config, { info: () => undefined });
    } finally {
      await ds.destroy();
    }
    await admin.query(`CREATE TABLE \`${name}\`.\`_template_ready\` (id INT)`);
    return name;
  } finally {
    await admin.query(`SELECT RELEASE_LOCK(?)`, [name]);
  }
}

/** Copies the template's tables (SHOW CREATE TABLE: columns, keys, foreign keys, engine) and rows into `target`. */
async function copyTemplate(admin: mysql.Connection, template: string, target: string): Promise<void> {
  const [tables] = (await admin.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_name <> '_template_ready'`,
    [template],
  )) as any;
  await admin.query(`USE \`${target}\``);
  await admin.query('SET foreign_key_checks = 0');
  for (const { name } of tables as Array<{ name: string }>) {
    const [[created]] = (await admin.query(`SHOW CREATE TABLE \`${template}\`.\`${name}\``)) as any;
    await admin.query(created['Create Table']);
    await admin.query(`INSERT INTO \`${name}\` SELECT * FROM \`${template}\`.\`${name}\``);
  }
  await admin.query('SET foreign_key_checks = 1');
}

/**
 * Creates an isolated database for one test file and returns its settings and a disposer: empty, or with
 * `migrated` already holding the migrated schema (on MySQL/MariaDB a copy of migratedTemplate(); SQLite migrates
 * in well under a second, so there it is left to the server's AUTO_MIGRATE).
 */
export async function isolatedDatabase({ migrated = false } = {}): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const name = `wz_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (usingMysql()) {
    const server = mysqlServer();
    const admin = await server.connect();
    try {
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      if (migrated) await copyTemplate(admin, await migratedTemplate(admin), name);
    } finally {
      await admin.end();
    }
    return {
      env: { DATABASE_URL: server.urlOf(name) },
      drop: async () => {
        const c = await server.connect();
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-test-'));
  return {
    env: { DATABASE_URL: `sqlite:${path.join(dir, 'test.sqlite')}`, DATA_DIR: dir },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    AUTO_MIGRATE: 'true',
    DEMO_DATA: 'true',
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'silent',
    COUNT_SQL_STATEMENTS: 'true',
    JOBS_ENABLED: 'false',
    DEMO_MESSAGES: '0',
    ...extra,
  };
}

export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const db = await isolatedDatabase({ migrated: true });
  const config = loadConfig(testEnv({ ...db.env, ...extraEnv }));
  const app = await startApp(config);
  const gql = async (query: string, variables?: Record<string, unknown>, token?: string | null, headers: Record<string, string> = {}): Promise<GqlResult> => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult;
    return { ...body, status: res.status };
  };
  const login = async (username: string, password = DEMO_PASSWORD) => {
    const r = await gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password } });
    if (!r.data?.login) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.accessToken as string;
  };
  return {
    app,
    config,
    url: app.url,
    gql,
    login,
    close: async () => {
      await app.stop();
      await db.drop();
    },
  };
}

/** How serverPerFile and worldPerFile start and end a file's server. */
export interface PerFileOptions {
  /** The start hook's timeout (ms); jest's default when omitted. */
  timeout?: number;
  /** Runs after the file's tests, before the server closes (e.g. closing the file's websocket clients). */
  beforeClose?: () => unknown;
  /** Runs once the server has closed (e.g. removing the file's Redis keys). */
  afterClose?: () => unknown;
}

/**
 * The test server of a whole file: started in a beforeAll (with `env`), closed in an afterAll. The object is filled
 * in when the hook has run: use it in tests and later hooks, not at the top level.
 */
export function serverPerFile(env: Record<string, string> = {}, options: PerFileOptions = {}): TestServer {
  const s = {} as TestServer;
  beforeAll(async () => {
    Object.assign(s, await startTestServer(env));
  }, options.timeout);
  afterAll(async () => {
    await options.beforeClose?.();
    await s.close?.();
    await options.afterClose?.();
  });
  return s;
}

/** The error code of the first error, for terse assertions. */
export const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
