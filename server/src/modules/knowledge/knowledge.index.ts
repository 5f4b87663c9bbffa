/**
 * Full-text search over the knowledge base (docs/knowledge.md, Search): the version in force of each article is
 * cut into search terms by the analysis module's segmenter (jieba with the organisation's names; search mode, so
 * a compound and the words inside it are both terms) and written to `knowledge_posting`, weighted by the field
 * (title 3×, question variants 2×, answer and sources 1×). A query — typed words, or a message's title and
 * text — is cut the same way and ranked with BM25 over the articles. Written in the transaction that approves,
 * withdraws or restores an article, so the index is the articles in force and nothing else.
 */
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { Segmenter } from '../analysis/segmenter';
import { KnowledgeArticle, KnowledgeArticleVersion, KnowledgePosting } from './knowledge.entities';

/** BM25 parameters (the usual ones). */
const K1 = 1.2;
const B = 0.75;
/** Field weights of the index. */
export const FIELD_WEIGHT = { title: 3, questions: 2, answer: 1, sources: 1 };
/** Query terms used from a message (its most frequent ones, title counted twice). */
const MESSAGE_TERMS = 40;
/** Characters of a message's text used for suggestions. */
const MESSAGE_CHARS = 3000;

export interface SearchHit {
  articleId: number;
  score: number;
  /** Query terms found in the article, the most telling (highest idf) first (a word inside a longer one found is left out). */
  matched: string[];
  /** How many query terms it holds. */
  terms: number;
}

/** The weighted search terms of a version (what the index holds for it). */
export function versionTerms(seg: Segmenter, v: Pick<KnowledgeArticleVersion, 'title' | 'questions' | 'answer' | 'sources'>): Map<string, number> {
  const out = new Map<string, number>();
  const add = (m: Map<string, number>) => {
    for (const [t, n] of m) out.set(t, (out.get(t) ?? 0) + n);
  };
  add(seg.searchTerms(v.title, FIELD_WEIGHT.title));
  for (const q of v.questions) add(seg.searchTerms(q, FIELD_WEIGHT.questions));
  add(seg.searchTerms(v.answer, FIELD_WEIGHT.answer));
  for (const s of v.sources) add(seg.searchTerms(s.title, FIELD_WEIGHT.sources));
  return out;
}

/** The query terms of a message: its words, title counted twice, weighted 1 + ln(count). */
export function messageQuery(seg: Segmenter, title: string, content: string): Map<string, number> {
  const tf = seg.searchTerms(title, 2);
  for (const [t, n] of seg.searchTerms(content.slice(0, MESSAGE_CHARS))) tf.set(t, (tf.get(t) ?? 0) + n);
  return new Map(
    [...tf]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MESSAGE_TERMS)
      .map(([t, n]) => [t, 1 + Math.log(n)]),
  );
}

/** The query terms of typed words: each once. */
export function typedQuery(seg: Segmenter, text: string): Map<string, number> {
  return new Map([...seg.searchTerms(text.slice(0, 200)).keys()].map((t) => [t, 1]));
}

export class KnowledgeIndex {
  /** Puts an article's version in force into the index (replacing what it held); returns its length for the article row. */
  async write(em: EntityManager, seg: Segmenter, articleId: number, v: KnowledgeArticleVersion): Promise<number> {
    await em.getRepository(KnowledgePosting).delete({ articleId });
    const terms = versionTerms(seg, v);
    const rows = [...terms].map(([term, n]) => ({ term, articleId, weight: Math.max(1, Math.round(n * 100)) }));
    for (let i = 0; i < rows.length; i += 400) {
      await em
        .createQueryBuilder()
        .insert()
        .into(KnowledgePosting)
        .values(rows.slice(i, i + 400))
        .updateEntity(false)
        .execute();
    }
    return Math.max(1, Math.round([...terms.values()].reduce((a, n) => a + n, 0)));
  }

  /** Takes an article out of the index (withdrawn); its length becomes null. */
  async remove(em: EntityManager, articleId: number): Promise<void> {
    await em.getRepository(KnowledgePosting).delete({ articleId });
  }

  /**
   * Ranks the indexed articles for a query (term → query weight) with BM25, among `allowed` (the articles the
   * caller may find, decided by the caller) when given. Best first.
   */
  async search(em: EntityManager, query: Map<string, number>, allowed: (ids: number[]) => Promise<Set<number>>): Promise<SearchHit[]> {
    const terms = [...query.keys()];
    if (!terms.length) return [];
    const postings: Array<{ term: string; articleId: number; weight: number }> = [];
    for (let i = 0; i < terms.length; i += 200) {
      postings.push(...(await em.getRepository(KnowledgePosting).find({ where: { term: In(terms.slice(i, i + 200)) } })));
    }
    if (!postings.length) return [];
    const stats = await em
      .getRepository(KnowledgeArticle)
      .createQueryBuilder('a')
      .select('COUNT(*)', 'n')
      .addSelect('AVG(a.indexLength)', 'avg')
      .where('a.indexLength IS NOT NULL')
      .getRawOne();
    const n = Number(stats?.n ?? 0);
    const avg = Number(stats?.avg ?? 1) || 1;
    const ids = [...new Set(postings.map((p) => p.articleId))];
    const ok = await allowed(ids);
    const lengths = new Map<number, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await em.getRepository(KnowledgeArticle).find({ select: { id: true, indexLength: true }, where: { id: In(ids.slice(i, i + 500)) } });
      for (const r of rows) lengths.set(r.id, r.indexLength ?? avg);
    }
    const df = new Map<string, number>();
    for (const p of postings) df.set(p.term, (df.get(p.term) ?? 0) + 1);
    const idf = (t: string) => Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
    const scores = new Map<number, { score: number; matched: Array<[string, number]> }>();
    for (const p of postings) {
      if (!ok.has(p.articleId)) continue;
      const f = p.weight / 100;
      const dl = lengths.get(p.articleId) ?? avg;
      const part = query.get(p.term)! * idf(p.term) * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * dl) / avg)));
      const e = scores.get(p.articleId) ?? { score: 0, matched: [] };
      e.score += part;
      e.matched.push([p.term, idf(p.term)]);
      scores.set(p.articleId, e);
    }
    return [...scores]
      .map(([articleId, e]) => ({
        articleId,
        score: Math.round(e.score * 1000) / 1000,
        terms: e.matched.length,
        matched: dropInner(e.matched.sort((a, b) => b[1] - a[1] || b[0].length - a[0].length).map(([t]) => t)).slice(0, 8),
      }))
      .sort((a, b) => b.score - a.score || a.articleId - b.articleId);
  }
}

/** Leaves out a matched word that is part of a longer matched word (公积金 beside 住房公积金), for showing. */
function dropInner(terms: string[]): string[] {
  return terms.filter((t) => !terms.some((u) => u !== t && u.length > t.length && u.includes(t)));
}
