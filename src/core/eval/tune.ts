import type { RankingPriors } from '../catalogue/ranking-priors';
import type { CatalogueIndex } from '../index/catalogue-index';
import { featureSourceOf } from '../index/catalogue-index';
import { DEFAULT_PROFILE_OPTIONS, InterestProfile, type ProfileOptions } from '../profile/interest-profile';
import { resolvePriors } from '../rank/priors';
import { PENALTIES, SIGNALS, type SignalName, type SignalWeights } from '../rank/signal-names';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS } from '../rank/signals';
import { TopK } from '../rank/top-k';
import type { UserSplit } from './split';

/**
 * Tuning the ranking priors on a validation split (built from training data only, so no test
 * positive ever chooses a weight): the profile's half-life on a grid, then coordinate ascent on
 * NDCG@10 over the weights, once for warm profiles and once for new users (cold start).
 *
 * Speed: each user's signal table is computed once, and only a candidate pool is kept: the
 * union of the top `pool` items by each signal. A weighted sum's top 10 is, in practice, always
 * inside that union; each trial then re-weights a few thousand rows per user instead of the
 * whole catalogue, which is what lets the publisher tune on 100k-item catalogues.
 */
const GRID = [0, 0.01, 0.02, 0.04, 0.06, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8, 1.2];
const HALF_LIFE_DAYS = [30, 90, 180, 365, 730];
const DAY_MS = 86_400_000;
const LIST = 10;

export type WeightScorer = (weights: SignalWeights) => number;

/** NDCG@10 of a weighting of all signals over the users' candidate pools. */
export function validationScorer(index: CatalogueIndex, users: readonly UserSplit[], profileOptions: ProfileOptions = DEFAULT_PROFILE_OPTIONS, pool = 300): WeightScorer {
  const source = featureSourceOf(index);
  const S = SIGNALS.length;
  const cached = users.map((user) => {
    const profile = new InterestProfile(profileOptions);
    for (const event of user.events) profile.apply(event, source);
    const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, now: user.now, exclude: 'interacted' });
    const chosen = new Set<number>();
    for (const signal of SIGNALS) {
      if (PENALTIES.has(signal)) continue;
      const values = table.values[signal];
      const heap = new TopK(pool);
      for (let i = 0; i < index.itemCount; i += 1) if (table.excluded[i] === 0 && values[i]! > 0) heap.push(i, values[i]!);
      for (const entry of heap.drain()) chosen.add(entry.position);
    }
    // Popularity breaks every tie in the full ranking; the pool keeps its top items even when all are zero elsewhere.
    const positions = Int32Array.from(chosen).sort();
    const values = new Float32Array(positions.length * S);
    const relevant = new Uint8Array(positions.length);
    positions.forEach((position, c) => {
      for (let s = 0; s < S; s += 1) values[c * S + s] = table.values[SIGNALS[s]!][position]!;
      relevant[c] = user.test.has(index.lexical.itemIds[position]!) ? 1 : 0;
    });
    let ideal = 0;
    for (let i = 0; i < Math.min(LIST, user.test.size); i += 1) ideal += 1 / Math.log2(i + 2);
    return { count: positions.length, values, relevant, ideal };
  });
  const signed = new Float64Array(S);
  return (weights) => {
    for (let s = 0; s < S; s += 1) signed[s] = PENALTIES.has(SIGNALS[s]!) ? -weights[SIGNALS[s]!] : weights[SIGNALS[s]!];
    let total = 0;
    const heap = new TopK(LIST);
    for (const user of cached) {
      if (user.ideal === 0) continue;
      for (let c = 0; c < user.count; c += 1) {
        let score = 0;
        const row = c * S;
        for (let s = 0; s < S; s += 1) score += signed[s]! * user.values[row + s]!;
        heap.push(c, score);
      }
      const top = heap.drain();
      let dcg = 0;
      for (let r = 0; r < top.length; r += 1) if (user.relevant[top[r]!.position] === 1) dcg += 1 / Math.log2(r + 2);
      total += dcg / user.ideal;
    }
    return total / Math.max(1, cached.length);
  };
}

export interface AscentResult {
  readonly weights: SignalWeights;
  readonly ndcg: number;
  readonly trials: number;
}

/** Coordinate ascent over `tuned` on the grid (the rest stay as in `start`). */
export function tuneWeights(score: WeightScorer, start: SignalWeights, tuned: readonly SignalName[], rounds = 2): AscentResult {
  let best = { ...start };
  let bestScore = score(best);
  let trials = 1;
  for (let round = 0; round < rounds; round += 1) {
    for (const signal of tuned) {
      for (const value of GRID) {
        if (value === best[signal]) continue;
        const candidate = { ...best, [signal]: value };
        const s = score(candidate);
        trials += 1;
        if (s > bestScore + 1e-6) {
          bestScore = s;
          best = candidate;
        }
      }
    }
  }
  return { weights: best, ndcg: bestScore, trials };
}

export interface TunedPriors {
  /** What the catalogue publishes: the tuned signals (and the anchor) of each set, and the half-life. */
  readonly priors: RankingPriors;
  /** Validation NDCG@10 with Sift's defaults and with the tuned priors, and the half-life grid. */
  readonly report: {
    readonly users: { readonly warm: number; readonly cold: number };
    readonly halfLifeDays: Readonly<Record<number, number>>;
    readonly warm: { readonly defaults: number; readonly tuned: number };
    readonly cold: { readonly defaults: number; readonly tuned: number };
    readonly trials: number;
  };
}

/**
 * The priors for one catalogue, tuned on its own validation users (`warm`: whole training
 * histories; `cold`: the first few events of each). Starts from Sift's defaults for a catalogue
 * of its kind, so tuning can only match or beat them on validation.
 */
export function tunePriors(
  index: CatalogueIndex,
  warm: readonly UserSplit[],
  cold: readonly UserSplit[],
  options: { readonly tuneNeighbors: boolean; readonly rounds: number; readonly onTrial?: (done: number, total: number) => void } = { tuneNeighbors: false, rounds: 2 },
): TunedPriors {
  const hasNeighbors = index.neighborPositions.length > 0;
  const start = resolvePriors(hasNeighbors, null);
  const rounds = options.rounds;
  const tuned: SignalName[] = ['interest', 'popularity', 'session', 'freshness', 'disliked'];
  if (hasNeighbors) tuned.splice(1, 0, 'listedBy');
  if (index.vectors !== null) tuned.push('semantic');
  // Only ratios matter, so the neighbours anchor the scale at 1. They also keep a new user's
  // first likes visibly at work: tuned freely on three-rating users, they sink towards
  // popularity (+0.002 NDCG offline, and a feed that ignores the likes). Noised lists
  // (--epsilon) are another matter: how much they still deserve is tuned.
  if (hasNeighbors && options.tuneNeighbors) tuned.unshift('neighbors');
  const published: SignalName[] = hasNeighbors && !options.tuneNeighbors ? ['neighbors', ...tuned] : tuned;

  // Trials are counted as they run (an upper bound: the ascent skips a signal's current value).
  const total = HALF_LIFE_DAYS.length + 2 * (2 + rounds * tuned.length * GRID.length);
  let done = 0;
  const counted = (score: WeightScorer): WeightScorer => (weights) => {
    const value = score(weights);
    done += 1;
    options.onTrial?.(Math.min(done, total), total);
    return value;
  };
  const halfLifeDays: Record<number, number> = {};
  let bestDays = 0;
  for (const days of HALF_LIFE_DAYS) {
    halfLifeDays[days] = counted(validationScorer(index, warm, { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: days * DAY_MS }))(start.warm);
    if (bestDays === 0 || halfLifeDays[days]! > halfLifeDays[bestDays]! + 1e-6) bestDays = days;
  }
  const warmScore = counted(validationScorer(index, warm, { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: bestDays * DAY_MS }));
  const warmResult = tuneWeights(warmScore, start.warm, tuned, rounds);
  const coldScore = counted(validationScorer(index, cold, { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: bestDays * DAY_MS }));
  const coldResult = tuneWeights(coldScore, start.cold, tuned, rounds);
  const pick = (weights: SignalWeights): Partial<Record<SignalName, number>> => Object.fromEntries(published.map((s) => [s, weights[s]]));
  const warmDefaults = halfLifeDays[DEFAULT_PROFILE_OPTIONS.halfLifeMs / DAY_MS] ?? warmScore(start.warm);
  const coldDefaults = coldScore(start.cold);
  options.onTrial?.(total, total);
  return {
    priors: { warm: pick(warmResult.weights), cold: pick(coldResult.weights), half_life_days: bestDays },
    report: {
      users: { warm: warm.length, cold: cold.length },
      halfLifeDays,
      warm: { defaults: warmDefaults, tuned: warmResult.ndcg },
      cold: { defaults: coldDefaults, tuned: coldResult.ndcg },
      trials: warmResult.trials + coldResult.trials + HALF_LIFE_DAYS.length,
    },
  };
}
