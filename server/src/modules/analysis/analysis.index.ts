/**
 * The analysis index: each message's salient terms (TF-IDF over jieba words with the unit dictionary),
 * the inverted index of its most salient terms, its cluster (the matter it is about, 一事多诉), and the
 * category model's counts. Written when a message comes in and kept up to date on each transition (after
 * commit, on the instance that committed: `AnalysisQueue`); `rebuild` (npm run analysis:rebuild) writes
 * everything again from the messages.
 */
import { AsyncResource } from 'node:async_hooks';
import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { insertRows } from '../../db/bulkInsert';
import { inTransaction } from '../../db/transaction';
import { Category } from '../category/category.entity';
import { Message } from '../message/message.entity';
import { Unit } from '../unit/unit.entity';
import { unitAliases } from './aliases';
import { AnalysisCategoryFeature, AnalysisCategoryTotal, AnalysisDoc, AnalysisPosting, AnalysisTerm } from './analysis.entities';
import { CategoryNode, docFeatures, Features, LevelStats, MemoryCounts, NB, nameDocuments, StatsSource, combined } from './classifier';
import { Segmenter, Term, TermKind } from './segmenter';
import { cosine, decodeVector, encodeVector, idf, topNormalised, Vec } from './vectors';

export const ANALYSIS = {
  /** Similar messages and clusters look this many days around (clusters: back from) a message. */
  windowDays: 60,
  /** Terms kept in a message's vector. */
  vectorTerms: 32,
  /** Most salient terms of a message written to the inverted index. */
  postedTerms: 12,
  /** Postings read per query term (the most salient terms are rare; a common one adds little). */
  postingsPerTerm: 400,
  /** Candidates whose whole vectors are compared. */
  candidatesScored: 80,
  /** A message joins the cluster of its most similar earlier message when the cosine is at least this. */
  clusterThreshold: 0.35,
  /** Messages indexed per transaction. */
  batch: 50,
  /** A class set's vocabulary count is refreshed when older than this, */
  vocabularyMaxAgeMs: 300_000,
  /** or, after category counts changed on this instance, when older than this (at most one count per set so often). */
  vocabularyAfterChangeMs: 30_000,
};

/** A class set's vocabulary count, with the state of the counts it was made from. */
interface VocabularyEntry {
  /** When it was counted (the index's clock). */
  at: number;
  vocab: number;
  /** `vocabularyChanges` when the count started. */
  changes: number;
  /** `vocabularyEpoch` when the count started. */
  epoch: number;
}

const ORG_KINDS = new Set(['DEPARTMENT', 'ENTERPRISE', 'OTHER']);

export interface Candidate {
  doc: AnalysisDoc;
  score: number;
  vector: Vec;
}

/** A one-way key of the citizen who wrote a message, for counting distinct citizens (no personal data stored). */
export function citizenKeyOf(m: Pick<Message, 'id' | 'phone' | 'idNumber' | 'realName' | 'channel'>): string {
  const basis = m.phone ? `p:${m.phone}` : m.idNumber ? `i:${m.idNumber}` : m.realName ? `n:${m.channel}:${m.realName}` : `m:${m.id}`;
  return crypto.createHash('sha256').update(basis).digest('hex').slice(0, 32);
}

/** A message's row of the analysis index, as intake writes it and the rebuild writes it anew. */
export function analysisDocOf(m: Message, vector: Vec, clusterId: number, trainedCategoryId: number | null): Partial<AnalysisDoc> {
  return {
    messageId: m.id,
    submittedAt: m.submittedAt,
    state: m.state,
    regionUnitId: m.regionUnitId,
    leadUnitId: m.leadUnitId,
    categoryId: m.categoryId,
    trainedCategoryId,
    citizenKey: citizenKeyOf(m),
    likes: m.likes ?? 0,
    clusterId,
    vector: encodeVector(vector),
    messageVersion: m.version,
    indexedAt: new Date(),
  };
}

export class AnalysisIndex {
  private seg: Segmenter | null = null;
  private dictionaryKey = '';
  private dictionaryCheckedAt = 0;
  private docCount: number | null = null;
  private categoryTree: { key: string; nodes: CategoryNode[]; names: MemoryCounts } | null = null;
  /** Vocabulary counts by class set (stale-while-revalidate: `vocabulary`). */
  private readonly vocabCache = new Map<string, VocabularyEntry>();
  /** Counts in progress by class set: one at a time per set, shared by whoever asks meanwhile. */
  private readonly vocabCounting = new Map<string, Promise<number>>();
  /** Commits that changed category counts here (each makes cached counts due after `vocabularyAfterChangeMs`). */
  private vocabularyChanges = 0;
  /** Rewrites of the whole index (a rebuild: cached counts are due at once). */
  private vocabularyEpoch = 0;
  /** Trainings of the category model (each changes its counts), counted as a change once their transaction is over. */
  private trainings = 0;
  /** The context the index was made in (start-up): background counts run there, not in the request that started them. */
  private readonly outside = new AsyncResource('AnalysisIndexBackground');
  /** Unit names and short names → units (for the lead-unit suggestion). */
  unitNames = new Map<string, number[]>();
  /** The clock of the vocabulary cache (a test moves it). */
  clock: () => number = Date.now;

  constructor(
    private readonly ds: DataSource,
    private readonly log: { error: (m: string, e?: unknown) => void } = { error: (m, e) => console.error(m, e ?? '') },
  ) {}

  /** The segmenter with the organisation's names loaded (checked for new or renamed units once a minute). */
  async segmenter(): Promise<Segmenter> {
    this.seg ??= new Segmenter();
    if (Date.now() - this.dictionaryCheckedAt < 60_000) return this.seg;
    this.dictionaryCheckedAt = Date.now();
    const units = await this.ds.getRepository(Unit).find({ select: { id: true, name: true, kind: true, parentId: true, updatedAt: true, isActive: true } });
    const key = `${units.length}:${Math.max(0, ...units.map((u) => new Date(u.updatedAt).getTime()))}`;
    if (key === this.dictionaryKey) return this.seg;
    this.dictionaryKey = key;
    const byId = new Map(units.map((u) => [u.id, u]));
    const names = new Map<string, number[]>();
    const entries: Array<{ name: string; kind: TermKind.PLACE | TermKind.ORG }> = [];
    for (const u of units) {
      const parents: string[] = [];
      for (let p = u.parentId !== null ? byId.get(u.parentId) : undefined; p; p = p.parentId !== null ? byId.get(p.parentId) : undefined) parents.push(p.name);
      for (const alias of unitAliases(u, parents)) {
        names.set(alias, [...(names.get(alias) ?? []), u.id]);
        entries.push({ name: alias, kind: ORG_KINDS.has(u.kind) ? TermKind.ORG : TermKind.PLACE });
      }
    }
    this.seg.addToDictionary(entries);
    this.unitNames = names;
    return this.seg;
  }

  private async documents(em: EntityManager): Promise<number> {
    this.docCount ??= await em.getRepository(AnalysisDoc).count();
    return this.docCount;
  }

  /** Term rows for these terms, created when missing (with df 0). */
  async termRows(em: EntityManager, terms: Map<string, Term>, create: boolean): Promise<Map<string, AnalysisTerm>> {
    const names = [...terms.keys()];
    const out = new Map<string, AnalysisTerm>();
    for (let i = 0; i < names.length; i += 500) {
      for (const r of await em.getRepository(AnalysisTerm).find({ where: { term: In(names.slice(i, i + 500)) } })) out.set(r.term, r);
    }
    const missing = names.filter((n) => !out.has(n));
    if (create && missing.length) {
      // in the order given (a batch's terms in the order its messages name them first: the ids each would have got)
      for (let i = 0; i < missing.length; i += 500) {
        await em
          .createQueryBuilder()
          .insert()
          .into(AnalysisTerm)
          .values(missing.slice(i, i + 500).map((term) => ({ term, kind: terms.get(term)!.kind, df: 0 })))
          .orIgnore()
          .updateEntity(false)
          .execute();
      }
      for (let i = 0; i < missing.length; i += 500) {
        for (const r of await em.getRepository(AnalysisTerm).find({ where: { term: In(missing.slice(i, i + 500)) } })) out.set(r.term, r);
      }
    }
    return out;
  }

  /** The vector of a text from the index's current document frequencies (nothing written). */
  async vectorOfText(title: string, content: string, em: EntityManager = this.ds.manager): Promise<{ vector: Vec; terms: Map<number, AnalysisTerm> }> {
    const seg = await this.segmenter();
    const terms = seg.terms(title, content);
    const rows = await this.termRows(em, terms, false);
    const docs = await this.documents(em);
    const weights = new Map<number, number>();
    const byId = new Map<number, AnalysisTerm>();
    for (const [t, { tf }] of terms) {
      const r = rows.get(t);
      if (!r) continue; // a term no message has: cannot match anything
      weights.set(r.id, (1 + Math.log(tf)) * idf(r.df, docs));
      byId.set(r.id, r);
    }
    return { vector: topNormalised(weights, ANALYSIS.vectorTerms), terms: byId };
  }

  /**
   * Messages whose vectors are closest to `vector` among those submitted in [from, to]: candidates from the
   * postings of its most salient terms, then whole vectors compared. Best first.
   */
  async candidates(
    em: EntityManager,
    vector: Vec,
    from: Date,
    to: Date,
    exclude: number | null,
    limit = ANALYSIS.candidatesScored,
    pending?: PendingRows,
  ): Promise<Candidate[]> {
    const query = vector.slice(0, ANALYSIS.postedTerms);
    if (!query.length) return [];
    const params: Record<string, unknown> = { from, to };
    // the stored postings' times only for the terms the batch has pending postings of (to order them with those)
    const merging = (termId: number) => !!pending?.postingsByTerm.has(termId);
    const parts = query.map(([termId], i) => {
      params[`t${i}`] = termId;
      return `SELECT * FROM (SELECT messageId, termId, weight, ${merging(termId) ? 'submittedAt' : 'NULL AS submittedAt'} FROM analysis_posting WHERE termId = :t${i} AND submittedAt >= :from AND submittedAt <= :to ORDER BY submittedAt DESC LIMIT ${ANALYSIS.postingsPerTerm}) p${i}`;
    });
    const [sql, bound] = this.ds.driver.escapeQueryWithParameters(parts.join(' UNION ALL '), params);
    let rows: Array<{ messageId: number; termId: number; weight: number }> = await em.query(sql, bound);
    if (pending && query.some(([termId]) => merging(termId))) rows = withPending(rows as PostingRead[], query, from, to, pending, this.ds);
    const qw = new Map(query);
    const partial = new Map<number, number>();
    for (const r of rows) {
      const id = Number(r.messageId);
      if (id === exclude) continue;
      partial.set(id, (partial.get(id) ?? 0) + qw.get(Number(r.termId))! * (Number(r.weight) / 1000));
    }
    const best = [...partial]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, limit)
      .map(([id]) => id);
    if (!best.length) return [];
    // the batch's own rows not written yet (`pending`) are taken from it, the others read
    const written = pending ? best.filter((id) => !pending.docById.has(id)) : best;
    const docs = written.length ? await em.getRepository(AnalysisDoc).findBy({ messageId: In(written) }) : [];
    if (pending) for (const id of best) if (pending.docById.has(id)) docs.push(pending.docById.get(id)!);
    return docs
      .map((doc) => {
        const v = decodeVector(doc.vector);
        return { doc, vector: v, score: cosine(vector, v) };
      })
      .sort((a, b) => b.score - a.score || b.doc.messageId - a.doc.messageId);
  }

  /** Indexes these messages (those not yet indexed), in batches of one transaction each. */
  async indexMessages(ids: number[]): Promise<number> {
    let done = 0;
    for (let i = 0; i < ids.length; i += ANALYSIS.batch) {
      const slice = ids.slice(i, i + ANALYSIS.batch);
      // the messages not indexed yet, in one read (those indexed meanwhile are checked again in the transaction)
      const messages = (
        await this.ds
          .getRepository(Message)
          .createQueryBuilder('m')
          .where('m.id IN (:...ids)', { ids: slice })
          .andWhere('NOT EXISTS (SELECT 1 FROM analysis_doc d WHERE d.messageId = m.id)')
          .getMany()
      ).sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.id - b.id);
      if (!messages.length) continue;
      const seg = await this.segmenter();
      // Segmentation is synchronous native work (a few ms a message): give the event loop a turn between
      // messages, so that requests, sockets and reconnections of this instance are not held up by indexing.
      const prepared: Array<{ m: Message; terms: Map<string, Term> }> = [];
      for (const m of messages) {
        prepared.push({ m, terms: seg.terms(m.title, m.content) });
        await new Promise((resolve) => setImmediate(resolve));
      }
      const tree = await this.categories();
      await this.training(() =>
        inTransaction(this.ds, async (em) => {
          // those another instance indexed meanwhile: one read for the batch (the transaction's first, so the snapshot
          // every later statement of it reads, as a check before each message would)
          const indexed = new Set(
            (await em.getRepository(AnalysisDoc).find({ select: { messageId: true }, where: { messageId: In(prepared.map((p) => p.m.id)) } })).map(
              (d) => d.messageId,
            ),
          );
          const todo = prepared.filter(({ m }) => !indexed.has(m.id));
          // the term rows of the whole batch, read (and the new ones created) at once, in the order the messages name
          // them first; nothing in the batch changes a stored frequency before `writeCounts`, so each message reads
          // the same rows as a read of its own would
          const named = new Map<string, Term>();
          for (const { terms } of todo) for (const [t, term] of terms) if (!named.has(t)) named.set(t, term);
          const termRows = await this.termRows(em, named, true);
          const counts = newCountWrites();
          const pending = newPendingRows();
          for (const { m, terms } of todo) {
            await this.indexOne(em, m, terms, termRows, tree, counts, pending);
            done++;
          }
          // the batch's documents and postings, one multi-row insert each (a later message of the batch read them from
          // `pending`, as it read them from the table when each message wrote its own)
          await insertRows(em, AnalysisDoc, pending.docs);
          for (let i = 0; i < pending.postings.length; i += POSTINGS_PER_INSERT) {
            await insertRows(em, AnalysisPosting, pending.postings.slice(i, i + POSTINGS_PER_INSERT));
          }
          await this.writeCounts(em, counts);
        }),
      );
    }
    return done;
  }

  /**
   * Indexes one message of a batch, its term rows taken from the batch's (`termRows`). Its terms' document frequencies
   * and its category counts are added to `counts`, written once for the batch (`writeCounts`, before the commit): the
   * frequencies used here are the stored ones plus those the batch added before this message, as they were when each
   * message read its rows and wrote its counts itself.
   */
  private async indexOne(
    em: EntityManager,
    m: Message,
    terms: Map<string, Term>,
    termRows: Map<string, AnalysisTerm>,
    tree: CategoryNode[],
    counts: CountWrites,
    pending: PendingRows,
  ): Promise<void> {
    const rows = new Map<string, AnalysisTerm>();
    for (const t of terms.keys()) {
      const r = termRows.get(t);
      if (!r) continue;
      rows.set(t, Object.assign(new AnalysisTerm(), r, { df: r.df + (counts.df.get(r.id) ?? 0) }));
      counts.df.set(r.id, (counts.df.get(r.id) ?? 0) + 1);
    }
    const docs = (await this.documents(em)) + 1;
    const weights = new Map<number, number>();
    for (const [t, { tf }] of terms) {
      const r = rows.get(t);
      if (r) weights.set(r.id, (1 + Math.log(tf)) * idf(r.df + 1, docs));
    }
    // rounded as stored, so that intake and the rebuild compare the same numbers
    const vector: Vec = topNormalised(weights, ANALYSIS.vectorTerms).map(([t, w]) => [t, Math.max(1, Math.round(w * 1000)) / 1000]);
    const from = new Date(m.submittedAt.getTime() - ANALYSIS.windowDays * 86400_000);
    const best = (await this.candidates(em, vector, from, m.submittedAt, m.id, 40, pending))[0];
    const clusterId = best && best.score >= ANALYSIS.clusterThreshold ? best.doc.clusterId : m.id;
    const trained = m.categoryId && m.state !== 'INVALID' ? m.categoryId : null;
    const doc = Object.assign(new AnalysisDoc(), analysisDocOf(m, vector, clusterId, trained));
    pending.docs.push(doc);
    pending.docById.set(m.id, doc);
    for (const [termId, w] of vector.slice(0, ANALYSIS.postedTerms)) {
      const posting = Object.assign(new AnalysisPosting(), { termId, messageId: m.id, submittedAt: m.submittedAt, weight: Math.max(1, Math.round(w * 1000)) });
      pending.postings.push(posting);
      let ofTerm = pending.postingsByTerm.get(termId);
      if (!ofTerm) pending.postingsByTerm.set(termId, (ofTerm = []));
      ofTerm.push(posting);
    }
    if (trained) await this.train(tree, trained, m, 1, counts);
    this.docCount = docs;
  }

  /**
   * After a transition: the index's copy of the message's state, lead unit, category, region and likes, and
   * the category model when its category changed. Messages not yet indexed are indexed.
   */
  async refresh(ids: number[]): Promise<void> {
    const docs = await this.ds.getRepository(AnalysisDoc).findBy({ messageId: In(ids) });
    const missing = ids.filter((id) => !docs.some((d) => d.messageId === id));
    if (missing.length) await this.indexMessages(missing);
    if (!docs.length) return;
    const messages = new Map((await this.ds.getRepository(Message).findBy({ id: In(docs.map((d) => d.messageId)) })).map((m) => [m.id, m]));
    const tree = await this.categories();
    await this.training(() =>
      inTransaction(this.ds, async (em) => {
        const counts = newCountWrites();
        for (const d of docs) {
          const m = messages.get(d.messageId);
          if (!m) continue;
          const trained = m.categoryId && m.state !== 'INVALID' ? m.categoryId : null;
          if (trained !== d.trainedCategoryId) {
            if (d.trainedCategoryId) await this.train(tree, d.trainedCategoryId, m, -1, counts);
            if (trained) await this.train(tree, trained, m, 1, counts);
          }
          await em.getRepository(AnalysisDoc).update(d.messageId, {
            state: m.state,
            leadUnitId: m.leadUnitId,
            categoryId: m.categoryId,
            regionUnitId: m.regionUnitId,
            likes: m.likes ?? 0,
            trainedCategoryId: trained,
            messageVersion: m.version,
            indexedAt: new Date(),
          });
        }
        await this.writeCounts(em, counts);
      }),
    );
  }

  /**
   * Runs a transaction that may train the category model; once it is over (not before: a count started before the
   * commit cannot see its rows), the cached vocabulary counts are marked as made before a change.
   */
  private async training<T>(tx: () => Promise<T>): Promise<T> {
    const before = this.trainings;
    try {
      return await tx();
    } finally {
      if (this.trainings !== before) this.vocabularyChanges++;
    }
  }

  // ── the category model ─────────────────────────────────────────────────────────────────────────

  /**
   * The category tree (active categories), reloaded when it changed: each call compares a one-row summary of the
   * category table (count, active count, last change), so a category created or disabled on any instance is used by
   * the next suggestion and the next indexed message (a stale tree would train the wrong ancestors).
   */
  async categories(): Promise<CategoryNode[]> {
    return (await this.categoryModel()).nodes;
  }

  private async categoryModel() {
    const summary = await this.ds
      .getRepository(Category)
      .createQueryBuilder('c')
      .select('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN c.isActive THEN 1 ELSE 0 END)', 'active')
      .addSelect('MAX(c.updatedAt)', 'changed')
      .getRawOne<{ n: number | string; active: number | string | null; changed: Date | string | null }>();
    const key = `${Number(summary?.n ?? 0)}:${Number(summary?.active ?? 0)}:${summary?.changed ? new Date(summary.changed).getTime() : 0}`;
    if (this.categoryTree?.key === key) return this.categoryTree;
    const all = await this.ds.getRepository(Category).find({ select: { id: true, parentId: true, name: true, isActive: true } });
    const active = new Set(all.filter((c) => c.isActive).map((c) => c.id));
    const nodes = all
      .filter((c) => active.has(c.id) && (c.parentId === null || active.has(c.parentId)))
      .map((c) => ({ id: c.id, parentId: c.parentId, name: c.name }));
    const seg = await this.segmenter();
    const names = new MemoryCounts();
    for (const [id, text] of nameDocuments(nodes)) names.add([id], docFeatures(seg.bigramBuckets(text, '')), 1, NB.nameDocs);
    this.categoryTree = { key, nodes, names };
    return this.categoryTree;
  }

  /** The category and its ancestors (a root's counts cover its whole subtree). */
  private ancestry(tree: CategoryNode[], id: number): number[] {
    const byId = new Map(tree.map((n) => [n.id, n]));
    const out: number[] = [];
    for (let n = byId.get(id); n && out.length < 10; n = n.parentId !== null ? byId.get(n.parentId) : undefined) out.push(n.id);
    return out.length ? out : [id];
  }

  async featuresOf(title: string, content: string): Promise<Features> {
    return docFeatures((await this.segmenter()).bigramBuckets(title, content));
  }

  /**
   * Adds (sign 1) or removes (sign -1) a message's features to its category and the categories above it: queued in
   * `counts`, which the transaction writes before it commits (`writeCounts`).
   */
  private async train(tree: CategoryNode[], categoryId: number, m: Pick<Message, 'title' | 'content'>, sign: 1 | -1, counts: CountWrites): Promise<void> {
    const x = await this.featuresOf(m.title, m.content);
    const total = [...x.values()].reduce((a, w) => a + w, 0);
    for (const c of this.ancestry(tree, categoryId)) {
      for (const [b, w] of x) counts.features.push([c, b, sign * w]);
      counts.totals.push([c, sign, sign * total]);
    }
    this.trainings++;
  }

  /**
   * Writes a batch's counts (issue 19: one message's indexing took about ten statements, four of them these, so the
   * analysis of a busy intake cost more SQL than the intake): the document frequencies as one UPDATE per increment
   * (ids in order), the category counts as multi-row upserts of 400 rows. The upserts' rows keep the order they were
   * added in, and a row whose key an earlier row of the statement wrote adds to it, so each stored weight is the same
   * sum, in the same order, as when each message wrote its own.
   */
  private async writeCounts(em: EntityManager, counts: CountWrites): Promise<void> {
    const byIncrement = new Map<number, number[]>();
    for (const [id, n] of counts.df) byIncrement.set(n, [...(byIncrement.get(n) ?? []), id]);
    for (const [n, ids] of [...byIncrement].sort((a, b) => a[0] - b[0])) {
      ids.sort((a, b) => a - b);
      for (let i = 0; i < ids.length; i += 500) {
        await em
          .createQueryBuilder()
          .update(AnalysisTerm)
          .set({ df: () => `df + ${Number(n)}` })
          .where({ id: In(ids.slice(i, i + 500)) })
          .execute();
      }
    }
    const mysql = this.ds.options.type !== 'better-sqlite3';
    for (let i = 0; i < counts.features.length; i += 400) {
      const chunk = counts.features.slice(i, i + 400);
      const values = chunk.map(() => '(?, ?, ?)').join(', ');
      await em.query(
        mysql
          ? `INSERT INTO analysis_category_feature (categoryId, bucket, weight) VALUES ${values} ON DUPLICATE KEY UPDATE weight = weight + VALUES(weight)`
          : `INSERT INTO analysis_category_feature (categoryId, bucket, weight) VALUES ${values} ON CONFLICT (categoryId, bucket) DO UPDATE SET weight = weight + excluded.weight`,
        chunk.flat(),
      );
    }
    for (let i = 0; i < counts.totals.length; i += 400) {
      const chunk = counts.totals.slice(i, i + 400);
      const values = chunk.map(() => '(?, ?, ?)').join(', ');
      await em.query(
        mysql
          ? `INSERT INTO analysis_category_total (categoryId, docs, total) VALUES ${values} ON DUPLICATE KEY UPDATE docs = docs + VALUES(docs), total = total + VALUES(total)`
          : `INSERT INTO analysis_category_total (categoryId, docs, total) VALUES ${values} ON CONFLICT (categoryId) DO UPDATE SET docs = docs + excluded.docs, total = total + excluded.total`,
        chunk.flat(),
      );
    }
  }

  /** The stored counts (history) plus the names documents, as the classifier reads them. */
  async statsSource(): Promise<{ tree: CategoryNode[]; source: StatsSource }> {
    const model = await this.categoryModel();
    const stored: StatsSource = {
      level: async (classes, buckets): Promise<LevelStats> => {
        const counts = new Map<number, Map<number, number>>();
        for (let i = 0; i < buckets.length; i += 500) {
          const rows = await this.ds.getRepository(AnalysisCategoryFeature).find({ where: { categoryId: In(classes), bucket: In(buckets.slice(i, i + 500)) } });
          for (const r of rows) {
            let m = counts.get(r.categoryId);
            if (!m) counts.set(r.categoryId, (m = new Map()));
            m.set(r.bucket, Number(r.weight));
          }
        }
        const totals = new Map(
          (await this.ds.getRepository(AnalysisCategoryTotal).findBy({ categoryId: In(classes) })).map((t) => [t.categoryId, Number(t.total)]),
        );
        return { count: (c, b) => counts.get(c)?.get(b) ?? 0, total: (c) => totals.get(c) ?? 0, vocab: await this.vocabulary(classes) };
      },
    };
    return { tree: model.nodes, source: combined(stored, model.names) };
  }

  /**
   * Distinct buckets with counts among these classes (the smoothing term of the classifier), stale-while-revalidate:
   * a request is never held up by the count (a full scan of the class set's rows: about 1.5 s for the roots at 1M
   * messages) when a value exists. A due value (older than `vocabularyMaxAgeMs`, or than `vocabularyAfterChangeMs`
   * after counts changed here, or made before a rebuild) is still served, and counted again in the background, once at
   * a time per class set, errors logged. Only a class set never counted on this instance is counted in the request;
   * `warmVocabulary` counts every set requests use at start-up and after a rebuild.
   */
  async vocabulary(classes: number[]): Promise<number> {
    const key = vocabularyKey(classes);
    const hit = this.vocabCache.get(key);
    if (!hit) return this.countVocabulary(key, classes);
    if (this.vocabularyDue(hit)) this.outside.runInAsyncScope(() => void this.countVocabulary(key, classes).catch((e) => this.backgroundFailed(e)));
    return hit.vocab;
  }

  /** The cached count of a class set, without counting (undefined when never counted here). */
  cachedVocabulary(classes: number[]): number | undefined {
    return this.vocabCache.get(vocabularyKey(classes))?.vocab;
  }

  private vocabularyDue(e: VocabularyEntry): boolean {
    const age = this.clock() - e.at;
    return (
      e.epoch !== this.vocabularyEpoch ||
      age >= ANALYSIS.vocabularyMaxAgeMs ||
      (e.changes !== this.vocabularyChanges && age >= ANALYSIS.vocabularyAfterChangeMs)
    );
  }

  /** Counts a class set's vocabulary and caches it; a count already running for the set is shared. */
  private countVocabulary(key: string, classes: number[]): Promise<number> {
    const running = this.vocabCounting.get(key);
    if (running) return running;
    const changes = this.vocabularyChanges;
    const epoch = this.vocabularyEpoch;
    const counting = (async () => {
      try {
        const row = await this.ds
          .getRepository(AnalysisCategoryFeature)
          .createQueryBuilder('f')
          .select('COUNT(DISTINCT f.bucket)', 'n')
          .where({ categoryId: In(classes) })
          .andWhere('f.weight > 0.000001')
          .getRawOne();
        const vocab = Number(row?.n ?? 0);
        this.vocabCache.set(key, { at: this.clock(), vocab, changes, epoch });
        return vocab;
      } finally {
        this.vocabCounting.delete(key);
      }
    })();
    this.vocabCounting.set(key, counting);
    return counting;
  }

  private backgroundFailed(e: unknown): void {
    if (this.ds.isInitialized) this.log.error('[analysis] counting the category vocabulary failed', e);
  }

  /**
   * Counts the vocabulary of every class set a suggestion reads (the roots, and the children of each category that
   * has some), one after another: at start-up and after a rebuild, so that no request pays a first count. Until a set
   * is counted again its earlier value is served. Errors are logged.
   */
  async warmVocabulary(): Promise<void> {
    try {
      for (const classes of classSets(await this.categories())) {
        if (!this.ds.isInitialized) return;
        const hit = this.vocabCache.get(vocabularyKey(classes));
        if (!hit || this.vocabularyDue(hit)) await this.countVocabulary(vocabularyKey(classes), classes);
      }
    } catch (e) {
      this.backgroundFailed(e);
    }
  }

  /** Forgets cached counts (after a rebuild); cached vocabulary counts are served until counted again (`warmVocabulary`). */
  reset(): void {
    this.docCount = null;
    this.vocabularyEpoch++;
    this.categoryTree = null;
  }
}

function vocabularyKey(classes: number[]): string {
  return [...classes].sort((a, b) => a - b).join(',');
}

/** The sibling sets the classifier scores (suggestCategories): the roots, and the children of each parent. */
export function classSets(tree: CategoryNode[]): number[][] {
  const children = new Map<number | null, number[]>();
  for (const n of tree) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const roots = children.get(null) ?? [];
  return [...(roots.length ? [roots] : []), ...[...children].filter(([parent]) => parent !== null).map(([, kids]) => kids)];
}

/** The counts a batch's indexing adds, written once before its transaction commits (`AnalysisIndex.writeCounts`). */
interface CountWrites {
  /** Document frequency increments by term id. */
  df: Map<number, number>;
  /** (categoryId, bucket, weight) to add, in order. */
  features: Array<[number, number, number]>;
  /** (categoryId, docs, total) to add, in order. */
  totals: Array<[number, number, number]>;
}

const newCountWrites = (): CountWrites => ({ df: new Map(), features: [], totals: [] });

/** Postings per multi-row insert (4 values each: well under SQLite's and MariaDB's limits of bound values). */
const POSTINGS_PER_INSERT = 2000;

/**
 * The documents and postings a batch's indexing has made and not yet written (one multi-row insert each before the
 * commit): the later messages of the batch find their candidates among them as among the stored ones.
 */
interface PendingRows {
  docs: AnalysisDoc[];
  docById: Map<number, AnalysisDoc>;
  postings: AnalysisPosting[];
  postingsByTerm: Map<number, AnalysisPosting[]>;
}

const newPendingRows = (): PendingRows => ({ docs: [], docById: new Map(), postings: [], postingsByTerm: new Map() });

interface PostingRead {
  messageId: number;
  termId: number;
  weight: number;
  /** A Date, or the driver's value where the read left it to the caller (SQLite's text). */
  submittedAt: Date | string | null;
}

/**
 * The postings read for each query term merged with the batch's pending ones in [from, to]: per term, the newest
 * `postingsPerTerm` of both (the read's `ORDER BY submittedAt DESC LIMIT`), as the read would give with them stored.
 */
function withPending(rows: PostingRead[], query: Vec, from: Date, to: Date, pending: PendingRows, ds: DataSource): PostingRead[] {
  const column = ds.getMetadata(AnalysisPosting).findColumnWithPropertyName('submittedAt')!;
  const out: PostingRead[] = [];
  for (const [termId] of query) {
    const extra = (pending.postingsByTerm.get(termId) ?? []).filter((p) => p.submittedAt >= from && p.submittedAt <= to);
    const stored = rows.filter((r) => Number(r.termId) === termId);
    if (!extra.length) {
      out.push(...stored);
      continue;
    }
    // the stored postings' times as the entity reads them (a Date on every database), taken once
    const time = (r: PostingRead) =>
      (r.submittedAt instanceof Date ? r.submittedAt : (ds.driver.prepareHydratedValue(r.submittedAt, column) as Date)).getTime();
    const merged = [
      ...stored.map((r) => ({ r, at: time(r) })),
      ...extra.map((p) => ({ r: { messageId: p.messageId, termId, weight: p.weight, submittedAt: p.submittedAt }, at: p.submittedAt.getTime() })),
    ];
    merged.sort((x, y) => y.at - x.at);
    out.push(...merged.slice(0, ANALYSIS.postingsPerTerm).map((x) => x.r));
  }
  return out;
}
