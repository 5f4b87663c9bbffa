/**
 * What the bench scripts (run.mjs, search.mjs, intake.mjs, replica.mjs) share: their arguments, the database server,
 * the real texts, starting the production server and asking it GraphQL, an API key for the submit mutation. Each
 * script keeps what it alone measures.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { freePort } from '../scripts/lib/free-port.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BENCH_PASSWORD } from './generate.mjs';

/** The repository's root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The production server's entry (`npm run build`). */
export const SERVER_MAIN = path.join(root, 'server/dist/server/src/main.js');
/**
 * Node's options of `npm start` (server/package.json's start script, e.g. the heap cap): the benches run the server
 * as production runs it, so that its memory and speed are the ones a deployment gets.
 */
export const PRODUCTION_NODE_ARGS = JSON.parse(fs.readFileSync(path.join(root, 'server/package.json'), 'utf8'))
  .scripts.start.split(/\s+/)
  .filter((a) => a.startsWith('--'));

/** The MariaDB/MySQL server, without a database. */
export const MYSQL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** The command line's `--name value` pairs by name; a `--flag` without a value is 'true'. */
export const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]] : null))
    .filter(Boolean),
);

export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export { freePort };

/**
 * Real citizens' wording for the generated messages (../shared/data/real beside the repository, or
 * WENZHENG_REAL_DATA), as { title, content } cut to the API's lengths: the analysis and search measured on templates
 * would say nothing. Undefined when the file is absent (unless `required`: then reading it fails).
 * `clean` trims them and keeps only those the API accepts (a title of 4 characters, a content of 10).
 */
export function realTexts({ required = false, clean = false } = {}) {
  const file = path.join(process.env.WENZHENG_REAL_DATA ?? path.resolve(root, '../shared/data/real'), 'wenzheng-real-messages.jsonl');
  if (!required && !fs.existsSync(file)) return undefined;
  const all = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  return clean
    ? all
        .filter((m) => m.title?.trim().length >= 4 && m.content?.trim().length >= 10)
        .map((m) => ({ title: m.title.trim().slice(0, 100), content: m.content.trim().slice(0, 5000) }))
    : all.map((m) => ({ title: m.title.slice(0, 100), content: m.content.slice(0, 5000) }));
}

/** Runs a script of the repository with node (e.g. the migrations), resolves with its output when it exits 0. */
export const runScript = (script, argv, { env = {}, stdio = ['ignore', 'pipe', 'inherit'] } = {}) =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(root, script), ...argv], { env: { ...process.env, ...env }, stdio });
    let out = '';
    p.stdout?.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}`))));
  });

/**
 * Starts the production server on a free port, without jobs or Redis, with a fresh JWT secret and `env` on top,
 * and resolves once it listens. `onOutput` sees what it prints (stdout, and stderr when `stderr` is 'pipe').
 */
export async function startServer({ main = SERVER_MAIN, env = {}, nodeArgs = [], stderr = 'inherit', onOutput = () => undefined } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...PRODUCTION_NODE_ARGS, ...nodeArgs, main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: crypto.randomBytes(24).toString('hex'),
      JOBS_ENABLED: 'false',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', stderr],
  });
  child.stderr?.on('data', onOutput);
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      onOutput(d);
      if (String(d).includes('listening')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    },
  };
}

/** Asks the server a GraphQL operation (with the token, when given); throws on any error; the whole answer (data and extensions). */
export async function gql(server, query, variables, token, headers = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 400));
  return body;
}

/** The access token of a generated user (bench/generate.mjs gives them all one password). */
export const login = async (server, username) =>
  (await gql(server, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { username, password: BENCH_PASSWORD } })).data.login.accessToken;

/** A new API key allowed to submit messages, without a rate limit that a bench would reach, written to the database. */
export async function createSubmitKey(db) {
  const apiKey = `wz_benchkey_${crypto.randomBytes(16).toString('hex')}`;
  await db.query(
    `INSERT INTO api_client (name, owner, keyPrefix, keyHash, scopes, allowedOrigins, rateLimitPerMinute, isActive) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
    ['bench', 'bench', 'benchkey', crypto.createHash('sha256').update(apiKey).digest('hex'), JSON.stringify(['messages:submit']), '[]', 1_000_000],
  );
  return apiKey;
}

/**
 * autocannon against a GraphQL endpoint: `connections` clients for `duration` seconds, each request with the next of
 * `bodies` (and of `paths`, when given). `errors` counts the answers that are not 200 or carry GraphQL errors, plus
 * autocannon's errors and timeouts; `sampleError` is the first such answer.
 */
export async function loadTest({ url, bodies, paths, token, headers = {}, connections, duration, method = 'POST' }) {
  let i = 0;
  let errors = 0;
  let sampleError = null;
  const result = await autocannon({
    url,
    connections,
    duration,
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    requests: [
      {
        setupRequest: (req) => {
          const k = i++;
          return { ...req, body: bodies ? bodies[k % bodies.length] : undefined, ...(paths ? { path: paths[k % paths.length] } : {}) };
        },
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) {
            errors++;
            sampleError ??= `${status} ${String(body).slice(0, 300)}`;
          }
        },
      },
    ],
  });
  return { result, errors: errors + result.errors + result.timeouts, sampleError };
}
