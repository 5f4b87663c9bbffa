#!/usr/bin/env node
/**
 * Read throughput with and without a read replica, in the same run:
 *
 *   npm run bench:replica                                  # 200,000 messages over 2,000 units, 10 s per load
 *   npm run bench:replica -- --messages 50000 --units 500 --duration 5
 *
 * Starts a MariaDB primary (binary log, GTID) and a replica of its own on free ports in a temporary directory (like the
 * reliability suite), generates the data set into the primary (bench/generate.mjs) and waits until the replica has it,
 * then measures the same loads against the production server twice: on the primary alone, and with
 * DATABASE_REPLICA_URLS naming the replica (the primary still authenticates every request). Loads: the unit inbox
 * (the console's query, 32 clients) and a month's statistics of all units (4 clients). The replica's own SELECT counter
 * shows that it served the second run. Writes bench/results/<date>-replica.json and .md.
 *
 * What to expect on one machine: the primary, the replica, the server and the load generator share the same cores, so a
 * replica adds no CPU; the figure that matters in production is the primary's freed capacity. The result file says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { generate, SHANGHAI_UTC_OFFSET_HOURS } from './generate.mjs';
import { consoleDocument } from './console-documents.mjs';
import { args, freePort, loadTest, login, root, round, runScript, SERVER_MAIN, startServer as startProductionServer } from './lib.mjs';

const MESSAGES = Number(args.messages ?? 200_000);
const UNITS = Number(args.units ?? 2_000);
const DURATION = Number(args.duration ?? 10);
const DB = 'wenzheng_bench_replica';
if (!fs.existsSync(SERVER_MAIN)) throw new Error('Build first: npm run build');
const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const which = (...c) => c.find((x) => (x.includes('/') ? fs.existsSync(x) : spawnSync('sh', ['-c', `command -v ${x}`]).status === 0));
const children = new Set();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** A MariaDB server in a temporary directory (root without password), with extra options. */
async function mariadb(name, extra) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wz-bench-${name}-`));
  const install = spawnSync(
    which('mariadb-install-db', 'mysql_install_db'),
    ['--no-defaults', `--datadir=${dir}/data`, '--auth-root-authentication-method=normal', '--skip-test-db', `--user=${os.userInfo().username}`],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) throw new Error(`mariadb-install-db: ${install.stderr}`);
  const port = await freePort();
  const child = spawn(
    which('/usr/sbin/mariadbd', 'mariadbd'),
    [
      '--no-defaults',
      `--datadir=${dir}/data`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${dir}/s.sock`,
      `--pid-file=${dir}/p.pid`,
      `--user=${os.userInfo().username}`,
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=512M',
      '--max-connections=500',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      `--log-error=${dir}/error.log`,
      ...extra,
    ],
    { stdio: 'ignore' },
  );
  children.add(child);
  for (let i = 0; ; i++) {
    try {
      const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await c.end();
      break;
    } catch (e) {
      if (i > 300) throw e;
      await sleep(100);
    }
  }
  const query = async (sql, db) => {
    const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', database: db });
    try {
      return (await c.query(sql))[0];
    } finally {
      await c.end();
    }
  };
  return {
    port,
    dir,
    query,
    url: (db) => `mysql://root@127.0.0.1:${port}/${db}`,
    dispose: () => {
      child.kill('SIGKILL');
      children.delete(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The production server with `env` (its databases), killed with this script. */
async function startServer(env) {
  const server = await startProductionServer({ env: { LOG_LEVEL: 'warn', ...env } });
  children.add(server.child);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      children.delete(server.child);
    },
  };
}

async function load(name, { url, body, token, connections, duration = DURATION }) {
  const { result: r, errors } = await loadTest({ url, bodies: [body], token, connections, duration });
  const out = {
    name,
    connections,
    durationSeconds: duration,
    throughputPerSecond: round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99 },
    errors,
  };
  log(`  ${name}: ${out.throughputPerSecond} req/s, p50 ${out.latencyMs.p50} ms, p99 ${out.latencyMs.p99} ms, errors ${out.errors}`);
  return out;
}

const started = Date.now();
const [primary, replica] = await Promise.all([
  mariadb('primary', ['--server-id=1', '--log-bin=primary-bin', '--binlog-format=ROW']),
  mariadb('replica', ['--server-id=2', '--relay-log=replica-relay', '--read-only=ON']),
]);
try {
  await replica.query(
    `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos`,
  );
  await replica.query('START SLAVE');
  await primary.query(`CREATE DATABASE ${DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await runScript('server/dist/server/src/cli/migrate.js', ['up'], { env: { DATABASE_URL: primary.url(DB) }, stdio: 'inherit' });
  log(`generating ${MESSAGES} messages over ${UNITS} units into the primary …`);
  const g = await generate({ url: primary.url(DB), messages: MESSAGES, units: UNITS, log });
  const caughtUp = async () =>
    (await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS p'))[0].p === (await replica.query('SELECT @@GLOBAL.gtid_slave_pos AS p'))[0].p;
  const waitStart = Date.now();
  while (!(await caughtUp())) await sleep(500);
  log(`generated in ${round(g.seconds)} s; the replica caught up ${round((Date.now() - waitStart) / 1000)} s later`);

  const [[handler]] = [await primary.query(`SELECT u.username FROM app_user u WHERE u.username LIKE 'bench-h%' ORDER BY u.id LIMIT 1`, DB)];
  const [{ month }] = await primary.query(
    `SELECT DATE_FORMAT(DATE_SUB(DATE_ADD(MAX(submittedAt), INTERVAL ${SHANGHAI_UTC_OFFSET_HOURS} HOUR), INTERVAL 1 MONTH), '%Y-%m') AS month FROM message`,
    DB,
  );
  const [y, m] = month.split('-').map(Number);
  const period = { from: `${month}-01`, to: `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` };
  const inboxBody = JSON.stringify({ query: consoleDocument('inbox.graphql'), operationName: 'Inbox', variables: { first: 25 } });
  const statsBody = JSON.stringify({
    query:
      'query($p: PeriodInput!) { statistics(period: $p, groupBy: UNIT) { key assigned replied replyRate { value } closeRate { value } satisfactionRate { value } } }',
    variables: { p: period },
  });
  const selects = async () => Number((await replica.query(`SHOW GLOBAL STATUS LIKE 'Com_select'`))[0].Value);

  const runs = {};
  for (const [name, env] of [
    ['primary only', { DATABASE_URL: primary.url(DB) }],
    ['with one replica', { DATABASE_URL: primary.url(DB), DATABASE_REPLICA_URLS: replica.url(DB), READ_YOUR_WRITES_SECONDS: '0' }],
  ]) {
    log(`\n${name}`);
    const server = await startServer(env);
    const handlerToken = await login(server, handler.username);
    const adminToken = await login(server, 'bench-admin');
    const before = await selects();
    await load('warm-up', { url: `${server.url}/graphql`, body: inboxBody, token: handlerToken, connections: 8, duration: 2 });
    const inbox = await load('unit inbox (25 rows), 32 clients', { url: `${server.url}/graphql`, body: inboxBody, token: handlerToken, connections: 32 });
    const statistics = await load(`month statistics ${month}, all units, 4 clients`, {
      url: `${server.url}/graphql`,
      body: statsBody,
      token: adminToken,
      connections: 4,
    });
    const replicaSelects = (await selects()) - before;
    log(`  SELECTs executed by the replica during this run: ${replicaSelects}`);
    runs[name] = { inbox, statistics, replicaSelects };
    await server.stop();
  }
  const ratio = (k) => round(runs['with one replica'][k].throughputPerSecond / runs['primary only'][k].throughputPerSecond, 2);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: os.loadavg().map((x) => round(x, 2)) },
    scale: { messages: MESSAGES, units: UNITS },
    innodbBufferPoolMb: 512,
    runs,
    throughputRatio: { inbox: ratio('inbox'), statistics: ratio('statistics') },
    note: "primary, replica, server and load generator share this machine's cores: a replica adds no CPU here; in production it takes these reads off the primary",
    seconds: round((Date.now() - started) / 1000),
  };
  const out = path.join(root, 'bench/results', `${result.date.slice(0, 10)}-replica`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const row = (k, label) =>
    `| ${label} | ${runs['primary only'][k].throughputPerSecond} req/s (p99 ${runs['primary only'][k].latencyMs.p99} ms) | ${runs['with one replica'][k].throughputPerSecond} req/s (p99 ${runs['with one replica'][k].latencyMs.p99} ms) | ${result.throughputRatio[k]} |`;
  fs.writeFileSync(
    `${out}.md`,
    [
      `# Read replica benchmark, ${result.date.slice(0, 10)}`,
      '',
      `\`npm run bench:replica -- --messages ${MESSAGES} --units ${UNITS} --duration ${DURATION}\` on ${result.machine.cpus} × ${result.machine.cpuModel} (load average at the end ${result.machine.loadAverage.join(', ')}); MariaDB primary and replica of the bench's own, buffer pool 512 MB each.`,
      '',
      '| load | primary only | with one replica | ratio |',
      '|---|---|---|---|',
      row('inbox', 'unit inbox, 25 rows, 32 clients'),
      row('statistics', `month statistics of all units, 4 clients`),
      '',
      `SELECTs executed by the replica: ${runs['primary only'].replicaSelects} in the first run, ${runs['with one replica'].replicaSelects} in the second.`,
      '',
      `Note: ${result.note}.`,
      '',
    ].join('\n'),
  );
  log(`\nwrote ${path.relative(root, out)}.json and .md`);
} finally {
  primary.dispose();
  replica.dispose();
}
process.exit(0);
