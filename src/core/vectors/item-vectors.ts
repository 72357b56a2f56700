import { toFloat16Bits } from './float16';
import { quantizeRowsInto } from './quantize';
import { instantiateKernels } from './kernels/simd-kernels';

/**
 * Scores every row against a query: out[r] = row_r · query. Bound to one table's storage.
 * `kind` says which implementation serves it, for settings pages and benchmarks.
 */
export interface VectorScan {
  readonly kind: 'wasm-simd' | 'js';
  dot(query: Float32Array, out: Float32Array): void;
  /**
   * out[r] = max over q of factors[q] · (row_r · queries[q]) (at least one query): several
   * queries in one pass over the rows, where the int8 kernel reads each row once for all.
   */
  dotMax(queries: readonly Float32Array[], factors: readonly number[], out: Float32Array): void;
}

/** How many queries one fused int8 pass takes (more run in several passes). */
export const FUSED_QUERIES = 8;

/**
 * Dense item vectors (semantic embeddings), one row per catalogue position. int8 rows carry a
 * per-row scale (value ≈ int8 × scale): a quarter of float32's bytes, and the scan is bound
 * by memory bandwidth, so it is the fast path. Where WebAssembly SIMD exists the rows live in
 * a kernel's memory and `data` is a view of it, so filling `data` is all a loader does.
 */
export type ItemVectors =
  | {
      readonly dtype: 'float32';
      readonly dim: number;
      readonly count: number;
      readonly data: Float32Array;
      readonly scan: VectorScan;
    }
  | {
      readonly dtype: 'int8';
      readonly dim: number;
      readonly count: number;
      readonly data: Int8Array;
      readonly scale: Float32Array;
      readonly scan: VectorScan;
      /**
       * The same rows in float16, when kept: the int8 scan picks candidates and these re-score
       * them, so top-k is exact to half precision at int8 scan speed (twice the memory of int8
       * alone, half that of float32).
       */
      readonly refine: Uint16Array | null;
    };

export type Int8Vectors = Extract<ItemVectors, { dtype: 'int8' }>;
export type Float32Vectors = Extract<ItemVectors, { dtype: 'float32' }>;

/** 'auto' uses WebAssembly SIMD when present; 'js' forces the portable loop (benchmarks, tests). */
export type KernelChoice = 'auto' | 'js';

export interface Int8Options {
  readonly kernels?: KernelChoice;
  /** Keep float16 refine rows (see Int8Vectors.refine). */
  readonly refine?: boolean;
}

const align16 = (n: number): number => (n + 15) & ~15;

/** A zeroed int8 table of `count` rows; the caller fills `data`, `scale` and `refine` if asked for. */
export function allocateInt8Vectors(count: number, dim: number, options: Int8Options = {}): Int8Vectors {
  const kernels = options.kernels ?? 'auto';
  const refine = options.refine === true ? new Uint16Array(count * dim) : null;
  // Layout: queries (FUSED_QUERIES × int16) | query scales (f32) | out (f32) | scales (f32) | rows (int8).
  const queryScalesAt = align16(dim * 2 * FUSED_QUERIES);
  const outAt = queryScalesAt + align16(FUSED_QUERIES * 4);
  const scalesAt = outAt + align16(count * 4);
  const rowsAt = scalesAt + align16(count * 4);
  const instance = kernels === 'auto' && count > 0 ? instantiateKernels(rowsAt + count * dim) : null;
  if (instance === null) {
    const data = new Int8Array(count * dim);
    const scale = new Float32Array(count);
    return { dtype: 'int8', dim, count, data, scale, scan: jsInt8Scan(data, scale, dim, count), refine };
  }
  const buffer = instance.memory.buffer;
  const data = new Int8Array(buffer, rowsAt, count * dim);
  const scale = new Float32Array(buffer, scalesAt, count);
  const queries16 = new Int16Array(buffer, 0, dim * FUSED_QUERIES);
  const queryScales = new Float32Array(buffer, queryScalesAt, FUSED_QUERIES);
  const out = new Float32Array(buffer, outAt, count);
  // The largest query magnitude for which dim · 127 · |q| cannot overflow the i32 accumulator.
  const queryMax = Math.min(32767, Math.floor(0x7fffffff / (Math.max(1, dim) * 127)));
  /** Writes the query as int16 into slot `slot`; returns its scale. */
  const quantizeQuery = (query: Float32Array, slot: number): number => {
    let max = 0;
    for (let k = 0; k < dim; k += 1) max = Math.max(max, Math.abs(query[k]!));
    const queryScale = max > 0 ? max / queryMax : 1;
    const base = slot * dim;
    for (let k = 0; k < dim; k += 1) queries16[base + k] = Math.round(query[k]! / queryScale);
    return queryScale;
  };
  const scan: VectorScan = {
    kind: 'wasm-simd',
    dot(query, target) {
      const queryScale = quantizeQuery(query, 0);
      instance.exports.dotInt8(rowsAt, count, dim, 0, scalesAt, outAt, queryScale);
      target.set(out);
    },
    dotMax(queries, factors, target) {
      for (let first = 0; first < queries.length; first += FUSED_QUERIES) {
        const batch = Math.min(FUSED_QUERIES, queries.length - first);
        for (let q = 0; q < batch; q += 1) queryScales[q] = quantizeQuery(queries[first + q]!, q) * factors[first + q]!;
        instance.exports.dotInt8Max(rowsAt, count, dim, 0, batch, scalesAt, outAt, queryScalesAt);
        if (first === 0) target.set(out);
        else for (let r = 0; r < count; r += 1) if (out[r]! > target[r]!) target[r] = out[r]!;
      }
    },
  };
  return { dtype: 'int8', dim, count, data, scale, scan, refine };
}

/** A zeroed float32 table of `count` rows; the caller fills `data`. */
export function allocateFloat32Vectors(count: number, dim: number, kernels: KernelChoice = 'auto'): Float32Vectors {
  // Layout: query (f32) | out (f32) | rows (f32).
  const outAt = align16(dim * 4);
  const rowsAt = outAt + align16(count * 4);
  const instance = kernels === 'auto' && count > 0 ? instantiateKernels(rowsAt + count * dim * 4) : null;
  if (instance === null) {
    const data = new Float32Array(count * dim);
    return { dtype: 'float32', dim, count, data, scan: jsFloat32Scan(data, dim, count) };
  }
  const buffer = instance.memory.buffer;
  const data = new Float32Array(buffer, rowsAt, count * dim);
  const query32 = new Float32Array(buffer, 0, dim);
  const out = new Float32Array(buffer, outAt, count);
  const scan: VectorScan = {
    kind: 'wasm-simd',
    dot(query, target) {
      query32.set(query.subarray(0, dim));
      instance.exports.dotF32(rowsAt, count, dim, 0, outAt);
      target.set(out);
    },
    dotMax(queries, factors, target) {
      maxOfScans(this, queries, factors, target);
    },
  };
  return { dtype: 'float32', dim, count, data, scan };
}

/** float32 rows (row-major) copied into a scannable table. */
export function float32Vectors(rows: Float32Array, dim: number, kernels: KernelChoice = 'auto'): Float32Vectors {
  const vectors = allocateFloat32Vectors(rows.length / dim, dim, kernels);
  vectors.data.set(rows);
  return vectors;
}

/** Symmetric per-row int8 quantisation: scale = max |x| / 127. */
export function quantizeInt8(rows: Float32Array, dim: number, options: Int8Options = {}): Int8Vectors {
  const count = rows.length / dim;
  const vectors = allocateInt8Vectors(count, dim, options);
  const { data, scale, refine } = vectors;
  if (refine !== null) for (let i = 0; i < rows.length; i += 1) refine[i] = toFloat16Bits(rows[i]!);
  quantizeRowsInto(rows, dim, data, scale);
  return vectors;
}

/** out[i] = row_i · query for every row (query unit-length, so this is cosine for unit rows). */
export function dotAll(vectors: ItemVectors, query: Float32Array, out: Float32Array): void {
  vectors.scan.dot(query, out);
}

/** out[i] = max over q of factors[q] · (row_i · queries[q]), in one pass over the rows where the kernel allows. */
export function dotAllMax(vectors: ItemVectors, queries: readonly Float32Array[], factors: readonly number[], out: Float32Array): void {
  if (queries.length === 1) {
    vectors.scan.dot(queries[0]!, out);
    const factor = factors[0]!;
    for (let r = 0; r < out.length; r += 1) out[r]! *= factor;
  } else if (queries.length > 1) vectors.scan.dotMax(queries, factors, out);
}

/** dotMax as one scan per query (float32 tables, and the portable loops). */
function maxOfScans(scan: Pick<VectorScan, 'dot'>, queries: readonly Float32Array[], factors: readonly number[], target: Float32Array): void {
  const one = new Float32Array(target.length);
  queries.forEach((query, q) => {
    scan.dot(query, one);
    const factor = factors[q]!;
    if (q === 0) for (let r = 0; r < one.length; r += 1) target[r] = one[r]! * factor;
    else
      for (let r = 0; r < one.length; r += 1) {
        const v = one[r]! * factor;
        if (v > target[r]!) target[r] = v;
      }
  });
}

// Four independent accumulators let V8 overlap the multiply-adds (about twice the speed of one).
function jsFloat32Scan(data: Float32Array, dim: number, count: number): VectorScan {
  return {
    kind: 'js',
    dot(query, out) {
      for (let r = 0, base = 0; r < count; r += 1, base += dim) out[r] = dotRow(data, base, query, dim);
    },
    dotMax(queries, factors, out) {
      maxOfScans(this, queries, factors, out);
    },
  };
}

function jsInt8Scan(data: Int8Array, scale: Float32Array, dim: number, count: number): VectorScan {
  return {
    kind: 'js',
    dot(query, out) {
      for (let r = 0, base = 0; r < count; r += 1, base += dim) out[r] = dotRow(data, base, query, dim) * scale[r]!;
    },
    dotMax(queries, factors, out) {
      maxOfScans(this, queries, factors, out);
    },
  };
}

/** x[xBase ..] · y[yBase ..] over `dim` values, in four accumulators. */
function dotSpans(x: Float32Array | Int8Array, xBase: number, y: Float32Array | Int8Array, yBase: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < dim; k += 4) {
    s0 += x[xBase + k]! * y[yBase + k]!;
    s1 += x[xBase + k + 1]! * y[yBase + k + 1]!;
    s2 += x[xBase + k + 2]! * y[yBase + k + 2]!;
    s3 += x[xBase + k + 3]! * y[yBase + k + 3]!;
  }
  for (; k < dim; k += 1) s0 += x[xBase + k]! * y[yBase + k]!;
  return s0 + s1 + (s2 + s3);
}

function dotRow(data: Float32Array | Int8Array, base: number, query: Float32Array, dim: number): number {
  return dotSpans(data, base, query, 0, dim);
}

/** row_position · query, by the portable loop (scoring a few rows, not scanning all). */
export function dotAt(vectors: ItemVectors, position: number, query: Float32Array): number {
  const dot = dotRow(vectors.data, position * vectors.dim, query, vectors.dim);
  return vectors.dtype === 'float32' ? dot : dot * vectors.scale[position]!;
}

/** row_a · row_b (explanations compare an item with a few dozen others). */
export function dotRows(vectors: ItemVectors, a: number, b: number): number {
  const dot = dotSpans(vectors.data, a * vectors.dim, vectors.data, b * vectors.dim, vectors.dim);
  return vectors.dtype === 'float32' ? dot : dot * vectors.scale[a]! * vectors.scale[b]!;
}

/** One row as float32 (a copy). */
export function rowOf(vectors: ItemVectors, position: number): Float32Array {
  const { dim } = vectors;
  const row = new Float32Array(dim);
  const base = position * dim;
  if (vectors.dtype === 'float32') row.set(vectors.data.subarray(base, base + dim));
  else for (let k = 0; k < dim; k += 1) row[k] = vectors.data[base + k]! * vectors.scale[position]!;
  return row;
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let k = 0; k < vector.length; k += 1) norm += vector[k]! * vector[k]!;
  if (norm > 0) {
    const s = 1 / Math.sqrt(norm);
    for (let k = 0; k < vector.length; k += 1) vector[k]! *= s;
  }
  return vector;
}
