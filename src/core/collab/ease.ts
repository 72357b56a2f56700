import type { UserItemMatrix } from './user-item-matrix';

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): the item-item
 * weights B that best rebuild X from X·B with an L2 penalty `lambda` and a zero diagonal, in
 * closed form: P = (XᵀX + λI)⁻¹, B[i][j] = −P[i][j] / P[j][j]. The inverse is dense, n² floats
 * and n³ work for n items, so the model covers only the items at least `minUsers` users engaged
 * with (the evaluation says how many); the rest score 0.
 */
export interface EaseOptions {
  readonly lambda: number;
  readonly minUsers: number;
}

export interface EaseModel {
  /** Catalogue position of each modelled item. */
  readonly items: Int32Array;
  /** Its row in B, or −1 for an item left out. */
  readonly rowOf: Int32Array;
  /** B, items.length², row-major. */
  readonly weights: Float64Array;
}

export function easeModel(matrix: UserItemMatrix, options: EaseOptions): EaseModel {
  const kept: number[] = [];
  for (let i = 0; i < matrix.itemCount; i += 1) if (matrix.itemStart[i + 1]! - matrix.itemStart[i]! >= options.minUsers) kept.push(i);
  const n = kept.length;
  const rowOf = new Int32Array(matrix.itemCount).fill(-1);
  kept.forEach((item, row) => (rowOf[item] = row));
  // The Gram matrix XᵀX over the kept items.
  const gram = new Float64Array(n * n);
  const rows = new Int32Array(matrix.itemCount);
  for (let u = 0; u < matrix.userCount; u += 1) {
    let size = 0;
    for (let k = matrix.userStart[u]!; k < matrix.userStart[u + 1]!; k += 1) {
      const row = rowOf[matrix.userItems[k]!]!;
      if (row >= 0) rows[size++] = row;
    }
    for (let a = 0; a < size; a += 1) {
      const base = rows[a]! * n;
      for (let b = 0; b < size; b += 1) gram[base + rows[b]!]! += 1;
    }
  }
  for (let i = 0; i < n; i += 1) gram[i * n + i]! += options.lambda;
  invertSymmetricPositiveDefinite(gram, n);
  const weights = gram;
  const diagonal = new Float64Array(n);
  for (let j = 0; j < n; j += 1) diagonal[j] = weights[j * n + j]!;
  for (let i = 0; i < n; i += 1) {
    const base = i * n;
    for (let j = 0; j < n; j += 1) weights[base + j] = i === j ? 0 : -weights[base + j]! / diagonal[j]!;
  }
  return { items: Int32Array.from(kept), rowOf, weights };
}

/** A user's scores over catalogue positions (into `scores`, zeroed first). */
export function easeScores(model: EaseModel, history: ArrayLike<number>, scores: Float32Array): Float32Array {
  scores.fill(0);
  const n = model.items.length;
  for (let h = 0; h < history.length; h += 1) {
    const row = model.rowOf[history[h]!]!;
    if (row < 0) continue;
    const base = row * n;
    for (let j = 0; j < n; j += 1) scores[model.items[j]!]! += model.weights[base + j]!;
  }
  return scores;
}

/** Gauss-Jordan elimination in place; no pivoting is needed for a symmetric positive-definite matrix. */
export function invertSymmetricPositiveDefinite(a: Float64Array, n: number): void {
  for (let k = 0; k < n; k += 1) {
    const rowK = k * n;
    const pivot = a[rowK + k]!;
    a[rowK + k] = 1;
    for (let j = 0; j < n; j += 1) a[rowK + j]! /= pivot;
    for (let i = 0; i < n; i += 1) {
      if (i === k) continue;
      const rowI = i * n;
      const factor = a[rowI + k]!;
      if (factor === 0) continue;
      a[rowI + k] = 0;
      for (let j = 0; j < n; j += 1) a[rowI + j]! -= factor * a[rowK + j]!;
    }
  }
}
