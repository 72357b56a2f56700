/**
 * Dense item vectors (semantic embeddings), one row per catalogue position. int8 rows carry a
 * per-row scale (value ≈ int8 × scale): a quarter of float32's bytes, and the scan is bound
 * by memory bandwidth, so it is the fast path.
 */
export type ItemVectors =
  | { readonly dtype: 'float32'; readonly dim: number; readonly count: number; readonly data: Float32Array }
  | { readonly dtype: 'int8'; readonly dim: number; readonly count: number; readonly data: Int8Array; readonly scale: Float32Array };

/** Symmetric per-row int8 quantisation: scale = max |x| / 127. */
export function quantizeInt8(rows: Float32Array, dim: number): ItemVectors {
  const count = rows.length / dim;
  const data = new Int8Array(rows.length);
  const scale = new Float32Array(count);
  for (let r = 0; r < count; r += 1) {
    let max = 0;
    const base = r * dim;
    for (let k = 0; k < dim; k += 1) max = Math.max(max, Math.abs(rows[base + k]!));
    const s = max > 0 ? max / 127 : 1;
    scale[r] = s;
    for (let k = 0; k < dim; k += 1) data[base + k] = Math.round(rows[base + k]! / s);
  }
  return { dtype: 'int8', dim, count, data, scale };
}

/** out[i] = row_i · query for every row (query unit-length, so this is cosine for unit rows). */
export function dotAll(vectors: ItemVectors, query: Float32Array, out: Float32Array): void {
  const { dim, count } = vectors;
  if (vectors.dtype === 'float32') {
    const data = vectors.data;
    for (let r = 0; r < count; r += 1) {
      let sum = 0;
      const base = r * dim;
      for (let k = 0; k < dim; k += 1) sum += data[base + k]! * query[k]!;
      out[r] = sum;
    }
    return;
  }
  const { data, scale } = vectors;
  for (let r = 0; r < count; r += 1) {
    let sum = 0;
    const base = r * dim;
    for (let k = 0; k < dim; k += 1) sum += data[base + k]! * query[k]!;
    out[r] = sum * scale[r]!;
  }
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
