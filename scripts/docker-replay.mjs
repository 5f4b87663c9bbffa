#!/usr/bin/env node
/**
 * Replays the Dockerfile without a Docker engine (none runs on the CI machine, and base images cannot be pulled):
 *
 *  1. the build context is the repository's files (tracked and untracked-but-not-ignored) minus `.dockerignore`;
 *  2. every stage's WORKDIR / ENV / COPY / RUN / USER / CMD is carried out in a clean temporary directory that stands
 *     for the image's root (`/app` → <tmp>/<stage>/app); RUN steps that install Debian packages (apt-get) are skipped,
 *     the machine has them;
 *  3. the final stage's command is started as the stage's unprivileged USER (uid 1000 for the official image's `node`
 *     user; refused if the stage runs as root) with the environment of docker-compose.yml's `app` service, pointed at
 *     a fresh MariaDB database and the local Redis, until `/readyz` answers 200; the console, GraphQL and the image's
 *     HEALTHCHECK command are tried, then SIGTERM must stop it cleanly.
 *
 * Run: `npm run test:docker` (MariaDB on 127.0.0.1:3306 as root, Redis on 6379). Exits non-zero on any failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/free-port.mjs';
import { parse as parseYaml } from 'yaml';
import mysql from 'mysql2/promise';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The official node images' `node` user. */
const KNOWN_USERS = { node: 1000, root: 0 };
const started = Date.now();
const say = (m) => console.log(`[docker-replay ${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);

// ── the Dockerfile, as instructions per stage ──────────────────────────────────────────────────────────
function readDockerfile(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const joined = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    joined.push(current + line);
    current = '';
  }
  const stages = [];
  for (const instr of joined) {
    const [, op, rest] = /^\s*(\w+)\s+(.*)$/.exec(instr) ?? [];
    if (!op) throw new Error(`cannot read Dockerfile line: ${instr}`);
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest.trim());
      stages.push({ image: m[1], name: m[2] ?? String(stages.length), steps: [] });
    } else {
      if (!stages.length) throw new Error(`${op} before FROM`);
      stages.at(-1).steps.push({ op: op.toUpperCase(), args: rest.trim() });
    }
  }
  return stages;
}

// ── the build context ────────────────────────────────────────────────────────────────────────────────
function ignoredBy(patterns) {
  // .dockerignore: a pattern excludes a path when it matches the path or one of its parent directories.
  const toRegex = (p) =>
    new RegExp(
      '^' +
        p
          .replace(/\/+$/, '')
          .split('/')
          .map((seg) =>
            seg === '**'
              ? '(?:.*)'
              : seg
                  .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                  .replace(/\*/g, '[^/]*')
                  .replace(/\?/g, '[^/]'),
          )
          .join('/')
          .replace('(?:.*)/', '(?:.*/)?') +
        '$',
    );
  const rules = patterns
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#'))
    .map((p) => ({ negate: p.startsWith('!'), re: toRegex(p.replace(/^!/, '')) }));
  return (file) => {
    const parts = file.split('/');
    let excluded = false;
    for (const rule of rules) {
      for (let i = 1; i <= parts.length; i++) {
        if (rule.re.test(parts.slice(0, i).join('/'))) {
          excluded = !rule.negate;
          break;
        }
      }
    }
    return excluded;
  };
}

function buildContext(dir) {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root }).toString().split('\0').filter(Boolean);
  const dockerignore = path.join(root, '.dockerignore');
  const ignored = ignoredBy(fs.existsSync(dockerignore) ? fs.readFileSync(dockerignore, 'utf8').split('\n') : []);
  let n = 0;
  for (const f of files) {
    if (ignored(f) || !fs.existsSync(path.join(root, f))) continue;
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(dir, f));
    n++;
  }
  say(`build context: ${n} files (of ${files.length}; .dockerignore applied)`);
}

// ── carrying out a stage ─────────────────────────────────────────────────────────────────────────────
const splitArgs = (s) => {
  const out = [];
  for (const m of s.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2]);
  return out;
};

function copyInto(src, dest, { link = false } = {}) {
  const st = fs.statSync(src);
  if (st.isDirectory()) {
    fs.mkdirSync(dest, { recursive: true });
    // Between stages the files are hard-linked (the earlier stage is not used again): a copy of node_modules is slow.
    if (link) execFileSync('cp', ['-al', `${src}/.`, dest]);
    else fs.cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
  } else {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(src, dest);
  }
}

function runStage(stage, { tmp, context, stageRoots }) {
  const imageRoot = path.join(tmp, `stage-${stage.name}`);
  fs.mkdirSync(imageRoot, { recursive: true });
  stageRoots[stage.name] = imageRoot;
  const inImage = (p) => path.join(imageRoot, p);
  const result = { imageRoot, workdir: '/', env: {}, user: 'root', cmd: null, healthcheck: null };
  for (const { op, args } of stage.steps) {
    if (op === 'WORKDIR') {
      result.workdir = path.posix.resolve(result.workdir, args);
      fs.mkdirSync(inImage(result.workdir), { recursive: true });
    } else if (op === 'ENV') {
      for (const m of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) result.env[m[1]] = m[2].replace(/^"|"$/g, '');
    } else if (op === 'COPY') {
      const parts = splitArgs(args);
      const flags = Object.fromEntries(parts.filter((p) => p.startsWith('--')).map((p) => p.slice(2).split('=')));
      const rest = parts.filter((p) => !p.startsWith('--'));
      const dest = path.posix.resolve(result.workdir, rest.pop());
      const from = flags.from ? stageRoots[flags.from] : context;
      if (!from) throw new Error(`COPY --from=${flags.from}: no such stage`);
      for (const src of rest) {
        const source = flags.from ? path.join(from, src) : path.join(from, src);
        if (!fs.existsSync(source)) throw new Error(`COPY ${src}: not in the ${flags.from ? `stage ${flags.from}` : 'build context'}`);
        const target =
          (rest.length > 1 || args.trim().endsWith('/')) && !fs.statSync(source).isDirectory() ? path.join(inImage(dest), path.basename(src)) : inImage(dest);
        copyInto(source, target, { link: Boolean(flags.from) });
      }
      if (flags.chown) {
        const [u, g] = flags.chown.split(':');
        const uid = KNOWN_USERS[u] ?? Number(u);
        const gid = KNOWN_USERS[g ?? u] ?? Number(g ?? u);
        execFileSync('chown', ['-R', `${uid}:${gid}`, inImage(dest)]);
      }
      say(`COPY ${args}`);
    } else if (op === 'RUN') {
      if (/\bapt-get\b/.test(args)) {
        say(`RUN (skipped: Debian packages come from this machine) ${args.slice(0, 60)}…`);
        continue;
      }
      say(`RUN ${args}`);
      const t0 = Date.now();
      execFileSync('bash', ['-c', args], {
        cwd: inImage(result.workdir),
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
          ...result.env,
        },
      });
      say(`  done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } else if (op === 'USER') {
      result.user = args;
    } else if (op === 'CMD') {
      result.cmd = JSON.parse(args);
    } else if (op === 'HEALTHCHECK') {
      const m = /CMD\s+(.*)$/.exec(args);
      result.healthcheck = m ? m[1] : null;
    } else if (op === 'EXPOSE' || op === 'LABEL' || op === 'ARG') {
      // nothing to replay
    } else {
      throw new Error(`Dockerfile instruction ${op} is not replayed: teach scripts/docker-replay.mjs about it`);
    }
  }
  return result;
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────────────
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-docker-replay-'));
fs.chmodSync(tmp, 0o755); // the unprivileged user must reach the image root
const dbName = `wz_docker_${crypto.randomBytes(4).toString('hex')}`;
let child = null;
let failed = false;
try {
  const stages = readDockerfile(path.join(root, 'Dockerfile'));
  say(`Dockerfile: ${stages.map((s) => `${s.name} (${s.image})`).join(' → ')}`);
  const context = path.join(tmp, 'context');
  buildContext(context);
  const stageRoots = {};
  let final;
  for (const stage of stages) final = runStage(stage, { tmp, context, stageRoots });
  if (!final.cmd) throw new Error('the final stage has no CMD');
  const uid = KNOWN_USERS[final.user] ?? Number(final.user);
  if (!Number.isInteger(uid) || uid === 0) throw new Error(`the image runs as ${final.user}: it must run as an unprivileged user`);

  // docker-compose.yml's environment for the app, pointed at this machine's services.
  const compose = parseYaml(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));
  const admin = await mysql.createConnection(MYSQL);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    ...final.env,
    ...compose.services.app.environment,
    // No replica here: compose's replica URL names a host this machine does not have.
    DATABASE_URL: `mysql://root@127.0.0.1:3306/${dbName}`,
    DATABASE_REPLICA_URLS: '',
    REDIS_URL,
    REDIS_KEY_PREFIX: `wz:replay:${process.pid}:`,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const [exe, ...args] = final.cmd;
  say(`start as uid ${uid}: ${final.cmd.join(' ')} (compose environment; database ${dbName})`);
  child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', exe === 'node' ? process.execPath : exe, ...args], {
    cwd: path.join(final.imageRoot, final.workdir),
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  let ready = false;
  while (!ready && Date.now() < deadline && !exited) {
    ready = await fetch(`${base}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ready) await sleep(500);
  }
  if (!ready) throw new Error(exited ? `the server exited (${JSON.stringify(exited)}) before it was ready` : '/readyz did not answer 200 within 120 s');
  say(`/readyz answered 200: ${JSON.stringify(await (await fetch(`${base}/readyz`)).json())}`);

  const consolePage = await (await fetch(`${base}/admin/`)).text();
  if (!consolePage.includes('<div id="root">')) throw new Error('/admin/ does not serve the built console');
  const gql = await (
    await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })
  ).json();
  if (gql?.data?.__typename !== 'Query') throw new Error(`/graphql: ${JSON.stringify(gql)}`);
  const users = await mysql.createConnection({ ...MYSQL, database: dbName });
  const [[{ n }]] = await users.query('SELECT COUNT(*) AS n FROM `app_user`');
  await users.end();
  if (Number(n) !== 0) throw new Error(`production start loaded ${n} users (demo data must stay out of production)`);
  if (final.healthcheck) {
    const check = final.healthcheck.replaceAll('4000', String(port));
    execFileSync('bash', ['-c', check], { stdio: 'inherit', env: { PATH: process.env.PATH } });
    say("the image's HEALTHCHECK command passes");
  }
  say('console, GraphQL and migrations work; stopping with SIGTERM');
  child.kill('SIGTERM');
  const stopBy = Date.now() + 20_000;
  while (!exited && Date.now() < stopBy) await sleep(100);
  if (!exited) throw new Error('the server did not stop within 20 s of SIGTERM');
  if (exited.code !== 0) throw new Error(`the server stopped with ${JSON.stringify(exited)}`);
  say('stopped cleanly: the Dockerfile builds and starts');
} catch (e) {
  failed = true;
  console.error(`[docker-replay] FAILED: ${e.message}`);
} finally {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  const admin = await mysql.createConnection(MYSQL).catch(() => null);
  await admin?.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin?.end();
  // Removing an installed node_modules takes a while on a busy disk: done in the background, not waited for.
  spawn('rm', ['-rf', tmp], { detached: true, stdio: 'ignore' }).unref();
}
process.exit(failed ? 1 : 0);
