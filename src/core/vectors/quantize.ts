/**
 * Unit float rows to int8 with one scale per row (value ≈ int8 × scale): the storage and scan
 * form of item vectors. Kept apart from the scanning kernels so the page can quantize without
 * loading them.
 */
export function quantizeRowsInto(rows: Float32Array, dim: number, data: Int8Array, scale: Float32Array): void {
  const count = rows.length / dim;
  for (let r = 0; r < count; r += 1) {
    let max = 0;
    const base = r * dim;
    for (let k = 0; k < dim; k += 1) max = Math.max(max, Math.abs(rows[base + k]!));
    const s = max > 0 ? max / 127 : 1;
    scale[r] = s;
    for (let k = 0; k < dim; k += 1) data[base + k] = Math.round(rows[base + k]! / s);
  }
}
