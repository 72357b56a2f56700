/** Top-N accuracy metrics with binary relevance, per user; averaged by the caller. */

export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i += 1) if (relevant.has(ranked[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i += 1) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i += 1) if (relevant.has(ranked[i]!)) hits += 1;
  return hits / relevant.size;
}

export function hitAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  for (let i = 0; i < Math.min(k, ranked.length); i += 1) if (relevant.has(ranked[i]!)) return 1;
  return 0;
}

/** Reciprocal rank of the first relevant item within the list (0 when none is in it). */
export function reciprocalRank(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  for (let i = 0; i < ranked.length; i += 1) if (relevant.has(ranked[i]!)) return 1 / (i + 1);
  return 0;
}

/** Mean pairwise dissimilarity (1 − similarity) of a list. */
export function intraListDiversity(positions: readonly number[], similarity: (a: number, b: number) => number): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < positions.length; i += 1) {
    for (let j = i + 1; j < positions.length; j += 1) {
      sum += 1 - similarity(positions[i]!, positions[j]!);
      pairs += 1;
    }
  }
  return pairs > 0 ? sum / pairs : 0;
}
