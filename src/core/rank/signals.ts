import type { CatalogueIndex } from '../index/catalogue-index';
import type { InterestProfile } from '../profile/interest-profile';
import type { SignalName } from './signal-names';
import { bm25Scores, cosineScores, denseUnit } from '../lexical/match-features';
import { dotAll, normalize } from '../vectors/item-vectors';
import { TopK } from './top-k';

export { PENALTIES, SIGNALS, type SignalName, type SignalWeights } from './signal-names';

export interface SignalOptions {
  readonly now: number;
  /** 'interacted' leaves out everything the user touched (offline evaluation); 'rejected' only dislikes and hides. */
  readonly exclude: 'rejected' | 'interacted';
  readonly freshnessHalfLifeMs: number;
  /** How much an engaged item's neighbours count, by kind of engagement. */
  readonly engagement: { readonly liked: number; readonly saved: number; readonly opened: number };
}

export const DEFAULT_SIGNAL_OPTIONS: Omit<SignalOptions, 'now'> = {
  exclude: 'rejected',
  freshnessHalfLifeMs: 365 * 86_400_000,
  engagement: { liked: 1, saved: 0.8, opened: 0.3 },
};

/** Each signal's value for every item, mostly in [0, 1] (semantic in [-1, 1]); plus who is excluded. */
export interface SignalTable {
  readonly values: Readonly<Record<SignalName, Float32Array>>;
  readonly excluded: Uint8Array;
  /** Which interest centroid matched item i best (for explanations); 255 when none. */
  readonly bestCentroid: Uint8Array;
  /** Dense unit centroids over lexical features, [feature * centroidStride + c], and their mass factors. */
  readonly centroidMatrix: Float32Array;
  /** K rounded up to a multiple of 4 (the matrix's row length). */
  readonly centroidStride: number;
  readonly centroidFactor: Float32Array;
  readonly centroidCount: number;
  /** 1 / the 99th percentile of positive raw interest: ordinary good matches land near 1. */
  readonly interestScale: number;
  /** The unit negative vector over lexical features (null without dislikes), for explanations. */
  readonly negativeUnit: Float32Array | null;
  /** Engaged items as (position, weight), strongest first: "because you liked …". */
  readonly engaged: ReadonlyArray<{ readonly position: number; readonly weight: number }>;
}

/**
 * Per-item arrays reused from one ranking to the next by a caller that ranks often (the ranking
 * engine): on 100k items a ranking needs about 5 MB of them, and allocating them afresh each time
 * makes the garbage collector stop the worker every few likes. A table computed into a scratch is
 * valid until its next use.
 */
export class SignalScratch {
  private readonly floats = new Map<string, Float32Array>();
  private readonly bytes = new Map<string, Uint8Array>();
  private readonly doubles = new Map<string, Float64Array>();

  /** A zeroed array of n floats under this name. */
  float32(name: string, n: number): Float32Array {
    return zeroed(this.floats, name, n, (size) => new Float32Array(size));
  }

  uint8(name: string, n: number): Uint8Array {
    return zeroed(this.bytes, name, n, (size) => new Uint8Array(size));
  }

  float64(name: string, n: number): Float64Array {
    return zeroed(this.doubles, name, n, (size) => new Float64Array(size));
  }
}

function zeroed<T extends Float32Array | Uint8Array | Float64Array>(arrays: Map<string, T>, name: string, n: number, make: (n: number) => T): T {
  const existing = arrays.get(name);
  if (existing !== undefined && existing.length === n) return existing.fill(0) as T;
  const fresh = make(n);
  arrays.set(name, fresh);
  return fresh;
}

export function computeSignals(index: CatalogueIndex, profile: InterestProfile, options: SignalOptions, scratch?: SignalScratch): SignalTable {
  const n = index.itemCount;
  const floats = (name: string): Float32Array => scratch?.float32(name, n) ?? new Float32Array(n);
  const lexical = index.lexical;
  const featureCount = lexical.featureKeys.length;
  const { rowStart, featureIds, bm25, weights } = lexical;

  // Interest: best-matching centroid, BM25 match against its unit vector, damped by its size.
  const centroids = profile.centroids();
  const K = Math.min(centroids.length, 254);
  // Rows of the matrix padded to a multiple of 4 centroids: the scoring loop below takes four
  // centroids per pass over an item's row, in four local sums instead of an array per entry.
  const stride = Math.ceil(K / 4) * 4;
  const centroidMatrix = new Float32Array(featureCount * stride);
  const centroidFactor = new Float32Array(K);
  let maxMass = 0;
  for (let c = 0; c < K; c += 1) maxMass = Math.max(maxMass, centroids[c]!.mass);
  for (let c = 0; c < K; c += 1) {
    const centroid = centroids[c]!;
    let sq = 0;
    for (const w of centroid.features.values()) sq += w * w;
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (const [key, w] of centroid.features) {
      const f = lexical.featureIdByKey.get(key);
      if (f !== undefined) centroidMatrix[f * stride + c] = w * scale;
    }
    centroidFactor[c] = maxMass > 0 ? Math.sqrt(centroid.mass / maxMass) : 0;
  }
  const interest = floats('interest');
  const bestCentroid = (scratch?.uint8('bestCentroid', n) ?? new Uint8Array(n)).fill(255);
  let maxInterest = 0;
  if (K > 0) {
    for (let i = 0; i < n; i += 1) {
      const start = rowStart[i]!;
      const end = rowStart[i + 1]!;
      let best = 0;
      let bestC = 255;
      for (let c0 = 0; c0 < K; c0 += 4) {
        // Each sum runs over the row in order, in double precision: the same sums as one centroid at a time.
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let j = start; j < end; j += 1) {
          const base = featureIds[j]! * stride + c0;
          const w = bm25[j]!;
          a0 += centroidMatrix[base]! * w;
          a1 += centroidMatrix[base + 1]! * w;
          a2 += centroidMatrix[base + 2]! * w;
          a3 += centroidMatrix[base + 3]! * w;
        }
        // Centroids in order, a strictly better one replacing the best: ties go to the first.
        let v = a0 * centroidFactor[c0]!;
        if (v > best) {
          best = v;
          bestC = c0;
        }
        if (c0 + 1 < K && (v = a1 * centroidFactor[c0 + 1]!) > best) {
          best = v;
          bestC = c0 + 1;
        }
        if (c0 + 2 < K && (v = a2 * centroidFactor[c0 + 2]!) > best) {
          best = v;
          bestC = c0 + 2;
        }
        if (c0 + 3 < K && (v = a3 * centroidFactor[c0 + 3]!) > best) {
          best = v;
          bestC = c0 + 3;
        }
      }
      interest[i] = best;
      bestCentroid[i] = bestC;
      if (best > maxInterest) maxInterest = best;
    }
  }
  // Scale by a high percentile, not the maximum: one item with an exact tag match would
  // otherwise squash every ordinary match towards zero.
  const interestScale = maxInterest > 0 ? 1 / robustScale(interest, maxInterest) : 0;
  for (let i = 0; i < n; i += 1) interest[i]! *= interestScale;

  // Semantic: best centroid cosine over the item vectors, when both exist in the same model's space.
  const semantic = floats('semantic');
  if (index.vectors !== null && profile.vectorSpace === index.vectorModel) {
    const dots = floats('dots');
    let first = true;
    for (let c = 0; c < K; c += 1) {
      const vector = centroids[c]!.vector;
      if (vector === null || vector.length !== index.vectors.dim) continue;
      dotAll(index.vectors, normalize(Float32Array.from(vector)), dots);
      const factor = centroidFactor[c]!;
      for (let i = 0; i < n; i += 1) {
        const v = dots[i]! * factor;
        if (first || v > semantic[i]!) semantic[i] = v;
      }
      first = false;
    }
  }

  // Session: the short-term vector, BM25 match, scaled by how alive the session still is.
  const session = floats('session');
  const strength = profile.sessionStrength(options.now);
  if (strength > 0) {
    const max = bm25Scores(lexical, denseUnit(lexical, profile.sessionFeatures()), session);
    const scale = max > 0 ? strength / max : 0;
    for (let i = 0; i < n; i += 1) session[i]! *= scale;
  }

  // Marks: exclusions, seen and skip penalties, and engaged items for neighbours.
  const excluded = scratch?.uint8('excluded', n) ?? new Uint8Array(n);
  const seen = floats('seen');
  const skipped = floats('skipped');
  const engaged: Array<{ position: number; weight: number }> = [];
  const e = options.engagement;
  for (const [itemId, mark] of profile.markedItems()) {
    const position = lexical.positionById.get(itemId);
    if (position === undefined) continue;
    if (mark.reaction === 'disliked' || mark.reaction === 'hidden' || options.exclude === 'interacted') excluded[position] = 1;
    if (mark.opened || mark.reaction === 'liked') seen[position] = 1;
    if (mark.skips > 0) skipped[position] = 1 - Math.pow(0.5, mark.skips);
    let weight = 0;
    if (mark.reaction === 'liked') weight = Math.max(weight, e.liked * profile.ageFactor(mark.reactedAt, options.now));
    if (mark.saved) weight = Math.max(weight, e.saved * profile.ageFactor(mark.savedAt, options.now));
    if (mark.opened) weight = Math.max(weight, e.opened * profile.ageFactor(mark.openedAt, options.now));
    if (weight > 0) engaged.push({ position, weight });
  }
  engaged.sort((a, b) => b.weight - a.weight || a.position - b.position);

  // Neighbours: "people who liked what you liked also liked", rank-discounted.
  const neighbors = floats('neighbors');
  let maxNeighbors = 0;
  for (const { position, weight } of engaged) {
    const end = index.neighborStart[position + 1]!;
    for (let j = index.neighborStart[position]!, r = 0; j < end; j += 1, r += 1) {
      const target = index.neighborPositions[j]!;
      const v = (neighbors[target]! += weight / Math.sqrt(1 + r));
      if (v > maxNeighbors) maxNeighbors = v;
    }
  }
  if (maxNeighbors > 0) for (let i = 0; i < n; i += 1) neighbors[i]! /= maxNeighbors;

  // Listed-by: items whose own neighbour lists name something the user engaged with. Lists are
  // cut at the top 10, so co-engagement is often recorded in one direction only.
  const listedBy = floats('listedBy');
  let maxListedBy = 0;
  for (const { position, weight } of engaged) {
    for (let j = index.listedByStart[position]!; j < index.listedByStart[position + 1]!; j += 1) {
      const target = index.listedByPositions[j]!;
      const v = (listedBy[target]! += weight / Math.sqrt(1 + index.listedByRanks[j]!));
      if (v > maxListedBy) maxListedBy = v;
    }
  }
  if (maxListedBy > 0) for (let i = 0; i < n; i += 1) listedBy[i]! /= maxListedBy;

  // Freshness: halves every half-life since publication; undated items get none.
  const freshness = floats('freshness');
  // 2^((published − now) / half-life) = 2^((published − newest) / half-life) × 2^((newest − now) / half-life):
  // the first factor is per item and kept with the index, so a ranking multiplies instead of
  // raising 100k powers.
  const decay = freshnessFactors(index.publishedAt, options.freshnessHalfLifeMs);
  const shift = Math.pow(2, (decay.newest - options.now) / options.freshnessHalfLifeMs);
  for (let i = 0; i < n; i += 1) {
    const published = index.publishedAt[i]!;
    if (Number.isNaN(published)) continue;
    freshness[i] = published >= options.now ? 1 : decay.factors[i]! * shift;
  }

  // Disliked: cosine with the (unit) negative vector.
  const disliked = floats('disliked');
  let negativeUnit: Float32Array | null = null;
  if (profile.negativeFeatures().size > 0) {
    negativeUnit = denseUnit(lexical, profile.negativeFeatures());
    cosineScores(lexical, negativeUnit, disliked);
    for (let i = 0; i < n; i += 1) if (disliked[i]! < 0) disliked[i] = 0;
  }

  return {
    values: { interest, semantic, session, neighbors, listedBy, popularity: index.popularityPrior, freshness, disliked, seen, skipped },
    excluded,
    bestCentroid,
    centroidMatrix,
    centroidStride: stride,
    centroidFactor,
    centroidCount: K,
    interestScale,
    negativeUnit,
    engaged,
  };
}

const FRESHNESS_FACTORS = new WeakMap<Float64Array, { readonly halfLifeMs: number; readonly newest: number; readonly factors: Float64Array }>();

/** Per item, 2^((published − newest) / half-life), in (0, 1]; computed once per catalogue and half-life. */
function freshnessFactors(publishedAt: Float64Array, halfLifeMs: number): { readonly newest: number; readonly factors: Float64Array } {
  const cached = FRESHNESS_FACTORS.get(publishedAt);
  if (cached !== undefined && cached.halfLifeMs === halfLifeMs) return cached;
  let newest = -Infinity;
  for (const at of publishedAt) if (at > newest) newest = at;
  if (!Number.isFinite(newest)) newest = 0;
  const factors = new Float64Array(publishedAt.length);
  for (let i = 0; i < publishedAt.length; i += 1) factors[i] = Number.isNaN(publishedAt[i]!) ? 0 : Math.pow(2, (publishedAt[i]! - newest) / halfLifeMs);
  const entry = { halfLifeMs, newest, factors };
  FRESHNESS_FACTORS.set(publishedAt, entry);
  return entry;
}

/**
 * The 99th percentile of the positive values (at least a tenth of the maximum): the smallest of
 * the top 1%, kept in a bounded heap (one pass; sorting 100k values took a fifth of a ranking).
 */
export function robustScale(values: Float32Array, max: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i += 1) if (values[i]! > 0) count += 1;
  const top = new TopK(count - Math.floor(0.99 * count));
  for (let i = 0; i < values.length; i += 1) if (values[i]! > 0) top.push(i, values[i]!);
  const p99 = top.worstScore ?? max;
  return Math.max(p99, max / 10);
}
