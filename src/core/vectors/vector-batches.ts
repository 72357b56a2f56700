import type { VectorsSnapshot } from '../index/index-snapshot';
import { quantizeRowsInto } from './quantize';

/** A run of consecutive catalogue rows, int8 with a scale per row. */
export interface VectorBatch {
  readonly start: number;
  readonly count: number;
  readonly dim: number;
  readonly data: Int8Array;
  readonly scale: Float32Array;
}

/** Unit float rows to the stored int8 form (a quarter of the bytes; cosine error ~1e-3). */
export function quantizeBatch(start: number, rows: Float32Array, dim: number): VectorBatch {
  const count = rows.length / dim;
  const data = new Int8Array(rows.length);
  const scale = new Float32Array(count);
  quantizeRowsInto(rows, dim, data, scale);
  return { start, count, dim, data, scale };
}

/** The start rows of the batches still to embed, `batchSize` rows each, given those stored. */
export function missingBatchStarts(stored: readonly VectorBatch[], itemCount: number, batchSize: number): number[] {
  const have = new Set(stored.filter((b) => b.count === Math.min(batchSize, itemCount - b.start)).map((b) => b.start));
  const starts: number[] = [];
  for (let start = 0; start < itemCount; start += batchSize) if (!have.has(start)) starts.push(start);
  return starts;
}

/** All rows as one table, once every row is covered by exactly the batches given; else null. */
export function assembleBatches(batches: readonly VectorBatch[], itemCount: number, dim: number): VectorsSnapshot | null {
  const data = new Int8Array(itemCount * dim);
  const scale = new Float32Array(itemCount);
  const covered = new Uint8Array(itemCount);
  for (const batch of batches) {
    if (batch.dim !== dim || batch.start < 0 || batch.start + batch.count > itemCount) return null;
    data.set(batch.data, batch.start * dim);
    scale.set(batch.scale, batch.start);
    covered.fill(1, batch.start, batch.start + batch.count);
  }
  if (covered.includes(0)) return null;
  return { dtype: 'int8', dim, count: itemCount, data, scale, refine: null };
}
