import { addScaled, cosineWith, PendingDecay, PRUNE_BELOW, scaleInPlace, sumOfSquares, type FeatureVector, type SparseVector } from './sparse';

/**
 * Several interests, not their average: positive engagement is clustered online into at most
 * `maxCentroids` centroids (spherical k-means, one item at a time). An item joins the most
 * similar centroid if it is similar enough, otherwise it founds a new one while there is room;
 * when full, it joins the nearest. A user who likes space opera and Italian cooking gets two
 * centroids, and an item is scored by the one it matches best.
 */
export interface Centroid {
  readonly features: SparseVector;
  /** Dense semantic vector (sum of unit item vectors), when the catalogue has embeddings. */
  vector: Float32Array | null;
  /** Decayed sum of the weights that went in. */
  mass: number;
}

export interface CentroidOptions {
  readonly maxCentroids: number;
  /** Minimum cosine for an item to join an existing centroid while new ones can still be made. */
  readonly joinSimilarity: number;
}

export const DEFAULT_CENTROID_OPTIONS: CentroidOptions = { maxCentroids: 4, joinSimilarity: 0.2 };

export interface CentroidInput {
  readonly features: FeatureVector;
  readonly vector: Float32Array | null;
}

const MIN_MASS = 1e-3;

export class InterestCentroids {
  private readonly list: Centroid[];
  /** Decay not yet applied to the stored weights, masses and vectors (see sparse.ts). */
  private readonly pending = new PendingDecay();
  /** Each centroid's sum of squared stored weights, kept up to date, so finding the nearest does not walk every feature. */
  private readonly squares = new Map<Centroid, number>();

  constructor(
    centroids: Centroid[] = [],
    private readonly options: CentroidOptions = DEFAULT_CENTROID_OPTIONS,
  ) {
    this.list = centroids;
    for (const centroid of centroids) this.squares.set(centroid, sumOfSquares(centroid.features));
  }

  /** The interests at their true, decayed weights. */
  get centroids(): readonly Centroid[] {
    this.settle();
    return this.list;
  }

  /** Adds (weight > 0) or removes (weight < 0) an item's contribution. */
  add(input: CentroidInput, weight: number): void {
    if (weight === 0 || (input.features.length === 0 && input.vector === null)) return;
    const best = this.nearest(input);
    if (weight < 0) {
      if (best === undefined) return;
      this.addTo(best.centroid, input, weight);
      if (best.centroid.mass * this.pending.factor < MIN_MASS || best.centroid.features.size === 0) this.remove(best.centroid);
      return;
    }
    const room = this.list.length < this.options.maxCentroids;
    if (best !== undefined && (best.similarity >= this.options.joinSimilarity || !room)) {
      this.addTo(best.centroid, input, weight);
      return;
    }
    const centroid: Centroid = { features: new Map(), vector: null, mass: 0 };
    this.squares.set(centroid, 0);
    this.addTo(centroid, input, weight);
    this.list.push(centroid);
  }

  /** Scales one feature in every interest; an interest left with nothing is dropped. */
  reweigh(key: string, factor: number): void {
    for (const centroid of this.list) {
      const weight = centroid.features.get(key);
      if (weight === undefined) continue;
      const next = factor === 0 ? 0 : weight * factor;
      if (factor === 0) centroid.features.delete(key);
      else centroid.features.set(key, next);
      this.squares.set(centroid, Math.max(0, this.squaresOf(centroid) + next * next - weight * weight));
    }
    this.dropEmpty();
  }

  /** Removes the interest in which these features weigh most (relative to its size). */
  removeBestMatching(keys: readonly string[]): void {
    let best: Centroid | undefined;
    let bestShare = 0;
    for (const centroid of this.list) {
      const n = Math.sqrt(this.squaresOf(centroid));
      if (n === 0) continue;
      let sum = 0;
      for (const key of keys) sum += centroid.features.get(key) ?? 0;
      if (sum / n > bestShare) {
        bestShare = sum / n;
        best = centroid;
      }
    }
    if (best !== undefined) this.remove(best);
  }

  /** Forgets every centroid's semantic vector (they belonged to another embedding model). */
  dropVectors(): void {
    for (const centroid of this.list) centroid.vector = null;
    this.dropEmpty();
  }

  private dropEmpty(): void {
    for (let i = this.list.length - 1; i >= 0; i -= 1) {
      const centroid = this.list[i]!;
      if (centroid.features.size === 0 && centroid.vector === null) this.remove(centroid);
    }
  }

  decay(factor: number): void {
    const settleNow = this.pending.decay(factor);
    for (let i = this.list.length - 1; i >= 0; i -= 1) if (this.list[i]!.mass * this.pending.factor < MIN_MASS) this.remove(this.list[i]!);
    if (settleNow) this.settle();
  }

  /** Scales the stored weights to their true values (pruning what fell below PRUNE_BELOW). */
  private settle(): void {
    const factor = this.pending.factor;
    if (factor === 1) return;
    for (const centroid of this.list) {
      scaleInPlace(centroid.features, factor);
      centroid.mass *= factor;
      if (centroid.vector !== null) for (let k = 0; k < centroid.vector.length; k += 1) centroid.vector[k]! *= factor;
      this.squares.set(centroid, sumOfSquares(centroid.features));
    }
    this.pending.factor = 1;
  }

  private remove(centroid: Centroid): void {
    this.list.splice(this.list.indexOf(centroid), 1);
    this.squares.delete(centroid);
  }

  private squaresOf(centroid: Centroid): number {
    return this.squares.get(centroid) ?? 0;
  }

  /** Cosine is the same for stored and true weights, which differ by one factor. */
  private nearest(input: CentroidInput): { centroid: Centroid; similarity: number } | undefined {
    let best: { centroid: Centroid; similarity: number } | undefined;
    for (const centroid of this.list) {
      const similarity = similarityTo(centroid, input, Math.sqrt(this.squaresOf(centroid)));
      if (best === undefined || similarity > best.similarity) best = { centroid, similarity };
    }
    return best;
  }

  /** Adds `weight` (a true weight) of the input. */
  private addTo(centroid: Centroid, input: CentroidInput, weight: number): void {
    const stored = this.pending.stored(weight);
    const squares = addScaled(centroid.features, input.features, stored, true, this.pending.stored(PRUNE_BELOW));
    this.squares.set(centroid, centroid.features.size === 0 ? 0 : Math.max(0, this.squaresOf(centroid) + squares));
    centroid.mass = Math.max(0, centroid.mass + stored);
    if (input.vector !== null) {
      if (centroid.vector === null) centroid.vector = new Float32Array(input.vector.length);
      if (centroid.vector.length === input.vector.length) for (let k = 0; k < input.vector.length; k += 1) centroid.vector[k]! += stored * input.vector[k]!;
    }
  }
}

/** Semantic cosine when both sides have vectors, else lexical cosine. */
function similarityTo(centroid: Centroid, input: CentroidInput, featureNorm: number): number {
  if (centroid.vector !== null && input.vector !== null && centroid.vector.length === input.vector.length) {
    let dot = 0;
    let n = 0;
    for (let k = 0; k < input.vector.length; k += 1) {
      dot += centroid.vector[k]! * input.vector[k]!;
      n += centroid.vector[k]! * centroid.vector[k]!;
    }
    return n > 0 ? dot / Math.sqrt(n) : 0;
  }
  return cosineWith(input.features, centroid.features, featureNorm);
}
