/**
 * Category suggestion (智能分类): complement naive Bayes (Rennie et al. 2003) over hashed character
 * bigrams, learned from the platform's own classified messages and from the names in its category tree.
 *
 * - A message's features: its character bigrams (title twice, the first 1,500 characters of the content),
 *   hashed into 2^18 buckets, sub-linear counts (1 + ln tf), scaled to unit length.
 * - A category's counts: the sum of the features of the messages classified in it or below it (so a root
 *   knows its whole subtree), plus its names document, the names of the category and of every category
 *   below it, counted as `NAME_DOCS` messages: a new platform suggests from its category tree alone, and
 *   the messages' own words take over as history grows.
 * - Suggesting: the root categories are scored, and from each of the best three the suggestion goes down
 *   the tree as long as one child is clearly ahead (its share among its siblings at least `DESCEND_SHARE`).
 * Nothing leaves the server; the counts are updated as messages get or change their category.
 */
import { BUCKETS } from './segmenter';

export const NB = {
  /** Additive smoothing. */
  alpha: 0.3,
  /** How many messages a category's names document counts as. */
  nameDocs: 20,
  /** Go down to a child category when its confidence among its siblings is at least this. */
  descendShare: 0.6,
};

export type Features = Map<number, number>;

/** Sub-linear term frequency, unit length. */
export function docFeatures(buckets: Map<number, number>): Features {
  const out = new Map<number, number>();
  let n = 0;
  for (const [b, c] of buckets) {
    const w = 1 + Math.log(c);
    out.set(b, w);
    n += w * w;
  }
  n = Math.sqrt(n);
  if (n > 0) for (const [b, w] of out) out.set(b, w / n);
  return out;
}

export interface LevelStats {
  /** Weight of a bucket in a class (history and names). */
  count(c: number, b: number): number;
  /** Sum of all bucket weights of a class. */
  total(c: number): number;
  /** Distinct buckets seen among these classes. */
  vocab: number;
}

/** Complement naive Bayes scores of a message against sibling classes, best first. */
export function complementScores(x: Features, classes: number[], s: LevelStats, alpha = NB.alpha): Array<[number, number]> {
  let allT = 0;
  for (const c of classes) allT += s.total(c);
  const all = new Map<number, number>();
  for (const b of x.keys()) {
    let a = 0;
    for (const c of classes) a += s.count(c, b);
    all.set(b, a);
  }
  const out: Array<[number, number]> = classes.map((c) => {
    const denom = allT - s.total(c) + alpha * Math.max(1, s.vocab);
    let score = 0;
    for (const [b, xb] of x) score -= xb * Math.log((all.get(b)! - s.count(c, b) + alpha) / denom);
    return [c, score];
  });
  return out.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
}

/** Scores turned into shares that add up to 1 (softmax). */
export function shares(scores: Array<[number, number]>): Map<number, number> {
  if (!scores.length) return new Map();
  const max = Math.max(...scores.map(([, s]) => s));
  const e = scores.map(([c, s]) => [c, Math.exp(s - max)] as [number, number]);
  const z = e.reduce((a, [, v]) => a + v, 0);
  return new Map(e.map(([c, v]) => [c, v / z]));
}

export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
}

/** Where the counts of a set of sibling classes come from (database or memory), for the buckets of one message. */
export interface StatsSource {
  level(classes: number[], buckets: number[]): Promise<LevelStats>;
}

export interface Suggested {
  categoryId: number;
  confidence: number;
  /** From the root down to the suggested category. */
  path: number[];
}

/** The best `k` suggestions: the best roots, each refined down the tree while one child is clearly ahead. */
export async function suggestCategories(x: Features, tree: CategoryNode[], source: StatsSource, k = 3): Promise<Suggested[]> {
  if (!x.size) return [];
  const children = new Map<number | null, number[]>();
  for (const n of tree) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const buckets = [...x.keys()];
  const roots = children.get(null) ?? [];
  if (!roots.length) return [];
  const rootScores = complementScores(x, roots, await source.level(roots, buckets));
  const rootShares = shares(rootScores);
  const out: Suggested[] = [];
  for (const [root] of rootScores.slice(0, k)) {
    let node = root;
    let confidence = rootShares.get(root)!;
    const path = [root];
    for (let depth = 0; depth < 8; depth++) {
      const kids = children.get(node) ?? [];
      if (!kids.length) break;
      const sub = shares(complementScores(x, kids, await source.level(kids, buckets)));
      const [best, share] = [...sub].sort((p, q) => q[1] - p[1])[0];
      if (share < NB.descendShare) break;
      node = best;
      confidence *= share;
      path.push(best);
    }
    out.push({ categoryId: node, confidence, path });
  }
  return out;
}

/** The names document of each category: its name and the names of every category below it. */
export function nameDocuments(tree: CategoryNode[]): Map<number, string> {
  const byId = new Map(tree.map((n) => [n.id, n]));
  const out = new Map<number, string[]>();
  for (const n of tree) {
    for (let a: CategoryNode | undefined = n; a; a = a.parentId !== null ? byId.get(a.parentId) : undefined) {
      out.set(a.id, [...(out.get(a.id) ?? []), n.name]);
    }
  }
  return new Map([...out].map(([id, names]) => [id, names.join(' ')]));
}

/** Counts in memory: the evaluation script, the rebuild's accumulation, and the names documents. */
export class MemoryCounts implements StatsSource {
  readonly counts = new Map<number, Map<number, number>>();
  readonly totals = new Map<number, number>();
  readonly docs = new Map<number, number>();

  add(categoryIds: number[], x: Features, sign = 1, times = 1): void {
    for (const c of categoryIds) {
      let m = this.counts.get(c);
      if (!m) this.counts.set(c, (m = new Map()));
      let t = 0;
      for (const [b, w] of x) {
        m.set(b, (m.get(b) ?? 0) + sign * times * w);
        t += sign * times * w;
      }
      this.totals.set(c, (this.totals.get(c) ?? 0) + t);
      this.docs.set(c, (this.docs.get(c) ?? 0) + sign * times);
    }
  }

  async level(classes: number[]): Promise<LevelStats> {
    const vocab = new Set<number>();
    for (const c of classes) for (const b of this.counts.get(c)?.keys() ?? []) vocab.add(b);
    return {
      count: (c, b) => this.counts.get(c)?.get(b) ?? 0,
      total: (c) => this.totals.get(c) ?? 0,
      vocab: Math.min(vocab.size, BUCKETS),
    };
  }
}

/** Two sources added together (stored history + names documents). */
export function combined(a: StatsSource, b: StatsSource): StatsSource {
  return {
    async level(classes, buckets) {
      const [x, y] = await Promise.all([a.level(classes, buckets), b.level(classes, buckets)]);
      return { count: (c, k) => x.count(c, k) + y.count(c, k), total: (c) => x.total(c) + y.total(c), vocab: Math.max(x.vocab, y.vocab) };
    },
  };
}
