/**
 * Demo data in production (issue 13): a production server on the embedded SQLite file starts empty (no demo users
 * with the published password, no demo API key); with DEMO_DATA=true it loads them and warns at every start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type AppLogger } from '../src/app';
import { loadConfig, PRODUCTION_DEMO_WARNING } from '../src/config/config';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../src/demo/seed';

const PROD = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
  BCRYPT_ROUNDS: '4',
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
  DEMO_MESSAGES: '0',
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-prod-demo-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts a production server on the embedded file in `dir` (no DATABASE_URL), and tells what it logged. */
async function start(extra: Record<string, string>) {
  const warnings: string[] = [];
  const log: AppLogger = { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
  const app = await startApp(loadConfig({ ...PROD, DATA_DIR: dir, ...extra }), log);
  const gql = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
  };
  const loginAs = (username: string) => gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password: DEMO_PASSWORD } });
  const withDemoKey = () => gql(`{ publicUnits { id } }`, {}, { 'x-api-key': DEMO_API_KEY });
  return { app, warnings, loginAs, withDemoKey };
}

test('NODE_ENV=production on the embedded SQLite file: no demo users, no demo key, no warning', async () => {
  const s = await start({});
  try {
    expect(fs.existsSync(path.join(dir, 'wenzheng.sqlite'))).toBe(true);
    expect(Number((await s.app.ds.query('SELECT COUNT(*) AS n FROM app_user'))[0].n)).toBe(0);
    expect(Number((await s.app.ds.query('SELECT COUNT(*) AS n FROM api_client'))[0].n)).toBe(0);
    expect((await s.loginAs('admin')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await s.withDemoKey()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(s.warnings).toEqual([]);
  } finally {
    await s.app.stop();
  }
});

test('NODE_ENV=production with DEMO_DATA=true: loaded, and a warning at every start (also when it is already there)', async () => {
  for (let run = 1; run <= 2; run++) {
    const s = await start({ DEMO_DATA: 'true' });
    try {
      expect({ run, warnings: s.warnings }).toEqual({ run, warnings: [`WARNING: ${PRODUCTION_DEMO_WARNING}`] });
      expect((await s.loginAs('admin')).data?.login?.accessToken).toEqual(expect.any(String));
      expect((await s.withDemoKey()).data?.publicUnits.length).toBeGreaterThan(10);
    } finally {
      await s.app.stop();
    }
  }
});
