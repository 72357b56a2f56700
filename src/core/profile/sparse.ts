/** Small helpers for sparse feature vectors held as Map<featureKey, weight>. */

export type SparseVector = Map<string, number>;
export type FeatureVector = ReadonlyArray<readonly [string, number]>;

/** Weights this small are noise after decay; dropping them keeps the profile bounded. */
export const PRUNE_BELOW = 1e-4;

export function addScaled(target: SparseVector, features: FeatureVector, scale: number, clampAtZero = false): void {
  for (const [key, value] of features) {
    let next = (target.get(key) ?? 0) + scale * value;
    if (clampAtZero && next < 0) next = 0;
    if (Math.abs(next) < PRUNE_BELOW) target.delete(key);
    else target.set(key, next);
  }
}

export function scaleInPlace(target: SparseVector, factor: number): void {
  for (const [key, weight] of target) {
    const next = weight * factor;
    if (Math.abs(next) < PRUNE_BELOW) target.delete(key);
    else target.set(key, next);
  }
}

export function norm(vector: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}

/** Cosine between a unit feature vector and a sparse vector (0 when either is empty). */
export function cosineWith(features: FeatureVector, vector: ReadonlyMap<string, number>, vectorNorm: number = norm(vector)): number {
  if (vectorNorm === 0) return 0;
  let dot = 0;
  for (const [key, value] of features) dot += value * (vector.get(key) ?? 0);
  return dot / vectorNorm;
}
