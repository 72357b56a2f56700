import { TopK } from '../rank/top-k';
import { dotAll, type ItemVectors } from './item-vectors';

export interface Neighbour {
  readonly position: number;
  readonly score: number;
}

/**
 * Exact k nearest rows to a unit query by dot product (cosine for unit rows): one scan into
 * `scratch`, then a bounded heap. Pass the same `scratch` (length ≥ count) across calls to
 * keep the hot path allocation-free.
 */
export function nearestRows(vectors: ItemVectors, query: Float32Array, k: number, scratch = new Float32Array(vectors.count)): Neighbour[] {
  const scores = scratch.length === vectors.count ? scratch : scratch.subarray(0, vectors.count);
  dotAll(vectors, query, scores);
  const heap = new TopK(Math.min(k, vectors.count));
  for (let r = 0; r < vectors.count; r += 1) heap.push(r, scores[r]!);
  return heap.drain();
}
