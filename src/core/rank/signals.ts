import type { CatalogueIndex } from '../index/catalogue-index';
import type { InterestProfile } from '../profile/interest-profile';
import type { SignalName } from './signal-names';
import { bm25Scores, cosineScores, denseUnit } from '../lexical/match-features';
import { dotAllMax, dotAt, normalize } from '../vectors/item-vectors';
import { TopK } from './top-k';
import { DEFAULT_ENGAGEMENT, DEFAULT_HISTORY_RAMP, historyBlend, type EngagementWeights } from './priors';
import { contextSignals } from './context-signals';
import { rowDot, scaleRows, slotLookup, type BmRows, type Scope } from './signal-rows';

export { PENALTIES, SIGNALS, type SignalName, type SignalWeights } from './signal-names';

/**
 * The rank discount a weighted neighbour list gets, for every reader: 1/(1 + rank)^this. RP3beta's
 * weights are nearly flat down a list, so without it one visit lifts all of an item's neighbours
 * almost alike: a new reader's feed then follows the first item's co-liked blockbusters over the
 * genre just liked, and a block around an article follows an earlier visit over the article
 * (docs/recommending.md#neighbours).
 */
export const NEIGHBOR_RANK_EXPONENT = 0.5;
/**
 * For a new reader, a weighted list's entries are lifted by (1 + their users)^this (none for a
 * warm one): the builder's RP3beta divides popularity out (β 0.4), which suits long histories;
 * on validation a new reader did best with most of that undone (0.3 of {0.1, …, 0.6}), as the
 * classic RP3beta's own validation picks β = 0 for the cold start.
 */
export const COLD_POPULARITY_EXPONENT = 0.3;

export interface SignalOptions {
  readonly now: number;
  /**
   * 'interacted' leaves out everything the user touched (offline evaluation); 'rejected' only
   * dislikes and hides; 'read' those and what was opened or liked (recommendations around an item).
   */
  readonly exclude: 'rejected' | 'interacted' | 'read';
  /** The position of the item being read, when ranking around it (the `context` and `coread` signals). */
  readonly context?: number | undefined;
  readonly freshnessHalfLifeMs: number;
  /** How much an engaged item's neighbours count, by kind of engagement (the catalogue's: engagementFor). */
  readonly engagement: EngagementWeights;
}

export const DEFAULT_SIGNAL_OPTIONS: Omit<SignalOptions, 'now'> = {
  exclude: 'rejected',
  freshnessHalfLifeMs: 365 * 86_400_000,
  engagement: DEFAULT_ENGAGEMENT,
};

/**
 * Each signal's value for every item (or, with `positions`, for those items, by slot), mostly in
 * [0, 1] (semantic in [-1, 1]); plus who is excluded.
 */
export interface SignalTable {
  /** null: arrays are by catalogue position; otherwise slot k holds item positions[k]. */
  readonly positions: Int32Array | null;
  /** The position of the item being read, when ranked around one. */
  readonly context: number | null;
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

/**
 * Every signal for every item, or, given `positions` (distinct), for those items only (a list to
 * order: 25 candidates take about a millisecond on 100k items, a thirtieth of a ranking), the
 * values then indexed by slot. The two give the same values: what depends on the whole catalogue
 * (interest's and the session's scale, the neighbours' maximum) is taken over it exactly up to
 * SCALE_SAMPLE items, and over an even sample of that many (plus the candidates) beyond. A list
 * is computed without `scratch`, whose arrays are kept at the catalogue's size for the feed.
 */
export function computeSignals(index: CatalogueIndex, profile: InterestProfile, options: SignalOptions, scratch?: SignalScratch, positions: Scope = null): SignalTable {
  const n = index.itemCount;
  const m = positions === null ? n : positions.length;
  const floats = (name: string): Float32Array => scratch?.float32(name, m) ?? new Float32Array(m);
  const lexical = index.lexical;
  // A list takes the catalogue-wide scales from these rows (and its own candidates'), see scaleRows.
  const sample = positions === null ? null : scaleRows(lexical);

  // Interest: best-matching centroid, BM25 match against its unit vector, damped by its size.
  const space = centroidSpace(index, profile);
  const interest = floats('interest');
  const bestCentroid = (scratch?.uint8('bestCentroid', m) ?? new Uint8Array(m)).fill(255);
  let interestScale = 0;
  if (space.count > 0) {
    let maxInterest = 0;
    for (let k = 0; k < m; k += 1) {
      const best = interestOfRow(lexical, positions === null ? k : positions[k]!, space, interest, bestCentroid, k);
      if (best > maxInterest) maxInterest = best;
    }
    // Scale by a high percentile, not the maximum: one item with an exact tag match would
    // otherwise squash every ordinary match towards zero.
    if (sample === null) interestScale = maxInterest > 0 ? 1 / robustScale(interest, maxInterest) : 0;
    else {
      // The candidates' own values join a sample's (the whole catalogue holds them already).
      const extra = sample.itemCount < n ? m : 0;
      const sampled = new Float32Array(sample.itemCount + extra);
      const unused = new Uint8Array(sampled.length);
      let max = 0;
      for (let r = 0; r < sample.itemCount; r += 1) max = Math.max(max, interestOfRow(sample, r, space, sampled, unused, r));
      for (let k = 0; k < extra; k += 1) max = Math.max(max, (sampled[sample.itemCount + k] = interest[k]!));
      interestScale = max > 0 ? 1 / robustScale(sampled, max) : 0;
    }
    for (let k = 0; k < m; k += 1) interest[k]! *= interestScale;
  }

  // Semantic: best centroid cosine over the item vectors, when both exist in the same model's space.
  const semantic = floats('semantic');
  const vectors = index.vectors;
  if (vectors !== null && profile.vectorSpace === index.vectorModel) {
    const queries: Float32Array[] = [];
    const factors: number[] = [];
    for (let c = 0; c < space.count; c += 1) {
      const vector = space.centroids[c]!.vector;
      if (vector === null || vector.length !== vectors.dim) continue;
      queries.push(normalize(Float32Array.from(vector)));
      factors.push(space.factor[c]!);
    }
    // The whole catalogue: every centroid in one pass over the rows (the int8 kernel reads each
    // row once for all of them); a list: its rows one by one.
    if (positions === null) dotAllMax(vectors, queries, factors, semantic);
    else
      for (let k = 0; k < m; k += 1) {
        let best = -Infinity;
        for (let q = 0; q < queries.length; q += 1) best = Math.max(best, dotAt(vectors, positions[k]!, queries[q]!) * factors[q]!);
        semantic[k] = queries.length === 0 ? 0 : best;
      }
  }

  // Session: the short-term vector, BM25 match, scaled by how alive the session still is.
  const session = floats('session');
  const strength = profile.sessionStrength(options.now);
  if (strength > 0) {
    const query = denseUnit(lexical, profile.sessionFeatures());
    let max: number;
    if (positions === null) max = bm25Scores(lexical, query, session);
    else {
      max = 0;
      for (let k = 0; k < m; k += 1) max = Math.max(max, (session[k] = rowDot(lexical.rowStart, lexical.featureIds, lexical.bm25, positions[k]!, query)));
      for (let r = 0; r < sample!.itemCount; r += 1) max = Math.max(max, rowDot(sample!.rowStart, sample!.featureIds, sample!.bm25, r, query));
    }
    const scale = max > 0 ? strength / max : 0;
    for (let k = 0; k < m; k += 1) session[k]! *= scale;
  }

  // Marks: exclusions, seen and skip penalties, and engaged items for neighbours.
  const slotOf = slotLookup(positions);
  const excluded = scratch?.uint8('excluded', m) ?? new Uint8Array(m);
  const seen = floats('seen');
  const skipped = floats('skipped');
  const engaged: Array<{ position: number; weight: number }> = [];
  const e = options.engagement;
  for (const [itemId, mark] of profile.markedItems()) {
    const position = lexical.positionById.get(itemId);
    if (position === undefined) continue;
    let weight = 0;
    if (mark.reaction === 'liked') weight = Math.max(weight, e.liked * profile.ageFactor(mark.reactedAt, options.now));
    if (mark.saved) weight = Math.max(weight, e.saved * profile.ageFactor(mark.savedAt, options.now));
    if (mark.opened) weight = Math.max(weight, e.opened * profile.ageFactor(mark.openedAt, options.now));
    if (weight > 0) engaged.push({ position, weight });
    const k = slotOf(position);
    if (k < 0) continue;
    const read = mark.opened || mark.reaction === 'liked';
    if (mark.reaction === 'disliked' || mark.reaction === 'hidden' || options.exclude === 'interacted' || (options.exclude === 'read' && read)) excluded[k] = 1;
    if (read) seen[k] = 1;
    if (mark.skips > 0) skipped[k] = 1 - Math.pow(0.5, mark.skips);
  }
  engaged.sort((a, b) => b.weight - a.weight || a.position - b.position);

  // Neighbours: "people who liked what you liked also liked", by the catalogue's weights (or rank).
  // A weighted list is read by its weights and its ranks, and a new reader's with its popular
  // entries lifted, less so as the history grows: a few lists lean to what many people like
  // (measured on validation splits of MovieLens, docs/recommending.md#neighbours). The lift
  // follows Sift's own ramp, not a catalogue's learnt one: it was measured with it, and the
  // publisher's tuner scores signal tables computed once per reader.
  const blend = historyBlend(profile.size, DEFAULT_HISTORY_RAMP);
  const popularityExponent = COLD_POPULARITY_EXPONENT * (1 - blend);
  const neighborSums = new Map<number, number>();
  for (const { position, weight } of engaged) {
    const start = index.neighborStart[position]!;
    const end = index.neighborStart[position + 1]!;
    const weighted = index.neighborListWeighted[position] === 1;
    for (let j = start; j < end; j += 1) {
      const target = index.neighborPositions[j]!;
      let strength = weight * index.neighborWeights[j]!;
      if (weighted) strength *= Math.pow(1 + j - start, -NEIGHBOR_RANK_EXPONENT);
      if (weighted && popularityExponent > 0) strength *= Math.pow(1 + index.popularity[target]!, popularityExponent);
      addTo(neighborSums, target, strength);
    }
  }
  const neighbors = floats('neighbors');
  spread(neighborSums, neighbors, slotOf);

  // Listed-by: items whose own neighbour lists name something the user engaged with. Lists are
  // cut at the top 10, so co-engagement is often recorded in one direction only.
  const listedBySums = new Map<number, number>();
  for (const { position, weight } of engaged) {
    for (let j = index.listedByStart[position]!; j < index.listedByStart[position + 1]!; j += 1) addTo(listedBySums, index.listedByPositions[j]!, weight * index.listedByWeights[j]!);
  }
  const listedBy = floats('listedBy');
  spread(listedBySums, listedBy, slotOf);

  // Freshness: halves every half-life since publication; undated items get none.
  const freshness = floats('freshness');
  // 2^((published − now) / half-life) = 2^((published − newest) / half-life) × 2^((newest − now) / half-life):
  // the first factor is per item and kept with the index, so a ranking multiplies instead of
  // raising 100k powers.
  const decay = freshnessFactors(index.publishedAt, options.freshnessHalfLifeMs);
  const shift = Math.pow(2, (decay.newest - options.now) / options.freshnessHalfLifeMs);
  for (let k = 0; k < m; k += 1) {
    const i = positions === null ? k : positions[k]!;
    const published = index.publishedAt[i]!;
    if (Number.isNaN(published)) continue;
    freshness[k] = published >= options.now ? 1 : decay.factors[i]! * shift;
  }

  // Disliked: cosine with the (unit) negative vector.
  const disliked = floats('disliked');
  let negativeUnit: Float32Array | null = null;
  if (profile.negativeFeatures().size > 0) {
    negativeUnit = denseUnit(lexical, profile.negativeFeatures());
    if (positions === null) cosineScores(lexical, negativeUnit, disliked);
    else for (let k = 0; k < m; k += 1) disliked[k] = rowDot(lexical.rowStart, lexical.featureIds, lexical.weights, positions[k]!, negativeUnit);
    for (let k = 0; k < m; k += 1) if (disliked[k]! < 0) disliked[k] = 0;
  }

  // The item being read: what is like it, and what its readers also read; it is never its own recommendation.
  const context = floats('context');
  const coread = floats('coread');
  if (options.context !== undefined) {
    contextSignals(index, options.context, positions, context, coread, floats('contextDots'));
    const k = slotOf(options.context);
    if (k >= 0) excluded[k] = 1;
  }

  // Popularity is the catalogue's own array; a list gets its candidates' values.
  let popularity = index.popularityPrior;
  if (positions !== null) {
    popularity = floats('popularity');
    for (let k = 0; k < m; k += 1) popularity[k] = index.popularityPrior[positions[k]!]!;
  }

  return {
    values: { interest, semantic, session, neighbors, listedBy, popularity, freshness, disliked, seen, skipped, context, coread },
    excluded,
    bestCentroid,
    centroidMatrix: space.matrix,
    centroidStride: space.stride,
    centroidFactor: space.factor,
    centroidCount: space.count,
    interestScale,
    negativeUnit,
    engaged,
    positions,
    context: options.context ?? null,
  };
}

/** The profile's centroids as a dense matrix over lexical features, [feature * stride + c], with their mass factors. */
interface CentroidSpace {
  readonly centroids: ReturnType<InterestProfile['centroids']>;
  readonly matrix: Float32Array;
  readonly stride: number;
  readonly factor: Float32Array;
  readonly count: number;
}

function centroidSpace(index: CatalogueIndex, profile: InterestProfile): CentroidSpace {
  const lexical = index.lexical;
  const centroids = profile.centroids();
  const K = Math.min(centroids.length, 254);
  // Rows of the matrix padded to a multiple of 4 centroids: the scoring loop takes four
  // centroids per pass over an item's row, in four local sums instead of an array per entry.
  const stride = Math.ceil(K / 4) * 4;
  const matrix = new Float32Array(lexical.featureKeys.length * stride);
  const factor = new Float32Array(K);
  let maxMass = 0;
  for (let c = 0; c < K; c += 1) maxMass = Math.max(maxMass, centroids[c]!.mass);
  for (let c = 0; c < K; c += 1) {
    const centroid = centroids[c]!;
    let sq = 0;
    for (const w of centroid.features.values()) sq += w * w;
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (const [key, w] of centroid.features) {
      const f = lexical.featureIdByKey.get(key);
      if (f !== undefined) matrix[f * stride + c] = w * scale;
    }
    factor[c] = maxMass > 0 ? Math.sqrt(centroid.mass / maxMass) : 0;
  }
  return { centroids, matrix, stride, factor, count: K };
}

/** Item `position`'s raw interest and best centroid, written at `slot`; returns the interest. */
function interestOfRow(lexical: BmRows, position: number, space: CentroidSpace, interest: Float32Array, bestCentroid: Uint8Array, slot: number): number {
  const { featureIds, bm25 } = lexical;
  const { matrix, stride, factor, count: K } = space;
  const start = lexical.rowStart[position]!;
  const end = lexical.rowStart[position + 1]!;
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
      a0 += matrix[base]! * w;
      a1 += matrix[base + 1]! * w;
      a2 += matrix[base + 2]! * w;
      a3 += matrix[base + 3]! * w;
    }
    // Centroids in order, a strictly better one replacing the best: ties go to the first.
    let v = a0 * factor[c0]!;
    if (v > best) {
      best = v;
      bestC = c0;
    }
    if (c0 + 1 < K && (v = a1 * factor[c0 + 1]!) > best) {
      best = v;
      bestC = c0 + 1;
    }
    if (c0 + 2 < K && (v = a2 * factor[c0 + 2]!) > best) {
      best = v;
      bestC = c0 + 2;
    }
    if (c0 + 3 < K && (v = a3 * factor[c0 + 3]!) > best) {
      best = v;
      bestC = c0 + 3;
    }
  }
  interest[slot] = best;
  bestCentroid[slot] = bestC;
  return best;
}

function addTo(sums: Map<number, number>, position: number, value: number): void {
  sums.set(position, (sums.get(position) ?? 0) + value);
}

/** Sums divided by their maximum, written at each item's slot. */
function spread(sums: ReadonlyMap<number, number>, out: Float32Array, slotOf: (position: number) => number): void {
  let max = 0;
  for (const v of sums.values()) if (v > max) max = v;
  if (max === 0) return;
  for (const [position, v] of sums) {
    const k = slotOf(position);
    if (k >= 0) out[k] = v / max;
  }
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
