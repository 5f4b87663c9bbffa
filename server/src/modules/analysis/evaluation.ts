/**
 * Measures on labelled data, used by `npm run analysis:eval` and the tests: k-fold macro-F1 of the
 * category suggestion, precision@10 of similar messages per checked cluster.
 */
import { CategoryNode, docFeatures, MemoryCounts, NB, nameDocuments, suggestCategories } from './classifier';
import type { Segmenter } from './segmenter';

export interface LabelledText {
  title: string;
  content: string;
  /** Root category id of the label. */
  label: number;
}

export interface FoldResult {
  top1MacroF1: number;
  top3MacroF1: number;
  top1Accuracy: number;
  top3Accuracy: number;
  perClass: Array<{ label: number; support: number; f1: number }>;
}

/** Macro-F1 over the labels present in the data: a top-3 hit counts as right, a miss as the top-1 prediction. */
export function macroF1(pairs: Array<[number, number]>): { macro: number; perClass: Array<{ label: number; support: number; f1: number }> } {
  const labels = [...new Set(pairs.map(([y]) => y))].sort((a, b) => a - b);
  const perClass = labels.map((l) => {
    const tp = pairs.filter(([y, p]) => y === l && p === l).length;
    const fp = pairs.filter(([y, p]) => y !== l && p === l).length;
    const fn = pairs.filter(([y, p]) => y === l && p !== l).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return { label: l, support: tp + fn, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  });
  return { macro: perClass.reduce((a, c) => a + c.f1, 0) / (perClass.length || 1), perClass };
}

/** A small deterministic generator for the folds. */
function rng(seed: number) {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * Stratified k-fold: each fold's messages are suggested by a model that learned from the other folds
 * (their labels as classified history) and from the category tree's names, exactly as the server does.
 */
export async function kFoldCategories(data: LabelledText[], tree: CategoryNode[], seg: Segmenter, k = 5, seed = 1, useHistory = true): Promise<FoldResult> {
  const features = data.map((d) => docFeatures(seg.bigramBuckets(d.title, d.content)));
  const names = nameDocuments(tree);
  const byId = new Map(tree.map((n) => [n.id, n]));
  const ancestry = (id: number) => {
    const out: number[] = [];
    for (let n = byId.get(id); n; n = n.parentId !== null ? byId.get(n.parentId) : undefined) out.push(n.id);
    return out;
  };
  const nameFeatures = new Map([...names].map(([id, text]) => [id, docFeatures(seg.bigramBuckets(text, ''))]));
  const random = rng(seed * 7919);
  const fold = new Array<number>(data.length);
  for (const label of new Set(data.map((d) => d.label))) {
    const idx = data.map((d, i) => (d.label === label ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    idx.forEach((i, n) => (fold[i] = n % k));
  }
  const top1: Array<[number, number]> = [];
  const top3: Array<[number, number]> = [];
  for (let f = 0; f < k; f++) {
    const counts = new MemoryCounts();
    for (const [id, x] of nameFeatures) counts.add([id], x, 1, NB.nameDocs);
    if (useHistory) data.forEach((d, i) => fold[i] !== f && counts.add(ancestry(d.label), features[i]));
    for (let i = 0; i < data.length; i++) {
      if (fold[i] !== f) continue;
      const s = await suggestCategories(features[i], tree, counts, 3);
      const roots = s.map((x) => x.path[0]);
      top1.push([data[i].label, roots[0]]);
      top3.push([data[i].label, roots.includes(data[i].label) ? data[i].label : roots[0]]);
    }
  }
  const m1 = macroF1(top1);
  const m3 = macroF1(top3);
  return {
    top1MacroF1: m1.macro,
    top3MacroF1: m3.macro,
    perClass: m1.perClass,
    top1Accuracy: top1.filter(([y, p]) => y === p).length / top1.length,
    top3Accuracy: top3.filter(([y, p]) => y === p).length / top3.length,
  };
}
