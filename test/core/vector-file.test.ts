import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowOf } from '../../src/core/vectors/item-vectors';
import { decodeVectorFile, encodeVectorFile } from '../../src/core/vectors/vector-file';

function unitRows(count: number, dim: number, seed: number): Float32Array {
  const rows = new Float32Array(count * dim);
  let s = seed;
  for (let i = 0; i < rows.length; i += 1) {
    s = (s * 1103515245 + 12345) >>> 0;
    rows[i] = s / 2 ** 32 - 0.5;
  }
  for (let r = 0; r < count; r += 1) {
    const row = rows.subarray(r * dim, (r + 1) * dim);
    const n = Math.hypot(...row);
    row.forEach((x, k) => (row[k] = x / n));
  }
  return rows;
}

const META = { model: 'sift-tiny-embed', dim: 16, contentHash: 'abc123' } as const;

describe('vector file format', () => {
  it('round-trips int8 (per-row scale) and float16 within their precision, with the header intact', () => {
    const rows = unitRows(50, 16, 1);
    for (const dtype of ['int8', 'float16'] as const) {
      const decoded = decodeVectorFile(encodeVectorFile(rows, { ...META, dtype }), { model: 'sift-tiny-embed', dim: 16, count: 50, contentHash: 'abc123' }, 'js');
      expect(decoded.kind).toBe('ok');
      if (decoded.kind !== 'ok') return;
      expect(decoded.header).toEqual({ format: 'sift-vectors', version: 1, ...META, dtype, count: 50 });
      const tolerance = dtype === 'int8' ? 1 / 127 : 1e-3;
      for (let r = 0; r < 50; r += 1) rowOf(decoded.vectors, r).forEach((x, k) => expect(Math.abs(x - rows[r * 16 + k]!)).toBeLessThanOrEqual(tolerance));
    }
  });

  it('refuses vectors of another model, dimension, size or catalogue version, and damaged files', () => {
    const file = encodeVectorFile(unitRows(4, 16, 2), { ...META, dtype: 'int8' });
    expect(decodeVectorFile(file, { model: 'other-model' })).toEqual({ kind: 'invalid', problem: { kind: 'mismatch', field: 'model', expected: 'other-model', found: 'sift-tiny-embed' } });
    expect(decodeVectorFile(file, { contentHash: 'newer' })).toMatchObject({ kind: 'invalid', problem: { kind: 'mismatch', field: 'contentHash' } });
    expect(decodeVectorFile(file, { count: 5 })).toMatchObject({ kind: 'invalid', problem: { field: 'count' } });
    expect(decodeVectorFile(file.subarray(0, file.length - 1))).toMatchObject({ kind: 'invalid', problem: { kind: 'truncated' } });
    expect(decodeVectorFile(new TextEncoder().encode('{"format":"sift-catalog"}'))).toEqual({ kind: 'invalid', problem: { kind: 'not-a-vector-file' } });
  });

  it('property: any bytes decode to a table or a reason, never an exception', () => {
    const valid = encodeVectorFile(unitRows(3, 16, 3), { ...META, dtype: 'float16' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(valid.length), fc.uint8Array({ minLength: 1, maxLength: 8 }), (random, at, patch) => {
        const damaged = valid.slice();
        damaged.set(patch.subarray(0, Math.max(0, damaged.length - at)), at);
        for (const bytes of [random, damaged]) {
          const result = decodeVectorFile(bytes, {}, 'js');
          expect(['ok', 'invalid']).toContain(result.kind);
        }
      }),
      { numRuns: 400 },
    );
  });
});
