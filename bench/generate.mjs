/**
 * Generates a realistic wenzheng data set straight into MariaDB/MySQL for the benchmark:
 * units (a region / department / office tree), leaders, categories, staff users, messages over the
 * past year with assignments (lead, assist, delegated), published replies, evaluations and the ledger.
 *
 *   node bench/generate.mjs --url mysql://root@127.0.0.1:3306/wenzheng_bench --messages 1000000 --units 10000
 *
 * The schema comes from the project's own migrations (run first by the caller, see bench/run.mjs).
 * Rows are written with multi-row INSERTs on two connections; the same seed gives the same data.
 * Outcomes follow what a platform sees: most messages closed, some replied and waiting for a rating,
 * some still open (a share of them overdue), a few invalid; busy units get many more messages (Zipf).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import bcrypt from 'bcryptjs';
// Shanghai's offset from the server's own definition (built by `npm run build`, which the bench needs anyway)
import { SHANGHAI_UTC_OFFSET_HOURS, SHANGHAI_UTC_OFFSET_MS } from '../server/dist/server/src/common/shanghai.js';

export { SHANGHAI_UTC_OFFSET_HOURS };

export const BENCH_PASSWORD = 'bench-password-2026';
const DAY = 86400_000;
const HOUR = 3600_000;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  '小区停车难',
  '道路积水',
  '噪音扰民',
  '物业服务',
  '学位申请',
  '医保报销',
  '公交线路',
  '拖欠工资',
  '违章建筑',
  '垃圾分类',
  '供水停水',
  '燃气安装',
  '路灯不亮',
  '占道经营',
  '房产证办理',
  '落户政策',
  '养老补贴',
  '社保转移',
  '电梯故障',
  '油烟污染',
  '农村公路',
  '危房改造',
  '食品安全',
  '校外培训',
  '充电桩安装',
  '老旧小区改造',
  '医院挂号',
  '扬尘污染',
  '排水管网',
  '土地征收',
];
const PLACES = ['岳麓区', '开福区', '天心区', '芙蓉区', '雨花区', '望城区', '长沙县', '浏阳市', '宁乡市', '雁峰区', '石鼓区', '蒸湘区'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const TYPES = [
  ['CONSULT', 0.35],
  ['COMPLAIN', 0.3],
  ['HELP', 0.2],
  ['SUGGEST', 0.15],
];
const CHANNELS = [
  ['WEB', 0.35],
  ['WECHAT', 0.25],
  ['APP', 0.15],
  ['HOTLINE_12345', 0.15],
  ['WEIBO', 0.04],
  ['DOUYIN', 0.03],
  ['LETTER', 0.01],
  ['API', 0.02],
];
const pick = (r, weighted) => {
  let x = r();
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
};

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1];
  return out;
}

/** Inserts rows in batches; `columns` names them; rows are arrays in that order. */
class Writer {
  constructor(pool, table, columns, batch = 2000) {
    Object.assign(this, { pool, table, columns, batch, rows: [], pending: [] });
    this.sql = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) VALUES ?`;
    this.count = 0;
  }
  async push(row) {
    this.rows.push(row);
    if (this.rows.length >= this.batch) await this.flush();
  }
  async flush() {
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    this.count += rows.length;
    const p = this.pool.query(this.sql, [rows]);
    this.pending.push(p);
    if (this.pending.length >= 2) await this.pending.shift();
  }
  async end() {
    await this.flush();
    await Promise.all(this.pending);
    this.pending = [];
  }
}

export async function generate({ url, messages = 1_000_000, units = 10_000, seed = 20261130, anchor = new Date(), log = console.log, texts = null }) {
  const r = rng(seed);
  const pool = mysql.createPool({ uri: url, connectionLimit: 3, timezone: 'Z', dateStrings: false, multipleStatements: false });
  const started = Date.now();
  await pool.query('SET SESSION unique_checks = 0');
  const end = new Date(Math.floor(anchor.getTime() / DAY) * DAY - SHANGHAI_UTC_OFFSET_MS); // 00:00 Shanghai today
  const start = new Date(end.getTime() - 365 * DAY);

  // --- organisation: one platform office, regions, departments under them, offices under those
  const unitRows = [];
  const nRegions = Math.max(1, Math.round(units / 500));
  const nDepts = Math.max(1, Math.round(units / 25));
  unitRows.push([1, 'platform', '网络问政平台办', 'OTHER', null, '/1/', 0]);
  const regions = [];
  for (let i = 0; i < nRegions && unitRows.length < units; i++) {
    const id = unitRows.length + 1;
    regions.push({ id, path: `/${id}/` });
    unitRows.push([id, `r${i}`, `${PLACES[i % PLACES.length]}${i >= PLACES.length ? i : ''}`, 'REGION', null, `/${id}/`, 0]);
  }
  const depts = [];
  for (let i = 0; i < nDepts && unitRows.length < units; i++) {
    const region = regions[i % regions.length];
    const id = unitRows.length + 1;
    depts.push({ id, path: `${region.path}${id}/`, region: region.id });
    unitRows.push([id, `d${i}`, `${TOPICS[i % TOPICS.length].slice(0, 2)}局${i}`, 'DEPARTMENT', region.id, `${region.path}${id}/`, 1]);
  }
  const offices = [];
  for (let i = 0; unitRows.length < units; i++) {
    const dept = depts[i % depts.length];
    const id = unitRows.length + 1;
    offices.push({ id, path: `${dept.path}${id}/`, region: dept.region, parent: dept.id });
    unitRows.push([id, `o${i}`, `办事处${i}`, 'OTHER', dept.id, `${dept.path}${id}/`, 2]);
  }
  const unitW = new Writer(pool, 'unit', ['id', 'code', 'name', 'kind', 'parentId', 'path', 'level']);
  for (const u of unitRows) await unitW.push(u);
  await unitW.end();
  const handlingUnits = [...depts, ...offices];
  const unitById = new Map(handlingUnits.map((u) => [u.id, u]));
  // Zipf-like load: unit k (in a shuffled order) gets weight 1/(k+10)
  const weights = handlingUnits.map((_, k) => 1 / (k + 10));
  const cumulative = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w), 0);
  const total = cumulative[cumulative.length - 1];
  const pickUnit = () => {
    const x = r() * total;
    let lo = 0,
      hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return handlingUnits[lo];
  };

  const catW = new Writer(pool, 'category', ['id', 'code', 'name', 'parentId', 'path', 'level']);
  for (let i = 0; i < TOPICS.length; i++) await catW.push([i + 1, `c${i}`, TOPICS[i], null, `/${i + 1}/`, 0]);
  await catW.end();
  const leaderW = new Writer(pool, 'leader', ['id', 'name', 'title', 'unitId']);
  const nLeaders = Math.min(regions.length * 2, 200);
  for (let i = 0; i < nLeaders; i++)
    await leaderW.push([i + 1, `${SURNAMES[i % SURNAMES.length]}领导${i}`, i % 2 ? '副市长' : '市长', regions[i % regions.length].id]);
  await leaderW.end();

  const hash = await bcrypt.hash(BENCH_PASSWORD, 8);
  const userW = new Writer(pool, 'app_user', ['username', 'displayName', 'passwordHash', 'role', 'unitId', 'passwordChangedAt']);
  await userW.push(['bench-admin', '压测管理员', hash, 'PLATFORM_ADMIN', 1, anchor]);
  await userW.push(['bench-dispatcher', '压测受理员', hash, 'DISPATCHER', 1, anchor]);
  // the 20 busiest units each get a handler (the inbox benchmark logs in as them)
  for (const u of handlingUnits.slice(0, 20)) await userW.push([`bench-h${u.id}`, `承办人${u.id}`, hash, 'UNIT_HANDLER', u.id, anchor]);
  await userW.end();

  // --- messages and their history
  const msgW = new Writer(
    pool,
    'message',
    [
      'id',
      'serialNo',
      'queryCodeHash',
      'channel',
      'externalId',
      'type',
      'categoryId',
      'regionUnitId',
      'addressedLeaderId',
      'title',
      'content',
      'attachments',
      'realName',
      'phone',
      'ip',
      'isPublic',
      'state',
      'invalidReason',
      'leadUnitId',
      'submittedAt',
      'acceptedAt',
      'assignedAt',
      'firstResponseAt',
      'repliedAt',
      'closedAt',
      'replyDueAt',
      'yellowAt',
      'reopenCount',
      'createdAt',
      'updatedAt',
    ],
    1000,
  );
  const asgW = new Writer(pool, 'assignment', [
    'id',
    'messageId',
    'unitId',
    'role',
    'state',
    'parentId',
    'assignedById',
    'assignedAt',
    'signDueAt',
    'signedAt',
    'firstResponseDueAt',
    'replyDueAt',
    'yellowAt',
    'overdueAt',
    'repliedAt',
    'firstResponseAt',
    'firstResponseWorkingHours',
    'handlingWorkingDays',
    'reopenCount',
    'signedOnTime',
    'respondedOnTime',
    'firstRepliedAt',
    'repliedOnTime',
    'ratingOverall',
    'ratingResolution',
    'createdAt',
    'updatedAt',
  ]);
  const replyW = new Writer(pool, 'reply', [
    'messageId',
    'assignmentId',
    'unitId',
    'kind',
    'state',
    'content',
    'resolved',
    'authorId',
    'submittedAt',
    'publishedAt',
    'createdAt',
    'updatedAt',
  ]);
  const evalW = new Writer(pool, 'evaluation', [
    'messageId',
    'unitId',
    'resolution',
    'attitude',
    'speed',
    'overall',
    'band',
    'satisfied',
    'source',
    'createdAt',
  ]);
  const evW = new Writer(
    pool,
    'message_event',
    ['messageId', 'assignmentId', 'action', 'fromState', 'toState', 'actorKind', 'actorUserId', 'actorUnitId', 'createdAt'],
    4000,
  );
  let assignmentId = 0;
  const span = end.getTime() - start.getTime();
  for (let id = 1; id <= messages; id++) {
    const submittedAt = new Date(start.getTime() + Math.floor((id / messages) * span) + Math.floor(r() * 600_000));
    const age = end.getTime() - submittedAt.getTime();
    const type = pick(r, TYPES);
    const channel = pick(r, CHANNELS);
    const unit = pickUnit();
    const topic = Math.floor(r() * TOPICS.length);
    const place = PLACES[Math.floor(r() * PLACES.length)];
    // real citizens' texts when given (the analysis needs real wording; each is used about messages / texts.length times)
    const real = texts ? texts[(id * 7919) % texts.length] : null;
    const title = real
      ? real.title
      : `关于${place}${TOPICS[topic]}的${type === 'CONSULT' ? '咨询' : type === 'COMPLAIN' ? '投诉' : type === 'HELP' ? '求助' : '建议'}`;
    const content = real ? real.content : `${place}${TOPICS[topic]}问题已经持续很长时间，附近居民反映强烈，希望有关部门尽快调查处理并给予答复。编号${id}。`;
    const leader = r() < 0.1 ? 1 + Math.floor(r() * nLeaders) : null;
    const roll = r();
    // outcome by age: recent messages are more often still open
    const young = age < 20 * DAY;
    let state;
    if (roll < 0.04) state = 'INVALID';
    else if (age < 2 * DAY && roll < 0.3) state = 'RECEIVED';
    else if (young && roll < 0.45) state = 'IN_PROGRESS';
    else if (roll < 0.07)
      state = 'IN_PROGRESS'; // long-open: overdue
    else if (young && roll < 0.7) state = 'REPLIED';
    else if (roll < 0.12) state = 'REPLIED';
    else state = 'CLOSED';
    const acceptedAt = state === 'RECEIVED' ? null : new Date(submittedAt.getTime() + (1 + r() * 20) * HOUR);
    const assigned = !['RECEIVED', 'INVALID'].includes(state);
    const assignedAt = assigned ? new Date(acceptedAt.getTime() + r() * 2 * HOUR) : null;
    const replyDueAt = assigned ? new Date(assignedAt.getTime() + (type === 'CONSULT' ? 7 : type === 'SUGGEST' ? 28 : 14) * DAY) : null;
    const yellowAt = assigned ? new Date(assignedAt.getTime() + (replyDueAt - assignedAt) * 0.8) : null;
    let repliedAt = null,
      closedAt = null,
      firstResponseAt = null;
    const handled = ['REPLIED', 'CLOSED'].includes(state);
    if (assigned) {
      const handlingMs = Math.min(age - 3 * HOUR, (0.5 + r() * (r() < 0.85 ? 0.9 : 1.6)) * (replyDueAt - assignedAt));
      if (handled) repliedAt = new Date(assignedAt.getTime() + Math.max(HOUR, handlingMs));
      firstResponseAt = handled || r() < 0.7 ? new Date(assignedAt.getTime() + (1 + r() * 30) * HOUR) : null;
      if (firstResponseAt && repliedAt && firstResponseAt > repliedAt) firstResponseAt = repliedAt;
      if (firstResponseAt && firstResponseAt > end) firstResponseAt = null;
      if (state === 'CLOSED') closedAt = new Date(repliedAt.getTime() + (1 + r() * 7) * DAY);
      if (closedAt && closedAt > end) {
        state = 'REPLIED';
        closedAt = null;
      }
    }
    const reopenCount = state === 'CLOSED' && r() < 0.02 ? 1 : 0;
    await msgW.push([
      id,
      `WZ${submittedAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(id).padStart(8, '0')}`,
      crypto.createHash('sha256').update(String(id)).digest('hex'),
      channel,
      channel === 'API' ? `ext-${id}` : null,
      type,
      topic + 1,
      unit.region,
      leader,
      title,
      content,
      '[]',
      `${SURNAMES[id % SURNAMES.length]}某某`,
      `138${String(id).padStart(8, '0')}`,
      `10.${id % 250}.${(id >> 8) % 250}.${id % 200}`,
      r() < 0.8 ? 1 : 0,
      state,
      state === 'INVALID' ? 'EMPTY' : null,
      assigned ? unit.id : null,
      submittedAt,
      acceptedAt,
      assignedAt,
      firstResponseAt,
      repliedAt,
      closedAt,
      replyDueAt,
      yellowAt,
      reopenCount,
      submittedAt,
      closedAt ?? repliedAt ?? assignedAt ?? submittedAt,
    ]);
    await evW.push([id, null, 'CREATED', null, 'RECEIVED', 'CITIZEN', null, null, submittedAt]);
    if (state === 'INVALID') await evW.push([id, null, 'MARKED_INVALID', 'RECEIVED', 'INVALID', 'STAFF', 2, 1, new Date(submittedAt.getTime() + 3 * HOUR)]);
    if (acceptedAt && state !== 'INVALID') await evW.push([id, null, 'ACCEPTED', 'RECEIVED', 'ACCEPTED', 'STAFF', 2, 1, acceptedAt]);
    if (!assigned) continue;

    const leadId = ++assignmentId;
    let rating = null;
    if (state === 'CLOSED' && r() < 0.7) {
      const score = () => Math.max(1, Math.min(5, Math.round(4.2 + (r() - 0.6) * 3)));
      const [res, att, spd] = [score(), score(), score()];
      const overall = Math.round(((res + att + spd) / 3) * 100) / 100;
      const band =
        overall >= 4.5
          ? 'VERY_SATISFIED'
          : overall >= 3.5
            ? 'SATISFIED'
            : overall >= 2.5
              ? 'BASICALLY_SATISFIED'
              : overall >= 1.5
                ? 'DISSATISFIED'
                : 'VERY_DISSATISFIED';
      rating = { res, att, spd, overall, band, satisfied: overall > 3 ? 1 : 0 };
    }
    const signDueAt = new Date(assignedAt.getTime() + DAY);
    const signedAt = r() < 0.97 ? new Date(assignedAt.getTime() + r() * (r() < 0.9 ? 20 : 40) * HOUR) : null;
    const signedState = signedAt && signedAt < end ? signedAt : null;
    const leadState = handled ? (state === 'CLOSED' ? 'DONE' : 'REPLIED') : signedState ? 'SIGNED' : 'PENDING';
    const overdueAt = !handled && replyDueAt < end ? replyDueAt : null;
    const frHours = firstResponseAt ? Math.round(((firstResponseAt - assignedAt) / HOUR) * 0.3 * 100) / 100 : null; // ~working share of wall time
    const handlingDays = repliedAt ? Math.round(((repliedAt - assignedAt) / DAY) * (5 / 7)) : null;
    // statistics facts (server/src/modules/statistics/facts.ts): on time as decided then, the latest rating
    const signedOnTime = signedState ? (signedState <= signDueAt ? 1 : 0) : null;
    const firstResponseDueAt = new Date(assignedAt.getTime() + 5 * HOUR);
    await asgW.push([
      leadId,
      id,
      unit.id,
      'LEAD',
      leadState,
      null,
      2,
      assignedAt,
      signDueAt,
      signedState,
      firstResponseDueAt,
      replyDueAt,
      yellowAt,
      overdueAt,
      repliedAt,
      firstResponseAt,
      frHours,
      handlingDays,
      reopenCount,
      signedOnTime,
      firstResponseAt ? (firstResponseAt <= firstResponseDueAt ? 1 : 0) : null,
      repliedAt,
      repliedAt ? (repliedAt <= replyDueAt ? 1 : 0) : null,
      rating?.overall ?? null,
      rating?.res ?? null,
      assignedAt,
      repliedAt ?? assignedAt,
    ]);
    await evW.push([id, leadId, 'ASSIGNED', 'ACCEPTED', 'ASSIGNED', 'STAFF', 2, 1, assignedAt]);
    if (signedState) await evW.push([id, leadId, 'SIGNED', 'ASSIGNED', 'IN_PROGRESS', 'STAFF', null, unit.id, signedState]);
    /** Another assignment of this message, dated as the lead's, without the lead's reply figures: an assisting unit's or a handed-down one. */
    const otherAssignment = (aid, unitId, role, parentId, assignedById) =>
      asgW.push([
        aid,
        id,
        unitId,
        role,
        handled ? 'DONE' : 'SIGNED',
        parentId,
        assignedById,
        assignedAt,
        signDueAt,
        signedState,
        new Date(assignedAt.getTime() + 5 * HOUR),
        replyDueAt,
        yellowAt,
        null,
        null,
        null,
        null,
        null,
        0,
        signedOnTime,
        null,
        null,
        null,
        null,
        null,
        assignedAt,
        assignedAt,
      ]);
    if (r() < 0.15) {
      const helper = pickUnit();
      if (helper.id !== unit.id) {
        const hid = ++assignmentId;
        await otherAssignment(hid, helper.id, 'ASSIST', null, 2);
        await evW.push([id, hid, 'ASSIGNED', null, null, 'STAFF', 2, 1, assignedAt]);
      }
    }
    if (unit.parent === undefined && r() < 0.1) {
      // a department hands the work down (下派) to one of its offices
      const child = offices[(id * 7) % offices.length];
      if (unitById.get(child.id)?.parent === unit.id) {
        const cid = ++assignmentId;
        await otherAssignment(cid, child.id, 'LEAD', leadId, null);
        await evW.push([id, cid, 'DELEGATED', null, null, 'STAFF', null, unit.id, assignedAt]);
      }
    }
    if (overdueAt) await evW.push([id, leadId, 'OVERDUE', null, null, 'SYSTEM', null, null, overdueAt]);
    if (!handled) continue;
    const submittedReply = new Date(repliedAt.getTime() - 2 * HOUR);
    await replyW.push([
      id,
      leadId,
      unit.id,
      'FINAL',
      'PUBLISHED',
      `您好！您反映的${TOPICS[topic]}问题，我单位已安排专人调查处理，现答复如下：已协调相关部门整改。`,
      1,
      3,
      submittedReply,
      repliedAt,
      submittedReply,
      repliedAt,
    ]);
    await evW.push([id, leadId, 'REPLY_SUBMITTED', null, null, 'STAFF', null, unit.id, submittedReply]);
    await evW.push([id, leadId, 'REPLY_APPROVED', null, null, 'STAFF', 2, 1, new Date(repliedAt.getTime() - HOUR)]);
    await evW.push([id, leadId, 'REPLY_PUBLISHED', 'IN_PROGRESS', 'REPLIED', 'STAFF', 2, 1, repliedAt]);
    if (state === 'CLOSED') {
      if (rating) {
        await evalW.push([id, unit.id, rating.res, rating.att, rating.spd, rating.overall, rating.band, rating.satisfied, 'CITIZEN', closedAt]);
        await evW.push([id, null, 'EVALUATED', 'REPLIED', 'CLOSED', 'CITIZEN', null, null, closedAt]);
      } else {
        await evW.push([id, null, 'CLOSED', 'REPLIED', 'CLOSED', 'SYSTEM', null, null, closedAt]);
      }
    }
    if (id % 100_000 === 0) log(`  ${id} messages (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  for (const w of [msgW, asgW, replyW, evalW, evW]) await w.end();
  const seconds = (Date.now() - started) / 1000;
  await pool.query('ANALYZE TABLE message, assignment, reply, evaluation, message_event, unit');
  await pool.end();
  const search = await indexForSearch(url, log);
  const counts = {
    units: unitRows.length,
    messages: msgW.count,
    searchIndexed: search.indexed,
    assignments: asgW.count,
    replies: replyW.count,
    evaluations: evalW.count,
    ledgerEntries: evW.count,
  };
  return {
    counts,
    seconds,
    searchIndexSeconds: search.seconds,
    busiestUnits: handlingUnits.slice(0, 20).map((u) => u.id),
    period: { from: start.toISOString(), to: end.toISOString() },
  };
}

/**
 * The keyword search's full-text index (docs/search.md), written after the messages by `npm run search:rebuild`'s own
 * code (the compiled server's): a new table filled in one INSERT … SELECT, its FULLTEXT index built over it (much faster
 * than row by row), swapped in. Without a full-text engine (MariaDB without Mroonga) the search scans with LIKE.
 */
export async function indexForSearch(url, log = console.log) {
  const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '../server/dist/server/src/cli/searchRebuild.js');
  if (!fs.existsSync(cli)) throw new Error("Build first (npm run build): the search index is written by the server's search:rebuild");
  const out = await new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cli], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`search:rebuild exited ${code}`))));
  });
  const report = JSON.parse(out.trim().split('\n').pop());
  log(`  search index (${report.engine}): ${report.indexed} messages in ${report.seconds} s`);
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  generate({ url: args.url, messages: Number(args.messages ?? 1_000_000), units: Number(args.units ?? 10_000) })
    .then((res) => console.log(JSON.stringify(res, null, 2)))
    .catch((e) => {
      console.error(e.sqlMessage ?? e.message ?? e);
      process.exit(1);
    });
}
