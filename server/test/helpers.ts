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

/** Creates an isolated database for one test file and returns its settings and a disposer. */
export async function isolatedDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const name = `wz_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (usingMysql()) {
    const server = new URL(process.env.DATABASE_URL!.replace(/^mariadb:/, 'mysql:'));
    const admin = await mysql.createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const url = new URL(server.toString());
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString() },
      drop: async () => {
        const c = await mysql.createConnection({
          host: server.hostname,
          port: Number(server.port || 3306),
          user: decodeURIComponent(server.username),
          password: decodeURIComponent(server.password),
        });
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
  const db = await isolatedDatabase();
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
