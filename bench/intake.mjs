#!/usr/bin/env node
/**
 * Intake at moderate scale (issue 19): `importMessages` (bulk, 500 per call) and `submitMessage` (public API, 32
 * clients), on a database of its own, with real citizens' wording. Not `npm run bench` (the 1M data set): this one
 * measures the two intake paths alone, in about a minute.
 *
 *   npm run build -w server
 *   node bench/intake.mjs [--database wz_intake_bench] [--messages 20000] [--batch 500] [--lanes 2]
 *                         [--connections 32] [--duration 10] [--units 200] [--server path/to/main.js] [--cpu-prof dir]
 *
 * It drops and creates the database (MYSQL_URL, default mysql://root@127.0.0.1:3306), migrates it, generates a small
 * organisation (bench/generate.mjs, no messages), starts the production server on it, runs `--connections` submitMessage clients for
 * `--duration` seconds, then imports `--messages` messages in calls of `--batch` over `--lanes` parallel callers (the order
 * of `npm run bench`; texts from WENZHENG_REAL_DATA or ../shared/data/real, categories and regions of the organisation),
 * and prints one JSON line with the figures (and the SQL statements of one submission and of one import call, and the
 * server process's CPU time per message, from /proc: a figure that the machine's other load changes less than the rates).
 * `--server` measures another build (e.g. main's, for a before/after on the same machine minutes apart); `--cpu-prof`
 * writes the server's CPU profile into a directory (open it in Chrome's DevTools).
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { generate } from './generate.mjs';
import { args, createSubmitKey, gql, login, MYSQL, realTexts, round, runScript, SERVER_MAIN, startServer as startProductionServer } from './lib.mjs';

const DB = args.database ?? 'wz_intake_bench';
if (DB === 'wenzheng_bench') throw new Error('wenzheng_bench is the 1M data set of npm run bench: use another database');
const MESSAGES = Number(args.messages ?? 20_000);
const BATCH = Number(args.batch ?? 500);
const LANES = Number(args.lanes ?? 2);
const CONNECTIONS = Number(args.connections ?? 32);
const DURATION = Number(args.duration ?? 10);
const UNITS = Number(args.units ?? 200);
const DB_URL = `${MYSQL}/${DB}`;
const main = path.resolve(args.server ?? SERVER_MAIN);
if (!fs.existsSync(main)) throw new Error('Build first: npm run build -w server');
const log = (...a) => console.error(...a);

const TEXTS = realTexts({ clean: true }) ?? [{ title: '小区门口道路破损', content: '小区门口的道路坑洼不平已有两个月，雨天积水，请尽快修复。' }];

/** The production server (or `--server`) on the bench database, counting SQL statements, under `--cpu-prof` when asked. */
const startServer = () =>
  startProductionServer({
    main,
    nodeArgs: args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [],
    env: { DATABASE_URL: DB_URL, COUNT_SQL_STATEMENTS: 'true', LOG_LEVEL: 'warn', CITIZEN_OPS_PER_IP_PER_MINUTE: '100000' },
  });

const admin = await mysql.createConnection({ uri: MYSQL });
await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
await admin.query(`CREATE DATABASE \`${DB}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
await admin.end();
log(`${DB}: migrating, generating ${UNITS} units …`);
await runScript('server/dist/server/src/cli/migrate.js', ['up'], { env: { DATABASE_URL: DB_URL }, stdio: ['ignore', 'ignore', 'inherit'] });
await generate({ url: DB_URL, messages: 0, units: UNITS, log: () => undefined });
const db = await mysql.createConnection({ uri: DB_URL, timezone: 'Z' });
const [categories] = await db.query('SELECT id FROM category WHERE isActive = 1');
const [regions] = await db.query(`SELECT id FROM unit WHERE kind = 'REGION' AND isActive = 1`);
const apiKey = await createSubmitKey(db);
const [[version]] = await db.query('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool');

const server = await startServer();
const token = await login(server, 'bench-admin');
const pick = (arr, i) => arr[i % arr.length];
const started = Date.now();
const message = (n) => {
  const t = pick(TEXTS, n * 7919);
  return {
    channel: 'HOTLINE_12345',
    externalId: `bench-${started}-${n}`,
    type: pick(['COMPLAIN', 'HELP', 'CONSULT', 'SUGGEST'], n),
    title: t.title,
    content: t.content,
    phone: `139${String(n % 1e8).padStart(8, '0')}`,
    realName: '李四',
    categoryId: categories.length ? String(pick(categories, n).id) : undefined,
    regionUnitId: regions.length ? String(pick(regions, n * 13).id) : undefined,
    submittedAt: new Date(started - (n % 86400) * 1000).toISOString(),
  };
};

// submitMessage: `CONNECTIONS` clients for `DURATION` seconds
const SUBMIT = 'mutation($i: SubmitMessageInput!) { submitMessage(input: $i) { serialNo queryCode } }';
const submitBody = (n) => {
  const m = message(10_000_000 + n);
  return JSON.stringify({
    query: SUBMIT,
    variables: {
      i: {
        externalId: `s-${started}-${n}`,
        type: m.type,
        title: m.title,
        content: m.content,
        realName: m.realName,
        phone: m.phone,
        isPublic: true,
        regionUnitId: m.regionUnitId,
      },
    },
  });
};
const oneSubmit = await (
  await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-count-sql': '1' },
    body: submitBody(-1),
  })
).json();
if (oneSubmit.errors) throw new Error(JSON.stringify(oneSubmit.errors));
let n = 0;
let errors = 0;
let sampleError = null;
/** The server process's CPU time so far (user + system, ms; Linux /proc), or null elsewhere. */
const serverCpuMs = () => {
  try {
    const fields = fs.readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, at USER_HZ 100
  } catch {
    return null;
  }
};
const submitCpu0 = serverCpuMs();
const result = await autocannon({
  url: `${server.url}/graphql`,
  connections: CONNECTIONS,
  duration: DURATION,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
  requests: [
    {
      setupRequest: (req) => ({ ...req, body: submitBody(n++) }),
      onResponse: (status, body) => {
        if (status !== 200 || body.includes('"errors"')) {
          errors++;
          sampleError ??= `${status} ${String(body).slice(0, 300)}`;
        }
      },
    },
  ],
});
const submitCpuMs = submitCpu0 === null ? null : serverCpuMs() - submitCpu0;
log(`submitMessage: ${round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors + result.errors}`);
// importMessages: `LANES` callers, `BATCH` messages per call
const IMPORT = 'mutation($i: ImportMessagesInput!) { importMessages(input: $i) { created { id } skipped } }';
const calls = Math.ceil(MESSAGES / BATCH);
const counted = await gql(server, IMPORT, { i: { messages: Array.from({ length: BATCH }, (_, i) => message(MESSAGES + i)) } }, token, { 'x-count-sql': '1' });
let imported = 0;
const importCpu0 = serverCpuMs();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: LANES }, async (_, lane) => {
    for (let c = lane; c < calls; c += LANES) {
      const messages = Array.from({ length: Math.min(BATCH, MESSAGES - c * BATCH) }, (_, i) => message(c * BATCH + i));
      const res = await gql(server, IMPORT, { i: { messages } }, token);
      imported += res.data.importMessages.created.length;
    }
  }),
);
const importSeconds = (performance.now() - t0) / 1000;
const importCpuMs = importCpu0 === null ? null : serverCpuMs() - importCpu0;
log(`importMessages: ${imported} in ${round(importSeconds, 2)} s = ${round(imported / importSeconds)} msg/s`);

await server.stop();
const [[scale]] = await db.query('SELECT (SELECT COUNT(*) FROM message) AS messages, (SELECT COUNT(*) FROM message_event) AS ledgerEntries');
await db.end();
console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    database: { name: DB, version: version.v, innodbBufferPoolMb: Number(version.pool) / 2 ** 20 },
    scale,
    importMessages: {
      messages: imported,
      batch: BATCH,
      lanes: LANES,
      seconds: round(importSeconds, 2),
      messagesPerSecond: round(imported / importSeconds),
      sqlStatementsPerCall: counted.extensions?.sqlStatements,
      serverCpuMsPerMessage: importCpuMs === null ? null : round(importCpuMs / imported, 3),
    },
    submitMessage: {
      connections: CONNECTIONS,
      seconds: DURATION,
      messagesPerSecond: round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      errors: errors + result.errors + result.timeouts,
      sampleError,
      sqlStatementsPerCall: oneSubmit.extensions?.sqlStatements,
      serverCpuMsPerMessage: submitCpuMs === null ? null : round(submitCpuMs / Math.max(1, result.requests.total), 2),
    },
  }),
);
