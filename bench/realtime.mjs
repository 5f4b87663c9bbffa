#!/usr/bin/env node
/**
 * Realtime benchmark (domain.md §14, issue 6): N graphql-ws subscribers over several production server processes
 * sharing one MariaDB database and Redis, and the delivery latency of assignment events to them.
 *
 *   node bench/realtime.mjs --subscribers 2000 [--instances 2] [--events 200] [--units 100] [--rate 20]
 *                           [--mysql mysql://root@127.0.0.1:3306] [--redis redis://127.0.0.1:6379] [--json out.json]
 *                           [--connect-concurrency 200] [--server-dist server/dist] [--cpu-prof dir] [--keep-database]
 *                           [--wait-seconds 15]
 *   (--units 1: every subscriber on the same unit, the heaviest fan-out)
 *
 * or `import { runRealtimeBench } from './realtime.mjs'` and `await runRealtimeBench({ subscribers: 2000, log })`.
 *
 * What it does (it builds nothing: it runs server/dist/server/src/main.js, built by `cd server && npx tsc -p tsconfig.json`):
 *  1. creates a database of its own (wenzheng_bench_rt_<random>), applies the migrations (cli/migrate.js up) and loads
 *     the demo organisation and users (cli/seed.js; the seed refuses production, so it runs with NODE_ENV=development);
 *  2. starts `instances` production server processes (NODE_ENV=production, JOBS_ENABLED=false, PORT=0, its own
 *     REDIS_KEY_PREFIX on the shared Redis; BCRYPT_ROUNDS=4 so that creating and logging in 2,000 users takes seconds:
 *     password hashing plays no part in what is measured);
 *  3. creates `units` departments under the root unit through the API (createUnit), one UNIT_HANDLER user per
 *     subscriber in SQL (subscribers / units per unit; createUser would hash 2,000 passwords), logs each user in
 *     through the API (a session and an access token of its own), and enters the messages to be assigned
 *     (createMessage as the demo dispatcher);
 *  4. connects the subscribers, round-robin over the instances (subscriber i on instance i % instances), each a
 *     graphql-ws client authenticated in connection_init with its own JWT and subscribed to assignmentEvents(unitId) of
 *     its unit; then one warm-up assignment per unit, until every subscriber has heard its unit's (so every
 *     subscription is live before measuring);
 *  5. assigns the `events` messages (assignMessage, alternately through each instance) at a steady `rate` per
 *     second (open loop: it does not wait for a response before the next), message i to unit i % units;
 *  6. for each ASSIGNED event received, the delivery latency = receipt time − the event's `at` (the time the
 *     workflow read its clock inside the transaction, before the commit: so this includes the rest of the
 *     transaction and the commit, an upper bound of the delay after the commit). It also reports receipt − the
 *     arrival of the mutation's response (a lower bound: the event is published after the commit, before the
 *     response is written; negative when the event beats the response);
 *  7. checks that every subscriber of the unit got each event exactly once and nothing else;
 *  8. reads each instance's VmRSS (and VmHWM) from /proc/<pid>/status before connecting, after connecting and at the
 *     end; then closes the clients, stops the servers (SIGTERM), drops the database and deletes its Redis keys.
 *
 * The clients run in this one process on the same machine as the servers, MariaDB and Redis: their CPU time is in
 * the figures.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import mysql from 'mysql2/promise';
import Redis from 'ioredis';
import bcrypt from 'bcryptjs';
import { PRODUCTION_NODE_ARGS } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_DIR = path.join(ROOT, 'server');
/** The compiled server (tsc's outDir, default server/dist): its server/src/main.js and cli/. */
const distOf = (outDir) => path.join(path.resolve(outDir ?? path.join(SERVER_DIR, 'dist')), 'server', 'src');
const DEMO_PASSWORD = 'wenzheng2026';
const USER_PASSWORD = 'bench-rt-2026';

const SUBSCRIPTION = `subscription($u: ID!) { assignmentEvents(unitId: $u) {
  eventId type messageId serialNo title assignmentId unitIds at payload } }`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

/** Runs `work(item)` over `items` with at most `limit` at a time. */
async function pool(items, limit, work) {
  let next = 0;
  const out = new Array(items.length);
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i], i);
      }
    }),
  );
  return out;
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  return {
    count: s.length,
    min: round(s[0]),
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1]),
    mean: round(mean),
  };
}

function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: round(kb('VmRSS') / 1024), peakRssMB: round(kb('VmHWM') / 1024) };
  } catch {
    return { rssMB: null, peakRssMB: null };
  }
}

/** CPU time (user + system) of a process so far, in ms. */
function cpuMsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = 100; // USER_HZ on Linux

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryGB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

/** Runs a Node script to completion; rejects with its output when it fails. */
function runNode(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

class Instance {
  constructor(name, main, env, nodeArgs = []) {
    this.name = name;
    this.output = '';
    this.url = null;
    // as `npm start` runs it (its heap cap)
    this.child = spawn(process.execPath, [...PRODUCTION_NODE_ARGS, ...nodeArgs, main], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    LIVE.add(this.child);
    this.child.once('exit', () => LIVE.delete(this.child));
    this.child.stdout.on('data', (d) => {
      this.output += d;
    });
    this.child.stderr.on('data', (d) => {
      this.output += d;
    });
    this.exited = new Promise((r) => this.child.once('exit', (code, signal) => r({ code, signal })));
    this.gone = false;
    void this.exited.then(() => {
      this.gone = true;
    });
  }

  async ready(ms = 120_000) {
    const end = Date.now() + ms;
    while (!this.url) {
      if (this.gone) throw new Error(`${this.name} exited during start-up:\n${this.output}`);
      if (Date.now() > end) throw new Error(`${this.name} did not start within ${ms} ms:\n${this.output}`);
      const m = /listening on (http:\/\/\S+)/.exec(this.output);
      if (m) this.url = m[1];
      else await sleep(50);
    }
    this.port = Number(new URL(this.url).port);
    this.wsUrl = this.url.replace(/^http/, 'ws') + '/graphql';
    return this;
  }

  async gql(query, variables = {}, token = null) {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  async login(username, password) {
    return (await this.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username, password } })).login.accessToken;
  }

  async stop(graceMs = 20_000) {
    if (this.gone) return this.exited;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => {
      if (!this.gone) this.child.kill('SIGKILL');
    }, graceMs);
    const r = await this.exited;
    clearTimeout(t);
    return r;
  }
}

/**
 * @param {object} o
 * @param {number} [o.subscribers] graphql-ws clients (default 2000)
 * @param {number} [o.instances] server processes (default 2)
 * @param {number} [o.events] measured assignments (default 200)
 * @param {number} [o.units] units the subscribers are spread over (default 100: 20 subscribers each at 2000)
 * @param {number} [o.rate] assignments per second (default 20)
 * @param {(line: string) => void} [o.log]
 * @param {string} [o.mysqlUrl] MariaDB server, without a database (default mysql://root@127.0.0.1:3306)
 * @param {string} [o.redisUrl] default redis://127.0.0.1:6379
 * @param {number} [o.connectConcurrency] connections being opened at a time (default 200)
 * @param {string} [o.cpuProfileDir] run the servers with --cpu-prof into this directory
 * @param {boolean} [o.keepDatabase] leave the database (debugging)
 * @param {string} [o.serverDist] where the server was compiled to (default server/dist, or BENCH_SERVER_DIST)
 * @param {number} [o.waitSeconds] how long to wait, after the last assignment's response, for deliveries still on
 *   their way (default 15); on a machine shared with other work a longer wait lets every delivery arrive, so that the
 *   CPU per delivery is that of all of them
 */
export async function runRealtimeBench({
  subscribers = 2000,
  instances = 2,
  events = 200,
  units = 100,
  rate = 20,
  log = console.log,
  mysqlUrl = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
  redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  connectConcurrency = 200,
  cpuProfileDir = null,
  keepDatabase = false,
  serverDist = process.env.BENCH_SERVER_DIST,
  waitSeconds = 15,
} = {}) {
  const DIST = distOf(serverDist);
  const MAIN = path.join(DIST, 'main.js');
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the server first (cd server && npx tsc -p tsconfig.json)`);
  units = Math.max(1, Math.min(units, subscribers));
  const tag = crypto.randomBytes(3).toString('hex');
  const dbName = `wenzheng_bench_rt_${tag}`;
  const keyPrefix = `wzbrt-${tag}:`;
  const databaseUrl = `${mysqlUrl.replace(/\/+$/, '')}/${dbName}`;
  const jwtSecret = crypto.randomBytes(32).toString('hex');
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    JWT_SECRET: jwtSecret,
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    BCRYPT_ROUNDS: '4',
    ACCESS_TOKEN_TTL: '2h',
    DEMO_MESSAGES: '0',
  };
  const started = [];
  let cleaning = null;
  let stopping = false;
  CLEANUPS.add(cleanup);
  const clients = [];
  const admin = await mysql.createConnection(mysqlUrl);
  const t0 = now();
  const result = {
    bench: 'realtime',
    date: new Date().toISOString(),
    machine: machine(),
    config: {
      subscribers,
      instances,
      units,
      subscribersPerUnit: subscribers / units,
      events,
      ratePerSecond: rate,
      database: 'MariaDB',
      layout: units === 1 ? 'every subscriber on one unit' : `${units} units, subscribers round-robin over them`,
    },
  };
  try {
    result.machine.mariadb = (await admin.query('SELECT VERSION() AS v'))[0][0].v;
    await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    log(`[realtime] database ${dbName}, Redis prefix ${keyPrefix}`);
    await runNode([path.join(DIST, 'cli', 'migrate.js'), 'up'], { ...baseEnv, NODE_ENV: 'production' });
    await runNode([path.join(DIST, 'cli', 'seed.js')], { ...baseEnv, NODE_ENV: 'development' });

    // ── servers ───────────────────────────────────────────────────────────────────────────────────────
    const nodeArgs = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
    for (let i = 0; i < instances; i++) {
      started.push(
        new Instance(`instance ${String.fromCharCode(65 + i)}`, MAIN, { ...baseEnv, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0' }, nodeArgs),
      );
    }
    await Promise.all(started.map((s) => s.ready()));
    log(`[realtime] ${instances} instances: ${started.map((s) => `${s.url} (pid ${s.pid})`).join(', ')}`);
    const [A] = started;
    const on = (i) => started[i % started.length];

    // ── organisation, users, messages (through the API) ──────────────────────────────────────────────
    const adminToken = await A.login('admin', DEMO_PASSWORD);
    const dispatcherToken = await A.login('dispatcher', DEMO_PASSWORD);
    const root = (await A.gql(`{ units(first: 100) { nodes { id code } } }`, {}, adminToken)).units.nodes.find((u) => u.code === 'hn');
    const tSetup = now();
    const unitIds = await pool(
      [...Array(units).keys()],
      8,
      async (i) =>
        (
          await on(i).gql(
            `mutation($i: CreateUnitInput!) { createUnit(input: $i) { unit { id } } }`,
            { i: { code: `rt-${String(i).padStart(4, '0')}`, name: `压测单位${i}`, kind: 'DEPARTMENT', parentId: root.id } },
            adminToken,
          )
        ).createUnit.unit.id,
    );
    const subs = [...Array(subscribers).keys()].map((i) => ({
      i,
      unitIndex: i % units,
      unitId: unitIds[i % units],
      instance: i % instances,
      username: `rt${tag}u${i}`,
    }));
    // The users straight into SQL (one bcrypt hash for all: createUser would hash 2,000 times), then each logs in
    // through the API: a session and an access token of its own.
    const hash = bcrypt.hashSync(USER_PASSWORD, 4);
    for (let k = 0; k < subs.length; k += 500) {
      await admin.query(
        `INSERT INTO \`${dbName}\`.app_user (username, displayName, passwordHash, role, unitId, isActive, mustChangePassword, passwordChangedAt) VALUES ?`,
        [subs.slice(k, k + 500).map((s) => [s.username, `压测用户${s.i}`, hash, 'UNIT_HANDLER', Number(s.unitId), 1, 0, new Date()])],
      );
    }
    await pool(subs, 32, async (s) => {
      s.token = await on(s.i).login(s.username, USER_PASSWORD);
    });
    const newMessage = (i) =>
      on(i)
        .gql(
          `mutation($i: CreateMessageInput!) { createMessage(input: $i) { message { id } } }`,
          {
            i: {
              channel: 'HOTLINE_12345',
              type: 'COMPLAIN',
              title: `压测留言${i}：小区楼下夜间施工噪音扰民`,
              content: '工地连续一周在晚上十一点后施工，噪音很大，老人孩子无法休息，希望有关部门尽快处理。',
              realName: '张三',
              phone: '13812345678',
              isPublic: true,
            },
          },
          dispatcherToken,
        )
        .then((d) => d.createMessage.message.id);
    const messageIds = await pool([...Array(events).keys()], 8, (i) => newMessage(i));
    result.setupMs = Math.round(now() - tSetup);
    log(`[realtime] ${units} units, ${subscribers} users logged in, ${events} messages entered in ${result.setupMs} ms`);

    // ── subscribers ─────────────────────────────────────────────────────────────────────────────────────
    const memory = { beforeConnect: started.map((s) => memoryOf(s.pid)) };
    const received = subs.map(() => []); // per subscriber: [{ eventId, messageId, type, at, t }]
    let closedUnexpectedly = 0;
    /** Close code → how many sockets closed with it (after connecting, while running). */
    const closeCodes = {};
    let tryAgainLater = 0;
    let firstError = null;
    let errors = 0;
    const tConnect = now();
    let connectedCount = 0;
    await pool(
      subs,
      connectConcurrency,
      (s) =>
        new Promise((resolve, reject) => {
          const inst = started[s.instance];
          const client = createClient({
            url: inst.wsUrl,
            webSocketImpl: WebSocket,
            lazy: true,
            keepAlive: 0,
            // Like a real client: a connection refused with 1013 Try Again Later (server busy) is retried with backoff.
            retryAttempts: 10,
            shouldRetry: (e) => e?.code === 1013,
            connectionParams: { authorization: `Bearer ${s.token}` },
            on: {
              connected: () => {
                connectedCount++;
                resolve();
              },
              closed: (e) => {
                if (stopping) return;
                if (e?.code === 1013) {
                  tryAgainLater++;
                  return;
                }
                closedUnexpectedly++;
                closeCodes[e?.code ?? 'none'] = (closeCodes[e?.code ?? 'none'] ?? 0) + 1;
                reject(new Error(`subscriber ${s.i} closed: ${e?.code} ${e?.reason}`));
              },
            },
          });
          clients.push(client);
          client.subscribe(
            { query: SUBSCRIPTION, variables: { u: s.unitId } },
            {
              next: (r) => {
                const t = now();
                const e = r.data?.assignmentEvents;
                if (e) received[s.i].push({ eventId: e.eventId, messageId: e.messageId, type: e.type, at: Date.parse(e.at), t });
                else {
                  errors++;
                  firstError ??= JSON.stringify(r.errors ?? r);
                }
              },
              error: (err) => {
                if (stopping) return;
                errors++;
                firstError ??= Array.isArray(err) ? JSON.stringify(err) : `${err?.code ?? ''} ${err?.reason ?? err?.message ?? err}`;
              },
              complete: () => undefined,
            },
          );
        }),
    );
    result.connect = { allAcknowledgedMs: Math.round(now() - tConnect), concurrency: connectConcurrency };
    log(`[realtime] ${connectedCount} subscribers connected (connection_ack) in ${result.connect.allAcknowledgedMs} ms`);

    // Warm-up: one assignment per unit, until every subscriber has heard its unit's (the subscriptions are live).
    const subsOfUnit = Array.from({ length: units }, () => []);
    for (const s of subs) subsOfUnit[s.unitIndex].push(s);
    const warmupMessages = new Set();
    let pendingUnits = [...Array(units).keys()];
    for (let round = 0; pendingUnits.length && round < 10; round++) {
      await pool(pendingUnits, 8, async (u, k) => {
        const mid = await newMessage(k);
        warmupMessages.add(mid);
        await on(k).gql(
          `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id } } }`,
          { i: { messageId: mid, leadUnitId: unitIds[u] } },
          dispatcherToken,
        );
      });
      const deadline = Date.now() + 5000;
      const missing = () => pendingUnits.filter((u) => subsOfUnit[u].some((s) => !received[s.i].some((e) => warmupMessages.has(e.messageId))));
      while (missing().length && Date.now() < deadline) await sleep(50);
      pendingUnits = missing();
      if (pendingUnits.length) log(`[realtime] warm-up round ${round + 1}: ${pendingUnits.length} units still waiting`);
    }
    if (pendingUnits.length)
      throw new Error(`subscriptions of ${pendingUnits.length} units never received a warm-up event (${errors} subscription errors, the first: ${firstError})`);
    result.connect.allSubscribedMs = Math.round(now() - tConnect);
    memory.afterConnect = started.map((s) => memoryOf(s.pid));
    log(`[realtime] every subscription live (warm-up event received) ${result.connect.allSubscribedMs} ms after the first connection`);
    for (const r of received) r.length = 0;
    await sleep(500);

    // ── measured assignments at a steady rate ───────────────────────────────────────────────────────
    const sent = []; // per event: { messageId, unitIndex, send, response, ms }
    const interval = 1000 / rate;
    const cpuBefore = { bench: process.cpuUsage(), servers: started.map((s) => cpuMsOf(s.pid)) };
    const tStart = now();
    const inflight = [];
    let mutationErrors = 0;
    for (let i = 0; i < events; i++) {
      const due = tStart + i * interval;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const ev = { messageId: messageIds[i], unitIndex: i % units, send: now() };
      sent.push(ev);
      inflight.push(
        on(i)
          .gql(
            `mutation($i: AssignMessageInput!) { assignMessage(input: $i) { message { id state } } }`,
            { i: { messageId: ev.messageId, leadUnitId: unitIds[ev.unitIndex] } },
            dispatcherToken,
          )
          .then(
            () => {
              ev.response = now();
            },
            (e) => {
              mutationErrors++;
              ev.error = String(e.message ?? e);
            },
          ),
      );
    }
    await Promise.all(inflight);
    const sendSpanMs = now() - tStart;
    // Wait until every subscriber has each of its unit's events (or `waitSeconds`), then a moment more for duplicates.
    const expectedBySub = subs.map(() => new Set());
    for (const ev of sent) if (!ev.error) for (const s of subsOfUnit[ev.unitIndex]) expectedBySub[s.i].add(ev.messageId);
    const expectedTotal = expectedBySub.reduce((n, set) => n + set.size, 0);
    const countReceived = () => received.reduce((n, r) => n + r.length, 0);
    const waitEnd = Date.now() + waitSeconds * 1000;
    while (countReceived() < expectedTotal && Date.now() < waitEnd) await sleep(50);
    await sleep(1000);
    const measuredMs = now() - tStart;
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const cpu = {
      basis: 'CPU time used from the first measured assignment until every delivery arrived (+1 s), from /proc/<pid>/stat and process.cpuUsage()',
      wallMs: Math.round(measuredMs),
      instancesMs: started.map((s, k) => Math.round(cpuMsOf(s.pid) - cpuBefore.servers[k])),
      benchClientsMs: Math.round((benchCpu.user + benchCpu.system) / 1000),
    };
    memory.end = started.map((s) => memoryOf(s.pid));

    // ── figures ───────────────────────────────────────────────────────────────────────────────────────
    const byMessage = new Map(sent.map((ev) => [ev.messageId, ev]));
    const fromAt = [];
    const fromResponse = [];
    const lastByEvent = new Map(); // messageId → latest receipt among its unit's subscribers
    let delivered = 0,
      duplicates = 0,
      unexpected = 0,
      missing = 0;
    for (const s of subs) {
      const seen = new Map();
      for (const e of received[s.i]) {
        const ev = byMessage.get(e.messageId);
        if (!ev || e.type !== 'ASSIGNED' || !expectedBySub[s.i].has(e.messageId)) {
          unexpected++;
          continue;
        }
        if (seen.has(e.messageId)) {
          duplicates++;
          continue;
        }
        seen.set(e.messageId, e);
        delivered++;
        fromAt.push(e.t - e.at);
        if (ev.response) fromResponse.push(e.t - ev.response);
        lastByEvent.set(e.messageId, Math.max(lastByEvent.get(e.messageId) ?? 0, e.t - e.at));
      }
      for (const mid of expectedBySub[s.i]) if (!seen.has(mid)) missing++;
    }
    const mutationMs = sent.filter((ev) => ev.response).map((ev) => ev.response - ev.send);
    const slowest = sent
      .map((ev, k) => ({
        event: k,
        atSendMs: Math.round(ev.send - tStart),
        mutationMs: round(ev.response - ev.send),
        allSubscribersMs: round(lastByEvent.get(ev.messageId)),
      }))
      .sort((x, y) => (y.allSubscribersMs ?? 0) - (x.allSubscribersMs ?? 0))
      .slice(0, 5);
    result.events = {
      sent: events,
      mutationErrors,
      achievedRatePerSecond: round(events / (sendSpanMs / 1000)),
      deliveriesExpected: expectedTotal,
      delivered,
      missing,
      duplicates,
      unexpected,
      exactlyOnce: missing === 0 && duplicates === 0 && unexpected === 0 && mutationErrors === 0,
      slowest,
    };
    result.latencyMs = {
      basis: "receipt by the subscriber − the event's `at` (the workflow's clock inside the transaction, before commit)",
      perDelivery: summary(fromAt),
      allSubscribersOfTheEvent: summary([...lastByEvent.values()]),
      fromMutationResponse: {
        basis: 'receipt − arrival of the assignMessage response (lower bound; negative when the event is first)',
        ...summary(fromResponse),
      },
      assignMessageMutation: summary(mutationMs),
    };
    result.connect.closedUnexpectedly = closedUnexpectedly;
    result.connect.closeCodes = closeCodes;
    result.connect.retriedAfter1013 = tryAgainLater;
    result.connect.subscriptionErrors = errors;
    if (firstError) result.connect.firstSubscriptionError = firstError;
    cpu.instancesUsPerDelivery = round((cpu.instancesMs.reduce((a, b) => a + b, 0) * 1000) / Math.max(1, delivered), 1);
    cpu.benchClientsUsPerDelivery = round((cpu.benchClientsMs * 1000) / Math.max(1, delivered), 1);
    result.cpu = cpu;
    result.memory = started.map((s, k) => ({
      instance: s.name,
      pid: s.pid,
      subscribers: subs.filter((x) => x.instance === k).length,
      beforeConnectRssMB: memory.beforeConnect[k].rssMB,
      afterConnectRssMB: memory.afterConnect[k].rssMB,
      endRssMB: memory.end[k].rssMB,
      peakRssMB: memory.end[k].peakRssMB,
    }));
    result.goal = { p99BelowMs: 100, met: (result.latencyMs.perDelivery.p99 ?? Infinity) < 100 && result.events.exactlyOnce };
    result.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
    result.totalMs = Math.round(now() - t0);
    printSummary(result, log);
    return result;
  } catch (e) {
    for (const s of started) if (s.output.trim()) log(`[realtime] ${s.name} output:\n${s.output.slice(-4000)}`);
    throw e;
  } finally {
    await cleanup();
    CLEANUPS.delete(cleanup);
  }

  /** Stops everything started here: clients, servers, the database and the Redis keys of this run (once). */
  async function cleanup() {
    if (cleaning) return cleaning;
    cleaning = doCleanup();
    return cleaning;
  }
  async function doCleanup() {
    stopping = true;
    await Promise.allSettled(clients.map((c) => c.dispose()));
    const exits = await Promise.allSettled(started.map((s) => s.stop()));
    exits.forEach((x, k) => {
      const v = x.status === 'fulfilled' ? x.value : null;
      if (!v || v.code !== 0)
        log(`[realtime] ${started[k].name} stopped with ${v ? `code ${v.code}, signal ${v.signal}` : x.reason}:\n${started[k].output.slice(-2000)}`);
    });
    if (!keepDatabase) await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch((e) => log(`[realtime] could not drop ${dbName}: ${e.message}`));
    await admin.end().catch(() => undefined);
    await deleteKeys(redisUrl, keyPrefix).catch((e) => log(`[realtime] could not delete Redis keys ${keyPrefix}*: ${e.message}`));
  }
}

/** Clean-ups of runs in progress (a standalone run interrupted by SIGINT/SIGTERM runs them before exiting). */
const CLEANUPS = new Set();
/** Server processes alive: killed if this process exits without stopping them. */
const LIVE = new Set();
process.once('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

async function deleteKeys(redisUrl, prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function printSummary(r, log) {
  const l = r.latencyMs.perDelivery;
  const all = r.latencyMs.allSubscribersOfTheEvent;
  log(
    `[realtime] ${r.machine.cpuCount} × ${r.machine.cpuModel}, ${r.machine.totalMemoryGB} GB, Node ${r.machine.node}, MariaDB ${r.machine.mariadb}; load average ${r.machine.loadAverageAtStart.join(' ')} at start, ${r.machine.loadAverageAtEnd.join(' ')} at the end`,
  );
  log(
    `[realtime] ${r.config.subscribers} subscribers over ${r.config.instances} instances (${r.config.layout}), ${r.config.events} assignments at ${r.events.achievedRatePerSecond}/s`,
  );
  log(
    `[realtime] delivery latency (receipt − event at), per delivery: p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.count} deliveries)`,
  );
  log(
    `[realtime]   until every subscriber of the unit has it: p50 ${all.p50} ms, p99 ${all.p99} ms, max ${all.max} ms; from the mutation's response: p50 ${r.latencyMs.fromMutationResponse.p50} ms, p99 ${r.latencyMs.fromMutationResponse.p99} ms`,
  );
  log(
    `[realtime] delivered ${r.events.delivered}/${r.events.deliveriesExpected}, missing ${r.events.missing}, duplicates ${r.events.duplicates}, unexpected ${r.events.unexpected}: ${r.events.exactlyOnce ? 'exactly once' : 'NOT exactly once'}`,
  );
  log(
    `[realtime] connect (${r.connect.concurrency} at a time): all acknowledged in ${r.connect.allAcknowledgedMs} ms, all subscriptions live in ${r.connect.allSubscribedMs} ms; ${r.connect.retriedAfter1013} refused with 1013 and retried, ${r.connect.closedUnexpectedly} closed otherwise${r.connect.closedUnexpectedly ? ` (codes ${JSON.stringify(r.connect.closeCodes)})` : ''}`,
  );
  log(
    `[realtime] CPU while measuring (${r.cpu.wallMs} ms): instances ${r.cpu.instancesMs.join(' + ')} ms (${r.cpu.instancesUsPerDelivery} µs per delivery, all included), bench clients ${r.cpu.benchClientsMs} ms (${r.cpu.benchClientsUsPerDelivery} µs per delivery)`,
  );
  for (const m of r.memory)
    log(
      `[realtime] ${m.instance} (${m.subscribers} subscribers) RSS: ${m.beforeConnectRssMB} MB before connecting, ${m.afterConnectRssMB} MB connected, ${m.endRssMB} MB at the end (peak ${m.peakRssMB} MB)`,
    );
  log(`[realtime] goal p99 < 100 ms with every event exactly once: ${r.goal.met ? 'met' : 'MISSED'}`);
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const key = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else {
      out[key] = next;
      i++;
    }
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const a = parseArgs(process.argv.slice(2));
  const num = (k, d) => (a[k] === undefined ? d : Number(a[k]));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`${signal}: stopping the servers and dropping the database…`);
      Promise.allSettled([...CLEANUPS].map((c) => c())).then(() => process.exit(130));
    });
  }
  runRealtimeBench({
    subscribers: num('subscribers', 2000),
    instances: num('instances', 2),
    events: num('events', 200),
    units: num('units', 100),
    rate: num('rate', 20),
    connectConcurrency: num('connect-concurrency', 200),
    mysqlUrl: a.mysql,
    redisUrl: a.redis,
    cpuProfileDir: a['cpu-prof'] ? path.resolve(String(a['cpu-prof'] === true ? 'bench/results/profiles' : a['cpu-prof'])) : null,
    keepDatabase: !!a['keep-database'],
    serverDist: a['server-dist'],
    waitSeconds: num('wait-seconds', 15),
  }).then(
    (r) => {
      if (a.json) fs.writeFileSync(String(a.json), JSON.stringify(r, null, 2) + '\n');
      else console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
