/**
 * Server instances as separate processes (the real entry point, src/main.ts, run from source), a private Redis
 * namespace per test run, and dropping that namespace's Redis connections to simulate a network blip without
 * touching the shared Redis server or anyone else's connections.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { GqlResult, TestServer, testEnv } from '../helpers';
import { ServerChild } from './server-child';

export const REDIS_URL = 'redis://127.0.0.1:6379';
const SERVER_DIR = path.resolve(__dirname, '../..');
const REGISTER = path.join(__dirname, 'swc-register.js');
const MAIN = path.join(SERVER_DIR, 'src', 'main.ts');

/** A REDIS_KEY_PREFIX of its own, so that parallel runs on the shared Redis never hear each other. */
export const redisTestPrefix = () => `wzt-${process.pid}-${crypto.randomBytes(3).toString('hex')}:`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** `node src/main.ts` with the test environment plus `env`; resolves once it listens. */
export class ChildServer extends ServerChild {
  static async start(env: Record<string, string>): Promise<ChildServer> {
    const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
      cwd: SERVER_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...testEnv({ LOG_LEVEL: 'error', ...env }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const s = new ChildServer(child);
    await s.listening();
    return s;
  }

  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<GqlResult<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await res.json()) as GqlResult<T>), status: res.status };
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await this.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password } });
    if (!r.data?.login) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.accessToken;
  }

  /** What setupWorld and newMessage need of a test server. */
  asTestServer(): TestServer {
    return { url: this.url, gql: (q, v, t) => this.gql(q, v, t), login: (u, p) => this.login(u, p) } as TestServer;
  }
}

/**
 * Kills the Redis connections of one deployment (the clients named `<prefix>…`), optionally only those whose
 * name passes `which` (e.g. the event listeners). Returns how many were killed. The instances reconnect by themselves.
 */
export async function dropRedisConnections(prefix: string, which: (name: string) => boolean = () => true): Promise<string[]> {
  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  try {
    const list = String(await admin.client('LIST'));
    const ours = list
      .split('\n')
      .map((line) => ({
        id: /(?:^|\s)id=(\d+)/.exec(line)?.[1],
        name: /(?:^|\s)name=(\S*)/.exec(line)?.[1] ?? '',
      }))
      .filter((c) => c.id && c.name.startsWith(prefix) && which(c.name.slice(prefix.length)));
    for (const c of ours) await admin.client('KILL', 'ID', c.id!);
    return ours.map((c) => c.name.slice(prefix.length));
  } finally {
    admin.disconnect();
  }
}

/**
 * A Redis namespace of a test file's own on the shared Redis (parallel runs never hear each other's events): the
 * server's environment for it, and the removal of its keys, for after the server has closed.
 */
export function ownRedis(): { prefix: string; env: Record<string, string>; clear: () => Promise<void> } {
  const prefix = redisTestPrefix();
  return { prefix, env: { REDIS_URL, REDIS_KEY_PREFIX: prefix }, clear: () => clearRedisPrefix(prefix) };
}

/** Removes the keys of a test run's Redis namespace. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    admin.disconnect();
  }
}
