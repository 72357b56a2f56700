import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleBatches, missingBatchStarts, quantizeBatch } from '../../src/core/vectors/vector-batches';
import { SiftDatabase } from '../../src/storage/db';
import { deleteVectorBatches, loadVectorBatches, saveVectorBatch } from '../../src/storage/vector-repository';

/** Vectors embedded in the browser, batch by batch: stored, resumed, assembled, never stale. */
describe('vector batches', () => {
  let db: SiftDatabase | undefined;
  afterEach(async () => {
    db?.close();
    if (db !== undefined) await db.delete();
  });

  const unitRows = (count: number, dim: number, seed: number): Float32Array => {
    const rows = new Float32Array(count * dim);
    for (let r = 0; r < count; r += 1) {
      let norm = 0;
      for (let k = 0; k < dim; k += 1) norm += (rows[r * dim + k] = Math.sin(seed + r * 7.1 + k * 1.3)) ** 2;
      for (let k = 0; k < dim; k += 1) rows[r * dim + k]! /= Math.sqrt(norm);
    }
    return rows;
  };

  it('resumes after the stored batches and assembles rows equal to the floats (to int8 precision)', async () => {
    db = new SiftDatabase(`vectors-${Math.random()}`);
    const rows = unitRows(70, 8, 1);
    const batch = (start: number, count: number) => ({ ...quantizeBatch(start, rows.slice(start * 8, (start + count) * 8), 8), catalogueId: 'c', model: 'm', textHash: 'h1' });
    await saveVectorBatch(db, batch(0, 32));
    await saveVectorBatch(db, batch(64, 6));
    let stored = await loadVectorBatches(db, 'c', 'm', 'h1');
    expect(missingBatchStarts(stored, 70, 32)).toEqual([32]);
    expect(assembleBatches(stored, 70, 8)).toBeNull();
    await saveVectorBatch(db, batch(32, 32));
    stored = await loadVectorBatches(db, 'c', 'm', 'h1');
    expect(missingBatchStarts(stored, 70, 32)).toEqual([]);
    const table = assembleBatches(stored, 70, 8);
    expect(table?.count).toBe(70);
    for (let r = 0; r < 70; r += 1) for (let k = 0; k < 8; k += 1) expect(table!.data[r * 8 + k]! * (table as { scale: Float32Array }).scale[r]!).toBeCloseTo(rows[r * 8 + k]!, 2);
    // Another model's batches are apart; a changed catalogue (new fingerprint) drops the old ones.
    expect(await loadVectorBatches(db, 'c', 'other', 'h1')).toEqual([]);
    expect(await loadVectorBatches(db, 'c', 'm', 'h2')).toEqual([]);
    expect(await db.vectorBatches.count()).toBe(0);
    await saveVectorBatch(db, batch(0, 32));
    expect(await deleteVectorBatches(db, 'c')).toBe(1);
  });

  it('missing starts cover exactly the rows no full batch covers (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 64 }), fc.array(fc.nat(20), { maxLength: 20 }), (count, size, picks) => {
        const stored = [...new Set(picks)].map((i) => i * size).filter((s) => s < count).map((start) => ({ start, count: Math.min(size, count - start), dim: 1, data: new Int8Array(Math.min(size, count - start)), scale: new Float32Array(Math.min(size, count - start)) }));
        const missing = missingBatchStarts(stored, count, size);
        const covered = new Set([...stored.map((b) => b.start), ...missing]);
        expect(covered.size).toBe(Math.ceil(count / size));
        expect(assembleBatches([...stored, ...missing.map((start) => ({ start, count: Math.min(size, count - start), dim: 1, data: new Int8Array(Math.min(size, count - start)), scale: new Float32Array(Math.min(size, count - start)) }))], count, 1)?.count ?? count).toBe(count);
      }),
    );
  });
});
