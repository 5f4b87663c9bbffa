/**
 * The server under test: the built server (server/dist) on a free port over a temporary SQLite file loaded
 * with the demo data, and small helpers to call its GraphQL API (for preparing data and checking what the
 * console shows against what the API says; never to do what a test claims the user does).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../scripts/lib/free-port.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const PASSWORD = 'wenzheng2026';

export async function startServer({ demoMessages = 40 } = {}) {
  if (!fs.existsSync(path.join(root, 'server/dist/server/src/main.js')) || !fs.existsSync(path.join(root, 'admin/dist/index.html'))) {
    throw new Error('Build first: npm run build');
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-browser-'));
  const child = spawn(process.execPath, [path.join(root, 'server/dist/server/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      DATA_DIR: dir,
      AUTO_MIGRATE: 'true',
      DEMO_DATA: 'true',
      DEMO_MESSAGES: String(demoMessages),
      JOBS_ENABLED: 'false',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      BCRYPT_ROUNDS: '4',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  for (let i = 0; ; i++) {
    if (exited) throw new Error('the server exited during start-up');
    if (
      await fetch(`${base}/healthz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    if (i > 240) throw new Error('the server did not start within 2 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }

  /** One GraphQL call; throws with the errors as JSON when the API refuses. */
  async function api(query, variables, token, headers = {}) {
    const r = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const b = await r.json();
    if (b.errors) throw Object.assign(new Error(JSON.stringify(b.errors)), { errors: b.errors });
    return b.data;
  }
  const tokens = new Map();
  /**
   * An access token of a demo user, cached for 10 minutes: access tokens live 15 (ACCESS_TOKEN_TTL), and a whole run
   * on a busy machine takes longer than that.
   */
  async function tokenOf(user) {
    const cached = tokens.get(user);
    if (cached && Date.now() - cached.at < 10 * 60_000) return cached.token;
    const token = (await api(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: user, password: PASSWORD } })).login
      .accessToken;
    tokens.set(user, { token, at: Date.now() });
    return token;
  }
  async function stop() {
    child.kill('SIGTERM');
    await new Promise((r) => (exited ? r() : child.once('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { base, api, tokenOf, stop, dataDir: dir };
}
