/**
 * Per-impression metrics as MIND defines them (its evaluate.py): group AUC, MRR and nDCG@k over
 * one impression's candidates, then averaged over impressions. Scores are turned into a strict
 * order first: higher score first, ties broken by `tieBreak` (a seeded hash of impression and
 * item, never the order the file lists them in, which may put the clicked item first).
 */
export interface ImpressionMetrics {
  readonly auc: number;
  readonly mrr: number;
  readonly 'ndcg@5': number;
  readonly 'ndcg@10': number;
}

export const IMPRESSION_METRICS = ['auc', 'mrr', 'ndcg@5', 'ndcg@10'] as const;
export type ImpressionMetricName = (typeof IMPRESSION_METRICS)[number];

/** Candidate indices, best first: by score, then by tieBreak (both descending). */
export function strictOrder(scores: ArrayLike<number>, tieBreak: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || tieBreak[b]! - tieBreak[a]! || a - b);
}

/** The metrics of one impression, or null when it has no click or nothing but clicks (AUC is undefined there). */
export function impressionMetrics(order: readonly number[], clicked: ArrayLike<boolean>): ImpressionMetrics | null {
  const n = order.length;
  let positives = 0;
  for (let i = 0; i < n; i += 1) if (clicked[i]) positives += 1;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  // AUC: the share of (clicked, not clicked) pairs in the right order.
  let negativesBelow = negatives;
  let correct = 0;
  let rr = 0;
  let dcg5 = 0;
  let dcg10 = 0;
  for (let rank = 0; rank < n; rank += 1) {
    if (clicked[order[rank]!]) {
      correct += negativesBelow;
      rr += 1 / (rank + 1);
      const gain = 1 / Math.log2(rank + 2);
      if (rank < 5) dcg5 += gain;
      if (rank < 10) dcg10 += gain;
    } else negativesBelow -= 1;
  }
  return { auc: correct / (positives * negatives), mrr: rr / positives, 'ndcg@5': dcg5 / idealDcg(positives, 5), 'ndcg@10': dcg10 / idealDcg(positives, 10) };
}

function idealDcg(positives: number, k: number): number {
  let ideal = 0;
  for (let rank = 0; rank < Math.min(positives, k); rank += 1) ideal += 1 / Math.log2(rank + 2);
  return ideal;
}

/** A metric's mean over impressions and its standard error (sample standard deviation / √n). */
export interface MeanWithError {
  readonly mean: number;
  readonly se: number;
}

export function meanWithError(values: readonly number[]): MeanWithError {
  const n = values.length;
  if (n === 0) return { mean: 0, se: 0 };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { mean, se: 0 };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** A uniform number in [0, 1) from a seed and a text (FNV-1a, then a 32-bit finaliser): the same inputs, the same number. */
export function hashUniform(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
