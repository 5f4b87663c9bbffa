/**
 * The real compiled server (`dist/server/src/main.js`, built by `npm run test:reliability`) as a child process,
 * and an HTTP client that reports network failures (refused, reset) instead of throwing.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ServerChild } from '../support/server-child';
import { sleep } from './services';

export const MAIN = path.resolve(__dirname, '../../dist/server/src/main.js');
export const DEMO_PASSWORD = 'wenzheng2026';
export const DEMO_API_KEY = 'wz_demo2026_PublicDemoKeyForTheExamplePage2026xyz';

export interface Reply<T = any> {
  /** HTTP status, 0 when no response arrived. */
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }>;
  /** Network failure: ECONNREFUSED, ECONNRESET, socket hang up… */
  netError?: string;
  /** Body that was not JSON. */
  raw?: string;
  startedAt: number;
  /** When the whole request had been written to the socket (undefined if it never was). */
  sentAt?: number;
  ms: number;
}

export const codeOf = (r: Reply) => r.errors?.[0]?.extensions?.code;

export interface CallOptions {
  token?: string | null;
  apiKey?: string;
  headers?: Record<string, string>;
  agent?: http.Agent;
  timeoutMs?: number;
}

/** POST /graphql; never throws. */
export function post(url: string, body: unknown, opts: CallOptions = {}): Promise<Reply> {
  const startedAt = Date.now();
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve) => {
    let settled = false;
    let sentAt: number | undefined;
    const done = (r: Omit<Reply, 'startedAt' | 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, startedAt, sentAt, ms: Date.now() - startedAt });
    };
    const req = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent: opts.agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.apiKey ? { 'x-api-key': opts.apiKey } : {}),
          ...opts.headers,
        },
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e: NodeJS.ErrnoException) => done({ status: res.statusCode ?? 0, netError: e.code ?? e.message }));
        res.on('aborted', () => done({ status: res.statusCode ?? 0, netError: 'response aborted' }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const json = JSON.parse(text);
            done({ status: res.statusCode ?? 0, data: json.data ?? undefined, errors: json.errors });
          } catch {
            done({ status: res.statusCode ?? 0, raw: text });
          }
        });
      },
    );
    req.on('finish', () => {
      sentAt = Date.now();
    });
    req.on('timeout', () => {
      req.destroy(new Error('client timeout'));
    });
    req.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, netError: e.code ?? e.message }));
    req.end(payload);
  });
}

export class ServerProcess extends ServerChild {
  private constructor(
    child: ChildProcess,
    readonly env: Record<string, string>,
  ) {
    super(child);
  }

  /** Starts `node dist/server/src/main.js` with the test environment plus `env`, and waits until it listens. */
  static async start(env: Record<string, string>): Promise<ServerProcess> {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build -w server\` (npm run test:reliability does)`);
    const fullEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      AUTO_MIGRATE: 'true',
      DEMO_DATA: 'true',
      DEMO_MESSAGES: '0',
      BCRYPT_ROUNDS: '4',
      LOG_LEVEL: 'error',
      JOBS_ENABLED: 'false',
      JWT_SECRET: 'reliability-suite-secret-0123456789abcdef',
      ...env,
    };
    const child = spawn(process.execPath, [MAIN], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const s = new ServerProcess(child, fullEnv);
    await s.listening();
    return s;
  }

  get pid(): number {
    return this.child.pid!;
  }

  gql<T = any>(query: string, variables: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<Reply<T>> {
    return post(this.url, { query, variables }, opts);
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const r = await this.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password } });
      if (r.data?.login) return r.data.login.accessToken;
      if (attempt >= 5) throw new Error(`login ${username} failed: ${JSON.stringify(r)}`);
      await sleep(200);
    }
  }

  /** Lines the server wrote about unexpected errors (logged, never returned). */
  unexpectedErrors(): string[] {
    return this.output.split('\n').filter((l) => /unexpected error/.test(l));
  }
}
