/** Sparse term vectors: [termId, weight] pairs, L2-normalised, highest weight first; stored as "id:w" with w × 1000. */

export type Vec = Array<[number, number]>;

export function encodeVector(v: Vec): string {
  return v.map(([t, w]) => `${t}:${Math.max(1, Math.round(w * 1000))}`).join(',');
}

export function decodeVector(s: string): Vec {
  if (!s) return [];
  return s.split(',').map((p) => {
    const i = p.indexOf(':');
    return [Number(p.slice(0, i)), Number(p.slice(i + 1)) / 1000] as [number, number];
  });
}

export function cosine(a: Vec, b: Vec): number {
  const m = new Map(b);
  let s = 0;
  for (const [t, w] of a) {
    const x = m.get(t);
    if (x !== undefined) s += w * x;
  }
  return s;
}

/** Keeps the `k` heaviest entries and scales them to unit length. */
export function topNormalised(weights: Map<number, number>, k: number): Vec {
  const v = [...weights]
    .filter(([, w]) => w > 0)
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, k);
  const n = Math.hypot(...v.map(([, w]) => w));
  return n > 0 ? v.map(([t, w]) => [t, w / n]) : [];
}

/** Inverse document frequency, smoothed (never below 1). */
export const idf = (df: number, docs: number) => Math.log((docs + 1) / (df + 1)) + 1;
