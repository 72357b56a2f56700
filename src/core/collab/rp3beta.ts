import { TopK } from '../rank/top-k';
import type { UserItemMatrix } from './user-item-matrix';

/**
 * RP3beta (Paudel, Christoffel, Newell and Bernstein, "Updatable, accurate, diverse, and scalable
 * recommendations for interactive applications", 2017), one of the strongest classic item-item
 * models in Dacrema et al.'s reproducibility study: a three-step random walk item → user → item
 * with the transition probabilities raised to `alpha`, the landing item's popularity divided out
 * to the power `beta`, and each row cut to its `neighbors` heaviest entries:
 *   W[i][j] = deg(i)^-alpha · Σ_{u ∈ U(i) ∩ U(j)} deg(u)^-alpha / deg(j)^beta.
 * A user's score for j is the sum of W[i][j] over the items i in their history.
 */
export interface Rp3betaOptions {
  readonly alpha: number;
  readonly beta: number;
  readonly neighbors: number;
}

/** Sparse item-item weights, row by row. */
export interface ItemItemWeights {
  readonly itemCount: number;
  readonly start: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float32Array;
}

export function rp3betaWeights(matrix: UserItemMatrix, options: Rp3betaOptions): ItemItemWeights {
  const { itemCount, userStart, userItems, itemStart, itemUsers } = matrix;
  const userStep = new Float64Array(matrix.userCount);
  for (let u = 0; u < matrix.userCount; u += 1) userStep[u] = Math.pow(userStart[u + 1]! - userStart[u]!, -options.alpha);
  const landing = new Float64Array(itemCount);
  for (let j = 0; j < itemCount; j += 1) {
    const degree = itemStart[j + 1]! - itemStart[j]!;
    landing[j] = degree === 0 ? 0 : Math.pow(degree, -options.beta);
  }
  const rows: Array<{ targets: number[]; weights: number[] }> = [];
  const sums = new Float64Array(itemCount);
  const touched = new Int32Array(itemCount);
  const heap = new TopK(options.neighbors);
  for (let i = 0; i < itemCount; i += 1) {
    const degree = itemStart[i + 1]! - itemStart[i]!;
    let count = 0;
    for (let k = itemStart[i]!; k < itemStart[i + 1]!; k += 1) {
      const u = itemUsers[k]!;
      const step = userStep[u]!;
      for (let m = userStart[u]!; m < userStart[u + 1]!; m += 1) {
        const j = userItems[m]!;
        if (j === i) continue;
        if (sums[j] === 0) touched[count++] = j;
        sums[j]! += step;
      }
    }
    const out = degree === 0 ? 0 : Math.pow(degree, -options.alpha);
    for (let t = 0; t < count; t += 1) {
      const j = touched[t]!;
      heap.push(j, out * sums[j]! * landing[j]!);
      sums[j] = 0;
    }
    const top = heap.drain();
    rows.push({ targets: top.map((e) => e.position), weights: top.map((e) => e.score) });
  }
  return packRows(itemCount, rows);
}

export function packRows(itemCount: number, rows: ReadonlyArray<{ readonly targets: readonly number[]; readonly weights: readonly number[] }>): ItemItemWeights {
  const start = new Int32Array(itemCount + 1);
  rows.forEach((row, i) => (start[i + 1] = start[i]! + row.targets.length));
  const targets = new Int32Array(start[itemCount]!);
  const weights = new Float32Array(start[itemCount]!);
  rows.forEach((row, i) => {
    targets.set(row.targets, start[i]!);
    weights.set(row.weights, start[i]!);
  });
  return { itemCount, start, targets, weights };
}

/** A user's scores: the sum of the rows of the items in their history (into `scores`, zeroed first). */
export function scoreWithWeights(model: ItemItemWeights, history: ArrayLike<number>, scores: Float32Array): Float32Array {
  scores.fill(0);
  for (let h = 0; h < history.length; h += 1) {
    const i = history[h]!;
    for (let k = model.start[i]!; k < model.start[i + 1]!; k += 1) scores[model.targets[k]!]! += model.weights[k]!;
  }
  return scores;
}
