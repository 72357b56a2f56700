import type { LexicalIndex } from './lexical-index';

/** A sparse feature vector (feature key → weight) as a dense unit array over the index's features. */
export function denseUnit(lexical: LexicalIndex, sparse: Iterable<readonly [string, number]>, into = new Float32Array(lexical.featureKeys.length)): Float32Array {
  into.fill(0);
  let sq = 0;
  for (const [key, w] of sparse) {
    const f = lexical.featureIdByKey.get(key);
    if (f === undefined) continue;
    into[f] = w;
    sq += w * w;
  }
  if (sq > 0) {
    const s = 1 / Math.sqrt(sq);
    for (let f = 0; f < into.length; f += 1) into[f]! *= s;
  }
  return into;
}

/**
 * BM25 match of every item against a dense query (`denseUnit`): out[i] = Σ query[f] · bm25(i, f),
 * one pass over the CSR rows. Returns the largest score, for scaling.
 */
export function bm25Scores(lexical: LexicalIndex, query: Float32Array, out: Float32Array): number {
  const { rowStart, featureIds, bm25, itemCount } = lexical;
  let max = 0;
  for (let i = 0; i < itemCount; i += 1) {
    let s = 0;
    for (let j = rowStart[i]!; j < rowStart[i + 1]!; j += 1) s += query[featureIds[j]!]! * bm25[j]!;
    out[i] = s;
    if (s > max) max = s;
  }
  return max;
}

/** The same with L2 TF-IDF weights: cosine between the query and each item's features. */
export function cosineScores(lexical: LexicalIndex, query: Float32Array, out: Float32Array): void {
  const { rowStart, featureIds, weights, itemCount } = lexical;
  for (let i = 0; i < itemCount; i += 1) {
    let s = 0;
    for (let j = rowStart[i]!; j < rowStart[i + 1]!; j += 1) s += query[featureIds[j]!]! * weights[j]!;
    out[i] = s;
  }
}
