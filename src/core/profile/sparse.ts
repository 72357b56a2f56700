/** Small helpers for sparse feature vectors held as Map<featureKey, weight>. */

export type SparseVector = Map<string, number>;
export type FeatureVector = ReadonlyArray<readonly [string, number]>;

/** Weights this small are noise after decay; dropping them keeps the profile bounded. */
export const PRUNE_BELOW = 1e-4;

/**
 * Below this pending factor a lazily decayed vector is brought to its true weights: the stored
 * ones grow as 1 / factor between settlements, and this keeps them within 2^20 of the truth.
 */
const SETTLE_BELOW = 2 ** -20;

/**
 * Adds `scale × features` to `target`, dropping weights under `pruneBelow` (in the target's own
 * units, which differ from PRUNE_BELOW while a decay is pending). Returns how much the sum of the
 * target's squared weights changed, so a caller can keep its norm without walking it.
 */
export function addScaled(target: SparseVector, features: FeatureVector, scale: number, clampAtZero = false, pruneBelow = PRUNE_BELOW): number {
  let squares = 0;
  for (const [key, value] of features) {
    const before = target.get(key) ?? 0;
    let next = before + scale * value;
    if (clampAtZero && next < 0) next = 0;
    if (Math.abs(next) < pruneBelow) {
      target.delete(key);
      next = 0;
    } else {
      target.set(key, next);
    }
    squares += next * next - before * before;
  }
  return squares;
}

export function scaleInPlace(target: SparseVector, factor: number): void {
  for (const [key, weight] of target) {
    const next = weight * factor;
    if (Math.abs(next) < PRUNE_BELOW) target.delete(key);
    else target.set(key, next);
  }
}

export function sumOfSquares(vector: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return sum;
}

export function norm(vector: ReadonlyMap<string, number>): number {
  return Math.sqrt(sumOfSquares(vector));
}

/** Cosine between a unit feature vector and a sparse vector (0 when either is empty). */
export function cosineWith(features: FeatureVector, vector: ReadonlyMap<string, number>, vectorNorm: number = norm(vector)): number {
  if (vectorNorm === 0) return 0;
  let dot = 0;
  for (const [key, value] of features) dot += value * (vector.get(key) ?? 0);
  return dot / vectorNorm;
}

/**
 * Decay that is applied when it matters. Every event decays the whole profile, and scaling
 * every weight each time made an event cost the size of the profile (a 100,000-event history
 * took a minute to rebuild). Instead the decay accumulates in `factor`: true weight = stored ×
 * factor. Additions divide by it, reads settle it (scale the stored weights once, pruning what
 * fell below PRUNE_BELOW), and so does a factor small enough to cost precision.
 */
export class PendingDecay {
  factor = 1;

  /** Multiplies in a decay; true when the stored values should be settled now. */
  decay(factor: number): boolean {
    this.factor *= factor;
    return this.factor < SETTLE_BELOW;
  }

  /** A true weight as a stored one. */
  stored(weight: number): number {
    return weight / this.factor;
  }
}

/** A sparse vector whose weights all decay together (the negative and session vectors of a profile). */
export class DecayingVector {
  private readonly weightsStored: SparseVector;
  private readonly pending = new PendingDecay();

  constructor(entries: Iterable<readonly [string, number]> = []) {
    this.weightsStored = new Map(entries);
  }

  decay(factor: number): void {
    if (this.pending.decay(factor)) this.settle();
  }

  add(features: FeatureVector, weight: number, clampAtZero = false): void {
    addScaled(this.weightsStored, features, this.pending.stored(weight), clampAtZero, this.pending.stored(PRUNE_BELOW));
  }

  delete(key: string): void {
    this.weightsStored.delete(key);
  }

  /** The true weights (settled first). */
  get weights(): ReadonlyMap<string, number> {
    this.settle();
    return this.weightsStored;
  }

  private settle(): void {
    if (this.pending.factor === 1) return;
    scaleInPlace(this.weightsStored, this.pending.factor);
    this.pending.factor = 1;
  }
}
