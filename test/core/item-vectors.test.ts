import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simdAvailable } from '../../src/core/vectors/kernels/simd-kernels';
import { dotAll, dotAllMax, FUSED_QUERIES, float32Vectors, normalize, quantizeInt8, rowOf } from '../../src/core/vectors/item-vectors';
import { nearestRows } from '../../src/core/vectors/nearest';
import { seededRandom } from '../../src/core/random/seeded-random';
import { fromFloat16Bits, toFloat16Bits } from '../../src/core/vectors/float16';
import { syntheticEmbeddings, syntheticQuery } from '../../src/bench/synthetic-vectors';

function unitRows(count: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const rows = new Float32Array(count * dim);
  for (let r = 0; r < count; r += 1) normalize(rows.subarray(r * dim, (r + 1) * dim).map(() => random() - 0.5)).forEach((v, k) => (rows[r * dim + k] = v));
  return rows;
}

function exactDots(rows: Float32Array, dim: number, query: Float32Array): Float64Array {
  const out = new Float64Array(rows.length / dim);
  for (let r = 0; r < out.length; r += 1) for (let k = 0; k < dim; k += 1) out[r]! += rows[r * dim + k]! * query[k]!;
  return out;
}

describe('item vector scans', () => {
  it('has WebAssembly SIMD in this Node, so the fast path is what these tests exercise', () => {
    expect(simdAvailable()).toBe(true);
    expect(quantizeInt8(unitRows(3, 8, 1), 8).scan.kind).toBe('wasm-simd');
    expect(quantizeInt8(unitRows(3, 8, 1), 8, { kernels: 'js' }).scan.kind).toBe('js');
  });

  it('SIMD and JavaScript scans agree with exact float64 dots for any dimension, including ragged tails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (dim, count, seed) => {
        const rows = unitRows(count, dim, seed);
        const query = unitRows(1, dim, seed + 1);
        const exact = exactDots(rows, dim, query);
        for (const kernels of ['auto', 'js'] as const) {
          const f32 = new Float32Array(count);
          dotAll(float32Vectors(rows, dim, kernels), query, f32);
          const i8 = new Float32Array(count);
          dotAll(quantizeInt8(rows, dim, { kernels }), query, i8);
          for (let r = 0; r < count; r += 1) {
            expect(Math.abs(f32[r]! - exact[r]!)).toBeLessThan(1e-5);
            // Per-row int8 rounding: |error| ≤ Σ|q_k| · scale/2 ≤ sqrt(dim) · max|x|/254.
            expect(Math.abs(i8[r]! - exact[r]!)).toBeLessThan(Math.sqrt(dim) / 254 + 1e-3);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('several queries in one pass give, per row, the best weighted dot of the queries one at a time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: FUSED_QUERIES + 3 }),
        fc.integer(),
        (dim, count, queryCount, seed) => {
          const rows = unitRows(count, dim, seed);
          const queries = Array.from({ length: queryCount }, (_, q) => unitRows(1, dim, seed + 1 + q));
          const factors = queries.map((_, q) => 0.25 + q / (queryCount + 1));
          for (const table of [quantizeInt8(rows, dim), quantizeInt8(rows, dim, { kernels: 'js' }), float32Vectors(rows, dim), float32Vectors(rows, dim, 'js')]) {
            const fused = new Float32Array(count);
            dotAllMax(table, queries, factors, fused);
            const one = new Float32Array(count);
            const expected = new Float32Array(count).fill(-Infinity);
            queries.forEach((query, q) => {
              dotAll(table, query, one);
              for (let r = 0; r < count; r += 1) expected[r] = Math.max(expected[r]!, one[r]! * factors[q]!);
            });
            for (let r = 0; r < count; r += 1) expect(Math.abs(fused[r]! - expected[r]!), `${table.scan.kind} ${table.dtype} row ${r}`).toBeLessThan(1e-5);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the int8 SIMD scan equals the int8 JavaScript scan to within the int16 query rounding', () => {
    const dim = 384;
    const rows = unitRows(500, dim, 7);
    const query = unitRows(1, dim, 8);
    const simd = new Float32Array(500);
    const js = new Float32Array(500);
    dotAll(quantizeInt8(rows, dim), query, simd);
    dotAll(quantizeInt8(rows, dim, { kernels: 'js' }), query, js);
    for (let r = 0; r < 500; r += 1) expect(Math.abs(simd[r]! - js[r]!)).toBeLessThan(2e-4);
  });

  it('does not overflow its integer accumulator at the largest values in high dimensions', () => {
    const dim = 4096;
    const rows = new Float32Array(dim).fill(1);
    const out = new Float32Array(1);
    dotAll(quantizeInt8(rows, dim), new Float32Array(dim).fill(1), out);
    expect(out[0]).toBeCloseTo(dim, -1);
    dotAll(quantizeInt8(rows, dim), new Float32Array(dim).fill(-1), out);
    expect(out[0]).toBeCloseTo(-dim, -1);
  });

  it('filling a SIMD table through its data view is all a loader needs; rowOf reads it back', () => {
    const rows = unitRows(4, 16, 3);
    const vectors = quantizeInt8(rows, 16);
    vectors.data.fill(0);
    vectors.data[16] = 127;
    vectors.scale[1] = 0.5;
    const out = new Float32Array(4);
    const query = new Float32Array(16);
    query[0] = 1;
    dotAll(vectors, query, out);
    expect(Array.from(out)).toEqual([0, 63.5, 0, 0]);
    expect(rowOf(vectors, 1)[0]).toBe(63.5);
  });

  it('nearestRows returns the exact top k, best first, ties to the lower row', () => {
    const dim = 32;
    const rows = unitRows(300, dim, 11);
    const query = rows.slice(40 * dim, 41 * dim);
    const exact = Array.from(exactDots(rows, dim, query)).map((score, position) => ({ position, score }));
    exact.sort((a, b) => b.score - a.score || a.position - b.position);
    const top = nearestRows(float32Vectors(rows, dim), query, 10);
    expect(top.map((n) => n.position)).toEqual(exact.slice(0, 10).map((n) => n.position));
    expect(top[0]!.position).toBe(40);
    expect(nearestRows(quantizeInt8(rows, dim), query, 500)).toHaveLength(300);
  });
});

describe('float16 and refined int8 search', () => {
  it('every half converts to float32 and back to the same bits; narrowing rounds to nearest', () => {
    for (let h = 0; h < 65536; h += 1) {
      const exponent = (h >>> 10) & 0x1f;
      if (exponent === 0x1f && (h & 0x3ff) !== 0) continue; // NaN payloads
      expect(toFloat16Bits(fromFloat16Bits(h))).toBe(h);
    }
    fc.assert(
      fc.property(fc.float({ min: -60000, max: 60000, noNaN: true }), (x) => {
        const h = toFloat16Bits(x);
        const y = fromFloat16Bits(h);
        // No other half is nearer to x.
        for (const other of [h - 1, h + 1]) if ((other & 0x7c00) !== 0x7c00) expect(Math.abs(fromFloat16Bits(other) - x)).toBeGreaterThanOrEqual(Math.abs(y - x));
      }),
    );
    expect(fromFloat16Bits(toFloat16Bits(1e6))).toBe(Infinity);
    expect(fromFloat16Bits(toFloat16Bits(1e-9))).toBe(0);
  });

  it('int8 scan + float16 re-scoring finds the exact top 10 where the scan alone misses some', () => {
    const random = seededRandom(5);
    const embeddings = syntheticEmbeddings(20_000, 384, random);
    const refined = quantizeInt8(embeddings.rows, 384, { refine: true });
    const plain = quantizeInt8(embeddings.rows, 384);
    const jsRefined = quantizeInt8(embeddings.rows, 384, { kernels: 'js', refine: true });
    let refinedHits = 0;
    let plainHits = 0;
    const queries = 20;
    for (let q = 0; q < queries; q += 1) {
      const query = syntheticQuery(embeddings, random);
      const exact = Array.from(exactDots(embeddings.rows, 384, query).entries())
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([position]) => position);
      const truth = new Set(exact);
      const top = nearestRows(refined, query, 10);
      refinedHits += top.filter((n) => truth.has(n.position)).length;
      plainHits += nearestRows(plain, query, 10).filter((n) => truth.has(n.position)).length;
      expect(nearestRows(jsRefined, query, 10).map((n) => n.position)).toEqual(top.map((n) => n.position));
    }
    expect(refinedHits).toBe(queries * 10);
    expect(plainHits).toBeLessThan(queries * 10);
  });
});
