/**
 * `npm run analysis:eval [-- --data DIR] [--out FILE] [--explore 2019-12]`: measures the analysis on a corpus of
 * real messages (default ../shared/data/real beside the repository) in a temporary SQLite database:
 *  - the category suggestion's stratified 5-fold macro-F1 (top-1, top-3) on labelled-messages.jsonl, with the
 *    category tree of categories.csv, and the same from the tree's names alone;
 *  - precision@10 of similar messages for every message of the clusters checked by reading
 *    (server/test/fixtures/real-clusters.json);
 *  - how many of the real replies each reply check flags, with examples;
 *  - the rebuild's and the queries' timings.
 * The messages go through the platform's own intake (MessageService.importMany) and the index through
 * `rebuildAnalysis`, as on a platform.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { createDataSource } from '../db/dataSource';
import { prepareDatabase } from '../db/migrate';
import { createServices } from '../services';
import type { StaffViewer } from '../auth/viewer';
import { Role } from '../modules/user/user.entity';
import { ActorKind } from '../modules/message/message.enums';
import { UnitKind } from '../modules/unit/unit.entity';
import { AnalysisDoc, AnalysisTerm } from '../modules/analysis/analysis.entities';
import { rebuildAnalysis } from '../modules/analysis/analysis.rebuild';
import { CategoryNode } from '../modules/analysis/classifier';
import { asIntake, CorpusMessage, firstPlace, LabelledCorpusMessage, placeCodes, readCategoryRows, readJsonl } from '../modules/analysis/corpus';
import { kFoldCategories } from '../modules/analysis/evaluation';
import { checkReply, ReplyFlagCode, templateHash } from '../modules/analysis/replyChecks';
import { decodeVector } from '../modules/analysis/vectors';
import { In } from 'typeorm';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]] : null))
    .filter((x): x is string[] => !!x),
);
const repoRoot = path.resolve(__dirname, '../../../../..');
const DATA = path.resolve(args.data ?? process.env.WENZHENG_REAL_DATA ?? path.join(repoRoot, '../shared/data/real'));
const CLUSTERS = path.join(repoRoot, 'server/test/fixtures/real-clusters.json');
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function main() {
  if (!fs.existsSync(path.join(DATA, 'wenzheng-real-messages.jsonl'))) throw new Error(`No corpus at ${DATA} (give --data DIR)`);
  const out: string[] = [];
  const say = (s = '') => {
    console.log(s);
    out.push(s);
  };

  // ── category suggestion: k-fold on the labelled messages ──
  const rows = readCategoryRows(DATA);
  const tree: CategoryNode[] = [];
  const treeIds = new Map<string, number>();
  for (const row of rows) {
    let parentId: number | null = null;
    for (let d = 0; d < row.length; d++) {
      const key = row.slice(0, d + 1).join('/');
      if (!treeIds.has(key)) {
        treeIds.set(key, tree.length + 1);
        tree.push({ id: tree.length + 1, parentId, name: row[d] });
      }
      parentId = treeIds.get(key)!;
    }
  }
  const labelled = readJsonl<LabelledCorpusMessage>(DATA, 'labelled-messages.jsonl').map((m) => ({
    title: m.title,
    content: m.content,
    label: treeIds.get(m.label)!,
  }));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-eval-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${path.join(tmp, 'eval.sqlite')}`,
    DATA_DIR: tmp,
    JWT_SECRET: 'evaluation-secret-evaluation-secret',
    LOG_LEVEL: 'silent',
  });
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    await prepareDatabase(ds, { ...config, autoMigrate: true }, { info: () => undefined });
    const services = createServices(ds, config, null);
    const seg = await services.analysis.index.segmenter();
    say(`# Analysis measured on ${DATA.replace(repoRoot, '.')}`);
    say();
    say(`## Category suggestion: stratified 5-fold on ${labelled.length} labelled messages, ${rows.length} categories in the tree`);
    const runs: Array<Awaited<ReturnType<typeof kFoldCategories>>> = [];
    for (const seed of [1, 2, 3]) runs.push(await kFoldCategories(labelled, tree, seg, 5, seed));
    const mean = (f: (r: (typeof runs)[number]) => number) => r3(runs.reduce((a, r) => a + f(r), 0) / runs.length);
    say(
      `- macro-F1 top-1 ${mean((r) => r.top1MacroF1)} (splits ${runs.map((r) => r3(r.top1MacroF1)).join(', ')}), top-3 ${mean((r) => r.top3MacroF1)} (${runs.map((r) => r3(r.top3MacroF1)).join(', ')}); accuracy top-1 ${mean((r) => r.top1Accuracy)}, top-3 ${mean((r) => r.top3Accuracy)}`,
    );
    say(`- per category (F1 top-1, split 1): ${runs[0].perClass.map((c) => `${tree[c.label - 1].name} ${r3(c.f1)} (${c.support})`).join('; ')}`);
    const namesOnly = await kFoldCategories(labelled, tree, seg, 5, 1, false);
    say(`- from the category tree's names alone (no history): macro-F1 top-1 ${r3(namesOnly.top1MacroF1)}, top-3 ${r3(namesOnly.top3MacroF1)}`);
    say();

    // ── the corpus through intake, then the rebuild ──
    const messages = readJsonl<CorpusMessage>(DATA, 'wenzheng-real-messages.jsonl');
    const root = await services.units.create({ code: 'xidi', name: '西地省', kind: UnitKind.REGION } as never);
    const unitOf = new Map<string, number>();
    const { cities, counties } = placeCodes(messages);
    const code = (name: string) => `r-${name.toLowerCase().replace('市', '-shi').replace('区', '-qu').replace('县', '-xian')}`;
    for (const c of cities)
      unitOf.set(c, (await services.units.create({ code: code(c), name: c, kind: UnitKind.REGION, parentId: String(root.id) } as never)).id);
    for (const c of counties)
      unitOf.set(c, (await services.units.create({ code: code(c), name: c, kind: UnitKind.REGION, parentId: String(unitOf.get(`${c[0]}市`)) } as never)).id);
    const actor = { kind: ActorKind.SYSTEM, userId: null, unitId: null };
    const idOf = new Map<string, number>();
    let t = Date.now();
    for (let i = 0; i < messages.length; i += 500) {
      const batch = messages.slice(i, i + 500).map((m) => {
        const p = firstPlace(m);
        const input = asIntake(m, p && unitOf.has(p) ? String(unitOf.get(p)) : undefined);
        return { ...input, submittedAt: new Date(input.submittedAt) };
      });
      const res = await services.messages.importMany(batch as never, actor);
      for (const c of res.created) idOf.set(c.message.externalId!.slice(5), c.message.id);
    }
    const importSeconds = (Date.now() - t) / 1000;
    const report = await rebuildAnalysis(ds, services.analysis.index);
    say(
      `## Index: ${messages.length} messages imported in ${importSeconds.toFixed(1)} s; rebuild ${report.seconds.total.toFixed(1)} s (terms ${report.seconds.terms.toFixed(1)} s, vectors/postings/clusters ${report.seconds.index.toFixed(1)} s): ${report.terms} terms, ${report.postings} postings, ${report.clusters} clusters`,
    );
    say();

    // ── similar messages: precision@10 per checked cluster ──
    const viewer: StaffViewer = {
      kind: 'staff',
      userId: 0,
      username: 'eval',
      role: Role.DISPATCHER,
      unitId: root.id,
      unitPath: root.path,
      leaderId: null,
      sessionId: 'eval',
      mustChangePassword: false,
    } as StaffViewer;
    const clusters: Array<{ name: string; ids: string[] }> = JSON.parse(fs.readFileSync(CLUSTERS, 'utf8'));
    say('## Similar messages: precision@10 per checked cluster (server/test/fixtures/real-clusters.json)');
    say('| cluster | messages | precision@10 (mean) | lowest |');
    say('|---|---|---|---|');
    const times: number[] = [];
    for (const c of clusters) {
      const members = new Set(c.ids.map((id) => idOf.get(id)));
      const at = new Map(messages.map((m) => [m.id, Date.parse(m.submittedAt)]));
      const ps: number[] = [];
      for (const id of c.ids) {
        t = performance.now();
        const s = await services.analysis.similar(viewer, idOf.get(id)!, 10);
        times.push(performance.now() - t);
        // out of what the cluster can give within the 60-day window
        const reachable = c.ids.filter((x) => Math.abs(at.get(x)! - at.get(id)!) <= 60 * 86400_000).length;
        ps.push(Math.min(1, s.filter((x) => members.has(x.message.id)).length / Math.max(1, Math.min(10, reachable - 1))));
      }
      say(`| ${c.name} | ${c.ids.length} | ${r3(ps.reduce((a, p) => a + p, 0) / ps.length)} | ${r3(Math.min(...ps))} |`);
    }
    times.sort((a, b) => a - b);
    say(
      `\nsimilarMessages in the service: p50 ${times[Math.floor(times.length / 2)].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms over ${times.length} calls (SQLite, ${messages.length} messages)`,
    );
    say();

    if (args.explore) {
      const [y, m] = String(args.explore).split('-').map(Number);
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const hot = await services.analysis.hotProblems(viewer, `${args.explore}-01`, `${args.explore}-${last}`, {}, 30);
      const corpusId = new Map([...idOf].map(([k, v]) => [v, k]));
      const byCorpus = new Map(messages.map((x) => [x.id, x]));
      for (const p of hot.problems) {
        console.log(`\n### ${p.heat} ${p.messages}/${p.citizens} ${p.label}`);
        const docs = await ds.getRepository(AnalysisDoc).findBy({ clusterId: p.key });
        for (const d of docs)
          console.log(`  ${corpusId.get(d.messageId)} ${d.submittedAt.toISOString().slice(0, 10)} ${byCorpus.get(corpusId.get(d.messageId)!)?.title}`);
      }
    }

    // ── reply checks on the real replies ──
    const replied = messages.filter((m) => m.reply && idOf.has(m.id));
    const uses = new Map<string, number>();
    for (const m of replied) uses.set(templateHash(m.reply!), (uses.get(templateHash(m.reply!)) ?? 0) + 1);
    const counts = new Map<ReplyFlagCode, number>(Object.values(ReplyFlagCode).map((c) => [c, 0]));
    const examples = new Map<ReplyFlagCode, string[]>(Object.values(ReplyFlagCode).map((c) => [c, []]));
    let none = 0;
    for (const m of replied) {
      const doc = await ds.getRepository(AnalysisDoc).findOneByOrFail({ messageId: idOf.get(m.id)! });
      const v = decodeVector(doc.vector).slice(0, 8);
      const terms = new Map((await ds.getRepository(AnalysisTerm).findBy({ id: In(v.map(([id]) => id)) })).map((x) => [x.id, x.term]));
      const flags = checkReply(
        m.reply!,
        v.map(([id, w]) => ({ term: terms.get(id)!, weight: w })),
        uses.get(templateHash(m.reply!))! - 1,
      );
      if (!flags.length) none++;
      for (const f of flags) {
        counts.set(f.code, counts.get(f.code)! + 1);
        const ex = examples.get(f.code)!;
        if (ex.length < 3 && Number(m.id) % 7 === 0)
          ex.push(`${m.id} 《${m.title}》 → “${m.reply!.replace(/\s+/g, ' ').slice(0, 140)}${m.reply!.length > 140 ? '…' : ''}” (${f.detail})`);
      }
    }
    say(`## Reply checks on the ${replied.length} real replies`);
    say('| check | replies flagged | share |');
    say('|---|---|---|');
    for (const [code, n] of counts) say(`| ${code} | ${n} | ${((100 * n) / replied.length).toFixed(1)} % |`);
    say(`| none | ${none} | ${((100 * none) / replied.length).toFixed(1)} % |`);
    for (const [code, ex] of examples) {
      say(`\n${code}:`);
      for (const e of ex) say(`- ${e}`);
    }
    await services.analysis.queue.stop();
  } finally {
    await ds.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (args.out) fs.writeFileSync(String(args.out), `${out.join('\n')}\n`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
