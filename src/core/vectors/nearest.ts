import { TopK } from '../rank/top-k';
import { float16Table } from './float16';
import { dotAll, type ItemVectors } from './item-vectors';

export interface Neighbour {
  readonly position: number;
  readonly score: number;
}

/**
 * int8 rounding moves a score by about 4e-4 (384 dims); a true top-k row then ranks at worst a
 * few places lower in the scan, so re-scoring this many candidates recovers the exact top k.
 */
export const refineCandidates = (k: number): number => Math.max(4 * k, k + 32);

/**
 * The k nearest rows to a unit query by dot product (cosine for unit rows): one scan into
 * `scratch`, then a bounded heap; int8 tables with float16 refine rows re-score the best
 * candidates in half precision. Pass the same `scratch` (length ≥ count) across calls to keep
 * the hot path allocation-free.
 */
export function nearestRows(vectors: ItemVectors, query: Float32Array, k: number, scratch = new Float32Array(vectors.count)): Neighbour[] {
  const scores = scratch.length === vectors.count ? scratch : scratch.subarray(0, vectors.count);
  dotAll(vectors, query, scores);
  const refine = vectors.dtype === 'int8' ? vectors.refine : null;
  const heap = new TopK(Math.min(refine === null ? k : refineCandidates(k), vectors.count));
  for (let r = 0; r < vectors.count; r += 1) heap.push(r, scores[r]!);
  const candidates = heap.drain();
  if (refine === null) return candidates;

  const half = float16Table();
  const dim = vectors.dim;
  const exact = new TopK(Math.min(k, vectors.count));
  for (const { position } of candidates) {
    let dot = 0;
    for (let d = 0, base = position * dim; d < dim; d += 1) dot += half[refine[base + d]!]! * query[d]!;
    exact.push(position, dot);
  }
  return exact.drain();
}
