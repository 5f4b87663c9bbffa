/**
 * Rebuilds the whole analysis index from the messages (`npm run analysis:rebuild`): after installing the
 * feature on an existing database, after changing the unit tree's names a lot, or to make the index's
 * document frequencies exact again. Two passes over the messages in submission order:
 *  1. document frequency of every term;
 *  2. vectors, postings and clusters (kept in memory for the sliding window, so that each message is
 *     compared with the earlier messages of the last `windowDays` as on intake), and the category model's
 *     counts; then the reply templates from the published final replies.
 * Servers may keep running: they see the rebuild's heartbeat, keep their indexing queued meanwhile and index what
 * arrived once it is over (analysis.rebuildMarker.ts).
 */
import type { DataSource } from 'typeorm';
import { Message } from '../message/message.entity';
import { Reply } from '../reply/reply.entity';
import { AnalysisCategoryFeature, AnalysisCategoryTotal, AnalysisDoc, AnalysisPosting, AnalysisReplyTemplate, AnalysisTerm } from './analysis.entities';
import { ANALYSIS, AnalysisIndex, analysisDocOf } from './analysis.index';
import { beatRebuild, endRebuild, rebuildRunning } from './analysis.rebuildMarker';
import { insertRows } from '../../db/bulkInsert';
import { CategoryNode, docFeatures } from './classifier';
import { templateHash, templateText } from './replyChecks';
import type { Term } from './segmenter';
import { idf, topNormalised, Vec } from './vectors';

export interface RebuildReport {
  messages: number;
  terms: number;
  postings: number;
  clusters: number;
  classified: number;
  templates: number;
  seconds: { terms: number; index: number; templates: number; total: number };
}

const BATCH = 1000;
const WRITE = 500;
/** Postings have four columns: 2,000 rows are 8,000 values, well within SQLite's and MySQL's limits. */
const POSTINGS_PER_INSERT = 2000;

interface WindowDoc {
  id: number;
  at: number;
  vector: Map<number, number>;
  clusterId: number;
  /** bestEarlier's partial score of this document for the message of `round`. */
  partial: number;
  round: number;
}

/** A term's documents in the window, in submission order, with the term's weight in each beside it. */
interface PostingList {
  docs: WindowDoc[];
  weights: number[];
}

/** `log` hears the progress after each batch; the rebuild waits for it when it returns a promise. */
export async function rebuildAnalysis(
  ds: DataSource,
  index: AnalysisIndex,
  log: (m: string) => void | Promise<void> = () => undefined,
): Promise<RebuildReport> {
  // the servers keep their indexing queued while this runs (analysis.rebuildMarker.ts)
  await beatRebuild(ds);
  try {
    return await rebuildAll(ds, index, log);
  } finally {
    await endRebuild(ds);
    index.reset();
  }
}

async function rebuildAll(ds: DataSource, index: AnalysisIndex, log: (m: string) => void | Promise<void>): Promise<RebuildReport> {
  const t0 = Date.now();
  for (const table of [
    'analysis_posting',
    'analysis_doc',
    'analysis_term',
    'analysis_category_feature',
    'analysis_category_total',
    'analysis_reply_template',
  ]) {
    await ds.query(`DELETE FROM ${table}`);
  }
  index.reset();
  const seg = await index.segmenter();
  const total = await ds.getRepository(Message).count();

  /** Messages in submission order, by key (no OFFSET). */
  async function* messages(): AsyncGenerator<Message[]> {
    let after: { at: Date; id: number } | null = null;
    for (;;) {
      const qb = ds.getRepository(Message).createQueryBuilder('m').orderBy('m.submittedAt', 'ASC').addOrderBy('m.id', 'ASC').take(BATCH);
      if (after) qb.where('(m.submittedAt > :at OR (m.submittedAt = :at AND m.id > :id))', after);
      const rows = await qb.getMany();
      if (!rows.length) return;
      yield rows;
      after = { at: rows[rows.length - 1].submittedAt, id: rows[rows.length - 1].id };
      if (rows.length < BATCH) return;
    }
  }

  // 1. document frequencies; each message's terms are kept (compactly) for the second pass, which then does not
  // segment the text again (segmentation is most of the rebuild's CPU time)
  const df = new Map<string, { kind: number; df: number }>();
  const kept = new KeptTerms();
  let seen = 0;
  for await (const batch of readingAhead(messages())) {
    for (const m of batch) {
      const terms = seg.terms(m.title, m.content);
      kept.add(m.id, terms);
      for (const [term, t] of terms) {
        const e = df.get(term);
        if (e) {
          e.df++;
          if (t.kind > e.kind) e.kind = t.kind;
        } else df.set(term, { kind: t.kind, df: 1 });
      }
    }
    seen += batch.length;
    await beatRebuild(ds);
    await log(`terms: ${seen}/${total} messages, ${df.size} terms`);
  }
  const entries = [...df];
  for (let i = 0; i < entries.length; i += WRITE) {
    await ds
      .createQueryBuilder()
      .insert()
      .into(AnalysisTerm)
      .values(entries.slice(i, i + WRITE).map(([term, e]) => ({ term, kind: e.kind, df: e.df })))
      .updateEntity(false)
      .execute();
  }
  const idOf = new Map<string, number>();
  for (let after = 0; ;) {
    const rows = await ds
      .getRepository(AnalysisTerm)
      .createQueryBuilder('t')
      .select(['t.id', 't.term'])
      .where('t.id > :after', { after })
      .orderBy('t.id', 'ASC')
      .take(10_000)
      .getMany();
    if (!rows.length) break;
    for (const r of rows) idOf.set(r.term, r.id);
    after = rows[rows.length - 1].id;
  }
  const tTerms = Date.now();

  // 2. vectors, postings, clusters, category counts
  const tree = await index.categories();
  const byId = new Map<number, CategoryNode>(tree.map((n) => [n.id, n]));
  const ancestry = (id: number) => {
    const out: number[] = [];
    for (let n = byId.get(id); n && out.length < 10; n = n.parentId !== null ? byId.get(n.parentId) : undefined) out.push(n.id);
    return out;
  };
  // the category model's counts are summed per message's own category during the pass and added to the ancestors
  // after it (the same sums, a map update per bucket instead of one per bucket and ancestor)
  const own = new Map<number, Map<number, number>>();
  const ownTotals = new Map<number, { docs: number; total: number }>();
  const windowMs = ANALYSIS.windowDays * 86400_000;
  const postings = new Map<number, PostingList>();
  let postingCount = 0;
  let classified = 0;
  const clusters = new Set<number>();
  seen = 0;
  let writing: Promise<void> = Promise.resolve();
  for await (const batch of readingAhead(messages())) {
    const docs: Array<Partial<AnalysisDoc>> = [];
    const rows: AnalysisPosting[] = [];
    for (const m of batch) {
      // a message that arrived between the passes was not kept: it is segmented now (its new terms have no id)
      const terms: Iterable<[string, { tf: number }]> = kept.of(m.id) ?? seg.terms(m.title, m.content);
      const weights = new Map<number, number>();
      for (const [term, t] of terms) {
        const id = idOf.get(term);
        if (id) weights.set(id, (1 + Math.log(t.tf)) * idf(df.get(term)!.df, total));
      }
      // stored weights are rounded to thousandths: compare with exactly what the database holds
      const vector: Vec = topNormalised(weights, ANALYSIS.vectorTerms).map(([t, w]) => [t, Math.max(1, Math.round(w * 1000)) / 1000]);
      const at = m.submittedAt.getTime();
      const best = bestEarlier(postings, vector, at, windowMs);
      const clusterId = best && best.score >= ANALYSIS.clusterThreshold ? best.doc.clusterId : m.id;
      clusters.add(clusterId);
      const me: WindowDoc = { id: m.id, at, vector: new Map(vector), clusterId, partial: 0, round: 0 };
      // the posted terms go into the window's posting lists and into the rows written for this batch
      for (const [t, w] of vector.slice(0, ANALYSIS.postedTerms)) {
        let list = postings.get(t);
        if (!list) postings.set(t, (list = { docs: [], weights: [] }));
        list.docs.push(me);
        list.weights.push(w);
        rows.push({ termId: t, messageId: m.id, submittedAt: m.submittedAt, weight: Math.round(w * 1000) });
      }
      const trained = m.categoryId && m.state !== 'INVALID' && byId.has(m.categoryId) ? m.categoryId : null;
      if (trained) {
        const x = docFeatures(seg.bigramBuckets(m.title, m.content));
        const sum = [...x.values()].reduce((a, w) => a + w, 0);
        let cm = own.get(trained);
        if (!cm) own.set(trained, (cm = new Map()));
        for (const [b, w] of x) cm.set(b, (cm.get(b) ?? 0) + w);
        const tt = ownTotals.get(trained) ?? { docs: 0, total: 0 };
        tt.docs++;
        tt.total += sum;
        ownTotals.set(trained, tt);
        classified++;
      }
      docs.push(analysisDocOf(m, vector, clusterId, trained));
    }
    // this batch's rows are written while the next batch is read and computed (the database and the CPU overlap);
    // one batch's writes at a time, in order
    await writing;
    writing = writeRows(ds, docs, rows);
    writing.catch(() => undefined); // a failure is thrown where the write is awaited
    postingCount += rows.length;
    // forget what has left the window
    const horizon = batch[batch.length - 1].submittedAt.getTime() - windowMs;
    for (const [t, list] of postings) {
      let k = 0;
      while (k < list.docs.length && list.docs[k].at < horizon) k++;
      if (k === list.docs.length) postings.delete(t);
      else if (k) {
        list.docs.splice(0, k);
        list.weights.splice(0, k);
      }
    }
    seen += batch.length;
    await beatRebuild(ds);
    await log(`index: ${seen}/${total} messages, ${clusters.size} clusters`);
  }
  await writing;
  // each category's counts: its own messages' and those of every category below it
  const counts = new Map<number, Map<number, number>>();
  const totals = new Map<number, { docs: number; total: number }>();
  for (const [category, cm] of own) {
    const t = ownTotals.get(category)!;
    for (const c of ancestry(category)) {
      let into = counts.get(c);
      if (!into) counts.set(c, (into = new Map()));
      for (const [b, w] of cm) into.set(b, (into.get(b) ?? 0) + w);
      const tt = totals.get(c) ?? { docs: 0, total: 0 };
      tt.docs += t.docs;
      tt.total += t.total;
      totals.set(c, tt);
    }
  }
  for (const [c, m] of counts) {
    const entries2 = [...m].filter(([, w]) => w > 0);
    for (let i = 0; i < entries2.length; i += WRITE) {
      await ds
        .createQueryBuilder()
        .insert()
        .into(AnalysisCategoryFeature)
        .values(entries2.slice(i, i + WRITE).map(([bucket, weight]) => ({ categoryId: c, bucket, weight })))
        .updateEntity(false)
        .execute();
    }
  }
  for (const [c, t] of totals) await ds.getRepository(AnalysisCategoryTotal).insert({ categoryId: c, docs: t.docs, total: t.total });
  const tIndex = Date.now();

  // 3. reply templates
  const templates = new Map<string, { uses: number; sample: string }>();
  for (let after = 0; ;) {
    const replies = await ds
      .getRepository(Reply)
      .createQueryBuilder('r')
      .select(['r.id', 'r.content'])
      .where(`r.kind = 'FINAL' AND r.state = 'PUBLISHED' AND r.id > :after`, { after })
      .orderBy('r.id', 'ASC')
      .take(BATCH)
      .getMany();
    if (!replies.length) break;
    for (const r of replies) {
      const h = templateHash(r.content);
      const e = templates.get(h) ?? { uses: 0, sample: templateText(r.content).slice(0, 200) };
      e.uses++;
      templates.set(h, e);
    }
    after = replies[replies.length - 1].id;
  }
  const tpl = [...templates];
  for (let i = 0; i < tpl.length; i += WRITE) {
    await ds
      .createQueryBuilder()
      .insert()
      .into(AnalysisReplyTemplate)
      .values(tpl.slice(i, i + WRITE).map(([hash, e]) => ({ hash, uses: e.uses, sample: e.sample })))
      .updateEntity(false)
      .execute();
  }
  const tEnd = Date.now();
  return {
    messages: seen,
    terms: df.size,
    postings: postingCount,
    clusters: clusters.size,
    classified,
    templates: templates.size,
    seconds: { terms: (tTerms - t0) / 1000, index: (tIndex - tTerms) / 1000, templates: (tEnd - tIndex) / 1000, total: (tEnd - t0) / 1000 },
  };
}

/**
 * Indexes the messages that have no analysis row yet, in id order, the way the server's queue does (the rest of the
 * index is kept): for messages taken while no server indexed them, e.g. imported by a script or left behind by a
 * server stopped with work queued, beyond what the queue's catch-up looks at (the newest few thousand). Refused while
 * a rebuild runs (it writes everything anew). `npm run analysis:rebuild -- --missing`.
 */
export async function indexMissing(
  ds: DataSource,
  index: AnalysisIndex,
  log: (m: string) => void | Promise<void> = () => undefined,
): Promise<{ indexed: number; seconds: number }> {
  if (await rebuildRunning(ds)) throw new Error('A rebuild of the analysis index is running: it indexes every message.');
  const t0 = Date.now();
  let indexed = 0;
  for (let after = 0; ;) {
    const rows: Array<{ id: number }> = await ds
      .getRepository(Message)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .leftJoin(AnalysisDoc, 'd', 'd.messageId = m.id')
      .where('m.id > :after AND d.messageId IS NULL', { after })
      .orderBy('m.id', 'ASC')
      .limit(BATCH)
      .getRawMany();
    if (!rows.length) break;
    const ids = rows.map((r) => Number(r.id));
    indexed += await index.indexMessages(ids);
    after = ids[ids.length - 1];
    await log(`missing: ${indexed} messages indexed`);
  }
  return { indexed, seconds: (Date.now() - t0) / 1000 };
}

/** A batch's index rows, in statements of a few thousand values (multi-row INSERTs without the query builder's per-value cost). */
async function writeRows(ds: DataSource, docs: Array<Partial<AnalysisDoc>>, postings: AnalysisPosting[]): Promise<void> {
  // every doc sets the same columns (analysisDocOf), which is what insertRows needs
  for (let i = 0; i < docs.length; i += WRITE) await insertRows(ds.manager, AnalysisDoc, docs.slice(i, i + WRITE) as AnalysisDoc[]);
  for (let i = 0; i < postings.length; i += POSTINGS_PER_INSERT) await insertRows(ds.manager, AnalysisPosting, postings.slice(i, i + POSTINGS_PER_INSERT));
}

/** The most similar earlier message within the window, as `AnalysisIndex.candidates` finds it on intake. */
function bestEarlier(postings: Map<number, PostingList>, vector: Vec, at: number, windowMs: number): { doc: WindowDoc; score: number } | null {
  // partial scores over the posted terms, summed on the documents themselves (no map per message): `round` tells
  // which message's sum a document holds
  round++;
  const touched: WindowDoc[] = [];
  for (const [t, w] of vector.slice(0, ANALYSIS.postedTerms)) {
    const list = postings.get(t);
    if (!list) continue;
    const { docs, weights } = list;
    let taken = 0;
    for (let i = docs.length - 1; i >= 0 && taken < ANALYSIS.postingsPerTerm; i--) {
      const d = docs[i];
      if (d.at > at) continue;
      if (at - d.at > windowMs) break;
      taken++;
      if (d.round !== round) {
        d.round = round;
        d.partial = 0;
        touched.push(d);
      }
      d.partial += w * weights[i];
    }
  }
  // the 40 highest partial scores (ties: the later message), in a small heap instead of sorting every candidate
  const top = highest(touched, 40);
  let best: { doc: WindowDoc; score: number } | null = null;
  for (const d of top) {
    let s = 0;
    for (const [t, w] of vector) {
      const x = d.vector.get(t);
      if (x !== undefined) s += w * x;
    }
    if (!best || s > best.score || (s === best.score && d.id > best.doc.id)) best = { doc: d, score: s };
  }
  return best;
}

/**
 * The batches of `batches`, the next one read while the caller computes the current one (the database's wait and the
 * CPU overlap).
 */
async function* readingAhead<T>(batches: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = batches.next();
  for (;;) {
    const r = await next;
    if (r.done) return;
    next = batches.next();
    next.catch(() => undefined); // a failure is thrown where it is awaited
    yield r.value;
  }
}

/** Which message's partial sums the window documents hold (bestEarlier). */
let round = 0;

/** Whether `a` ranks before `b`: higher partial score, then the later message. */
const before = (a: WindowDoc, b: WindowDoc) => a.partial > b.partial || (a.partial === b.partial && a.id > b.id);

/** The `k` first documents by `before`, in no particular order (a min-heap of size k over the candidates). */
function highest(docs: WindowDoc[], k: number): WindowDoc[] {
  if (docs.length <= k) return docs;
  const heap: WindowDoc[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[m], heap[l])) m = l;
      if (r < heap.length && before(heap[m], heap[r])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (const d of docs) {
    if (heap.length < k) {
      heap.push(d);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!before(heap[p], heap[i])) break;
        [heap[i], heap[p]] = [heap[p], heap[i]];
        i = p;
      }
    } else if (before(d, heap[0])) {
      heap[0] = d;
      down(0);
    }
  }
  return heap;
}

/**
 * The terms of every message of the first pass, for the second: term strings interned once, and per message a run
 * of (term, frequency) pairs in typed arrays (about 8 bytes a term: a million messages take a few hundred MB).
 */
class KeptTerms {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly at = new Map<number, [start: number, end: number]>();
  private ids = new Int32Array(1 << 20);
  private tfs = new Float64Array(1 << 20);
  private size = 0;

  add(messageId: number, terms: Map<string, Term>): void {
    if (this.size + terms.size > this.ids.length) {
      const n = Math.max(this.ids.length * 2, this.size + terms.size);
      const ids = new Int32Array(n);
      ids.set(this.ids);
      const tfs = new Float64Array(n);
      tfs.set(this.tfs);
      this.ids = ids;
      this.tfs = tfs;
    }
    const start = this.size;
    for (const [term, t] of terms) {
      let i = this.index.get(term);
      if (i === undefined) {
        i = this.names.length;
        this.names.push(term);
        this.index.set(term, i);
      }
      this.ids[this.size] = i;
      this.tfs[this.size++] = t.tf;
    }
    this.at.set(messageId, [start, this.size]);
  }

  /** A message's terms as `Segmenter.terms` gave them in the first pass (in the same order), or undefined. */
  *pairs(start: number, end: number): Generator<[string, { tf: number }]> {
    for (let i = start; i < end; i++) yield [this.names[this.ids[i]], { tf: this.tfs[i] }];
  }

  of(messageId: number): Iterable<[string, { tf: number }]> | undefined {
    const r = this.at.get(messageId);
    return r && this.pairs(r[0], r[1]);
  }
}
