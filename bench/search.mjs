#!/usr/bin/env node
/**
 * Keyword search measured on its own (docs/search.md): the full-text index against the LIKE scan it replaced, on a data
 * set of bench/generate.mjs (real citizens' wording from ../shared/data/real, each real message used N / 7,142 times).
 *
 *   node bench/search.mjs --messages 100000 --units 2000 [--reuse] [--database wz_search_bench] [--duration 10] [--connections 8] [--index-only] [--cpu-prof DIR] [--server-main FILE] [--no-like]
 *
 * Needs the production build (`npm run build`) and MariaDB with Mroonga (MYSQL_URL, default mysql://root@127.0.0.1:3306).
 * It measures, for 2-4 character keywords: the exact count by the index and by LIKE in SQL (one connection, median of
 * 5), then the console's `Messages` query (25 rows + total, the dispatcher's search box) at 8 clients (--connections) with autocannon,
 * by time and by relevance, with the index; then the same with the index dropped (the LIKE fallback), then
 * `npm run search:rebuild` (timed). Writes bench/results/<date>-search-<messages>.json and .md.
 * The query is the console's own document (admin/src/graphql/messages.graphql, as bench/run.mjs sends it). Each load also
 * reports the CPU time per request of the server process and of the database server (mariadbd, when it runs on this
 * machine: /proc), figures that a busy shared machine moves less than the latencies. --cpu-prof DIR: the server runs
 * with node's --cpu-prof, its profile written to DIR when it stops. --server-main FILE: another build's main.js (e.g. a
 * copy of server/dist made before a change, to measure before and after minutes apart). --no-like: no LIKE count in SQL
 * (at 1M messages each takes seconds).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { consoleDocument } from './console-documents.mjs';
import { generate } from './generate.mjs';
import { args, loadTest, login, MYSQL, realTexts, root, round, runScript, SERVER_MAIN, startServer as startProductionServer } from './lib.mjs';

const MESSAGES = Number(args.messages ?? 100_000);
const UNITS = Number(args.units ?? 2_000);
const DURATION = Number(args.duration ?? 10);
const CONNECTIONS = Number(args.connections ?? 8);
const DB = args.database ?? 'wz_search_bench';
const DB_URL = `${MYSQL}/${DB}`;
const KEYWORDS = ['停车', '物业', '拆迁', '噪音扰民', '公积金'];
const log = (...a) => console.log(...a);
const TICK_MS = 10; // /proc/<pid>/stat counts CPU time in clock ticks (USER_HZ, 100 on Linux)
/** CPU time (user + system) of a process so far, in ms; null when it cannot be read. */
const cpuMs = (pid) => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return null;
  }
};
/** The database server's process on this machine (mariadbd or mysqld), or null. */
const databasePid = () => {
  for (const d of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (['mariadbd', 'mysqld'].includes(fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim())) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return null;
};
const DB_PID = databasePid();
if (!fs.existsSync(SERVER_MAIN)) throw new Error('Build first: npm run build');

const TEXTS = realTexts({ required: true });

/** A command of the server's build (server/dist/server/src/cli) on the bench database; its output. */
const run = (script, argv = []) => runScript(path.join('server/dist/server/src', script), argv, { env: { DATABASE_URL: DB_URL } });

async function prepareData() {
  const admin = await mysql.createConnection({ uri: MYSQL });
  const [[exists]] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [DB, 'message']);
  if (args.reuse && exists.n) {
    const [[c]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.message`);
    if (Number(c.n) >= MESSAGES) {
      await admin.end();
      log(`reusing ${DB}: ${c.n} messages`);
      return { reused: true };
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await admin.query(`CREATE DATABASE \`${DB}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  await run('cli/migrate.js', ['up']);
  log(`generating ${MESSAGES} messages over ${UNITS} units into ${DB} (texts of ${TEXTS.length} real messages) …`);
  const g = await generate({ url: DB_URL, messages: MESSAGES, units: UNITS, log, texts: TEXTS });
  log(`generated in ${round(g.seconds)} s: ${JSON.stringify(g.counts)}`);
  return g;
}

/** The production server on the bench database; `engine()` is its log line on the search engine it uses. */
async function startServer() {
  let engineLine = '';
  const server = await startProductionServer({
    ...(args['server-main'] ? { main: path.resolve(String(args['server-main'])) } : {}),
    env: { DATABASE_URL: DB_URL, LOG_LEVEL: 'info' },
    nodeArgs: args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(String(args['cpu-prof']))}`] : [],
    stderr: 'pipe',
    onOutput: (d) => {
      const m = /\[search\][^\n]*/.exec(String(d));
      if (m) engineLine = m[0];
    },
  });
  return { ...server, engine: () => engineLine };
}

const MESSAGES_DOC = consoleDocument('messages.graphql');
/** The console's `Messages` operation (its document holds the page's other operations too). */
const askMessages = async (server, variables, token) => {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: MESSAGES_DOC, operationName: 'Messages', variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 400));
  return body.data.messages;
};

async function load(name, server, token, variables) {
  const body = JSON.stringify({ query: MESSAGES_DOC, operationName: 'Messages', variables });
  const cpu0 = [cpuMs(server.child.pid), DB_PID && cpuMs(DB_PID)];
  const { result: r, errors } = await loadTest({ url: `${server.url}/graphql`, bodies: [body], token, connections: CONNECTIONS, duration: DURATION });
  const cpu1 = [cpuMs(server.child.pid), DB_PID && cpuMs(DB_PID)];
  const perRequest = (i) => (cpu0[i] == null || cpu1[i] == null || !r.requests.total ? null : round((cpu1[i] - cpu0[i]) / r.requests.total, 1));
  const out = {
    name,
    requests: r.requests.total,
    perSecond: round(r.requests.average),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors,
    serverCpuMsPerRequest: perRequest(0),
    databaseCpuMsPerRequest: perRequest(1),
  };
  log(
    `  ${name}: ${out.perSecond} req/s, p50 ${out.p50} ms, p99 ${out.p99} ms, errors ${out.errors}; CPU per request: server ${out.serverCpuMsPerRequest} ms, database ${out.databaseCpuMsPerRequest ?? '-'} ms`,
  );
  return out;
}

async function sqlTimes(db, engine) {
  const median = async (sql, params) => {
    const times = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const [[row]] = await db.query(sql, params);
      times.push(performance.now() - t);
      n = Number(row.n);
    }
    return { n, ms: round(times.sort((a, b) => a - b)[2]) };
  };
  const out = [];
  for (const k of KEYWORDS) {
    const like = args['no-like']
      ? { n: null, ms: null }
      : await median('SELECT COUNT(*) AS n FROM message WHERE title LIKE ? OR content LIKE ?', [`%${k}%`, `%${k}%`]);
    const index = engine === 'like' ? null : await median('SELECT COUNT(*) AS n FROM message_search WHERE MATCH(body) AGAINST(? IN BOOLEAN MODE)', [`+"${k}"`]);
    out.push({ keyword: k, likeCount: like.n, likeMs: like.ms, indexCount: index?.n ?? null, indexMs: index?.ms ?? null });
    log(`  ${k}: LIKE ${like.n ?? '-'} in ${like.ms ?? '-'} ms; index ${index ? `${index.n} in ${index.ms} ms` : '-'}`);
  }
  return out;
}

async function searchLoads(label) {
  const server = await startServer();
  log(`server: ${server.engine()}`);
  const token = await login(server, 'bench-admin');
  const totals = {};
  for (const k of KEYWORDS) totals[k] = await askMessages(server, { first: 25, filter: { keyword: k } }, token);
  log(`  totals: ${KEYWORDS.map((k) => `${k} ${totals[k].totalCount}${totals[k].totalIsCapped ? '+' : ''}`).join(', ')}`);
  await load('warm-up', server, token, { first: 25, filter: { keyword: '停车' } });
  const out = {
    engine: server.engine(),
    totals: Object.fromEntries(KEYWORDS.map((k) => [k, `${totals[k].totalCount}${totals[k].totalIsCapped ? '+' : ''}`])),
    byTime: await load(`${label}: search "停车" by time, ${CONNECTIONS} clients`, server, token, { first: 25, filter: { keyword: '停车' } }),
    byRelevance: await load(`${label}: search "停车" by relevance, ${CONNECTIONS} clients`, server, token, {
      first: 25,
      filter: { keyword: '停车' },
      sort: { field: 'RELEVANCE', direction: 'DESC' },
    }),
    rare: await load(`${label}: search "公积金" by time, ${CONNECTIONS} clients`, server, token, { first: 25, filter: { keyword: '公积金' } }),
    allFirstPage: await load(`${label}: all messages, first page (capped total), ${CONNECTIONS} clients`, server, token, { first: 25 }),
  };
  await server.stop();
  return out;
}

const data = await prepareData();
const db = await mysql.createConnection({ uri: DB_URL });
const [[{ n: messages }]] = await db.query('SELECT COUNT(*) AS n FROM message');
const [[bp]] = await db.query('SELECT @@innodb_buffer_pool_size AS b, VERSION() AS v');
const loadAverage = os.loadavg().map((x) => round(x, 2));
const [engineRow] = await db.query("SELECT ENGINE AS e FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'message_search'");
const engine = engineRow.length ? engineRow[0].e : 'like';
log(`\n${messages} messages; index: ${engine}; SQL counts (median of 5)`);
const sql = await sqlTimes(db, engine);
log('\nwith the full-text index');
const indexed = await searchLoads('index');
let fallback = null;
let rebuild = null;
if (!args['index-only']) {
  log('\nwithout it (table dropped: the LIKE fallback)');
  await db.query('DROP TABLE IF EXISTS message_search');
  fallback = await searchLoads('LIKE');
  log('\nnpm run search:rebuild');
  const rebuildOut = await run('cli/searchRebuild.js');
  rebuild = JSON.parse(rebuildOut.trim().split('\n').pop());
  log(`  ${JSON.stringify(rebuild)}`);
}
await db.end();

const results = {
  date: new Date().toISOString(),
  messages: Number(messages),
  data,
  database: bp.v,
  innodbBufferPoolMb: Number(bp.b) / 1048576,
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 1073741824),
    loadAverageAtStart: loadAverage,
    loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
  },
  durationSeconds: DURATION,
  sql,
  indexed,
  fallback,
  rebuild,
};
const stem = path.join(
  root,
  'bench/results',
  `${results.date.slice(0, 10)}-search-${messages}${fallback ? '' : '-index-only'}${CONNECTIONS === 8 ? '' : `-${CONNECTIONS}-client${CONNECTIONS === 1 ? '' : 's'}`}`,
);
fs.writeFileSync(`${stem}.json`, JSON.stringify(results, null, 2));
const row = (r) =>
  !r
    ? 'not run (--index-only)'
    : `${r.perSecond} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.errors ? `, ${r.errors} errors` : ''}; CPU per request: server ${r.serverCpuMsPerRequest} ms, database ${r.databaseCpuMsPerRequest ?? '-'} ms`;
fs.writeFileSync(
  `${stem}.md`,
  `# Keyword search, ${messages} messages (${results.date})

\`node bench/search.mjs ${process.argv.slice(2).join(' ')}\` on ${results.database}, buffer pool ${results.innodbBufferPoolMb} MB, ${results.machine.cpus} cores (${results.machine.model}), load average ${loadAverage.join(' / ')} at start and ${results.machine.loadAverageAtEnd.join(' / ')} at the end (the machine is shared), ${DURATION} s per load. Texts: the ${TEXTS.length} real messages, each used about ${Math.round(messages / TEXTS.length)} times.

| keyword | LIKE count (SQL) | index count (SQL) | total shown (index / LIKE) |
|---|---|---|---|
${sql.map((s) => `| ${s.keyword} | ${s.likeCount == null ? '-' : `${s.likeCount} in ${s.likeMs} ms`} | ${s.indexCount ?? '-'} in ${s.indexMs ?? '-'} ms | ${indexed.totals[s.keyword]} / ${fallback?.totals[s.keyword] ?? '-'} |`).join('\n')}

| console \`Messages\` query, 25 rows + total, ${CONNECTIONS} clients | full-text index (${engine}) | LIKE fallback |
|---|---|---|
| "停车" by time | ${row(indexed.byTime)} | ${row(fallback?.byTime)} |
| "停车" by relevance | ${row(indexed.byRelevance)} | ${row(fallback?.byRelevance)} (by time: no relevance without an index) |
| "公积金" by time | ${row(indexed.rare)} | ${row(fallback?.rare)} |
| all messages, first page | ${row(indexed.allFirstPage)} | ${row(fallback?.allFirstPage)} |

${rebuild ? `\`npm run search:rebuild\`: ${rebuild.indexed} messages into ${rebuild.engine} in ${rebuild.seconds} s.` : ''}
`,
);
log(`\nwrote ${stem}.json and .md`);
