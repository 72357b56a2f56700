import type { RankingPriors } from '../catalogue/ranking-priors';
import type { CatalogueIndex } from '../index/catalogue-index';
import { DEFAULT_PROFILE_OPTIONS } from '../profile/interest-profile';
import { DEFAULT_ENGAGEMENT, resolvePriors } from '../rank/priors';
import type { SignalName, SignalWeights } from '../rank/signal-names';
import { onlySignal } from './evaluate';
import type { UserSplit } from './split';
import { OPEN_WEIGHTS, tuneEngagement, type EngagementOutcome } from './tune-engagement';
import { rampTrialBound, tuneRamp, type RampOutcome } from './tune-ramp';
import { foldMeans, mean, meanWithStandardError, pairedStandardError, userScorer, type ReaderSettings, type UserScorer, type WeightScorer } from './user-scorer';

/**
 * Tuning the ranking priors on a validation split (built from training data only, so no test
 * positive ever chooses a weight): the profile's half-life and an open's neighbour weight on
 * grids, then coordinate ascent on NDCG@10 over the weights, once for warm profiles and once for
 * new users (cold start), then the cold-to-warm ramp.
 *
 * Speed: each user's signal table is computed once, and only a candidate pool is kept: the
 * union of the top `pool` items by each signal. A weighted sum's top 10 is, in practice, always
 * inside that union; each trial then re-weights a few thousand rows per user instead of the
 * whole catalogue, which is what lets the publisher tune on 100k-item catalogues.
 */
const GRID = [0, 0.01, 0.02, 0.04, 0.06, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8, 1.2];
const HALF_LIFE_DAYS = [30, 90, 180, 365, 730];
const DAY_MS = 86_400_000;

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

/** One part's validation figures (warm, or cold start), NDCG@10 over its validation users. */
export interface PartReport {
  readonly defaults: number;
  /** The priors published for the part. */
  readonly tuned: number;
  /** A plain popularity list on the same users. */
  readonly popularity: number;
  /** Standard error of `tuned` (its spread over users). */
  readonly standardError: number;
  /** `tuned` on each of FOLDS folds of the users: how much it moves from one group of users to another. */
  readonly folds: readonly number[];
  /** How far the published priors go from the defaults towards the ascent's best (1-SE rule): 0 = the defaults, 1 = the best. */
  readonly share: number;
  /** 'popularity-led': the tuned priors did not validate above popularity, and a set led by popularity replaced them. */
  readonly guard: 'tuned' | 'popularity-led';
}

export interface TunedPriors {
  /** What the catalogue publishes: the tuned signals (and the anchor) of each set, and the half-life. */
  readonly priors: RankingPriors;
  readonly report: {
    readonly users: { readonly warm: number; readonly cold: number };
    readonly halfLifeDays: Readonly<Record<number, number>>;
    /** An open's neighbour weight (published as `engagement.opened`), or why it was not learnt. */
    readonly engagement: EngagementOutcome;
    readonly warm: PartReport;
    readonly cold: PartReport;
    /** The cold-to-warm ramp, learnt on readers of middle history lengths (published as `history`), or why it was not. */
    readonly ramp: RampOutcome;
    readonly trials: number;
  };
}

export const FOLDS = 5;
/** The path from the defaults to the ascent's best, walked from the defaults end by the 1-SE rule. */
const SHARES = [0, 0.25, 0.5, 0.75, 1];
/** How much of the personal signals a popularity-led set keeps (0: popularity alone). */
const POPULARITY_LED = [0.5, 0.25, 0.1, 0.05, 0];

/**
 * The priors for one catalogue, tuned on its own validation users (`warm`: whole training
 * histories; `cold`: the first few events of each), in three steps per part:
 * 1. coordinate ascent from Sift's defaults for a catalogue of its kind, on all the users;
 * 2. the 1-SE rule: of the weights on the straight path from the defaults to that best, the
 *    closest to the defaults whose NDCG@10 is within one standard error of the best's (paired,
 *    user by user). Chasing one split's noise is what made tuned priors lose on other data; on a
 *    small log the error is wide and the defaults stay (shrinkage);
 * 3. a guard: if that does not validate above a popularity list, the part is led by popularity
 *    (the personal signals scaled down, down to popularity alone), as good as popularity on
 *    validation by construction.
 */
export function tunePriors(
  index: CatalogueIndex,
  warm: readonly UserSplit[],
  cold: readonly UserSplit[],
  options: {
    readonly tuneNeighbors: boolean;
    readonly rounds: number;
    /** The catalogue the cold users are scored on (learnt without their later rows); absent: `index`. */
    readonly coldIndex?: CatalogueIndex;
    /** Cold validation users again at middle history lengths (scored on `coldIndex`), to learn the ramp on; absent: Sift's ramp stays. */
    readonly middle?: readonly UserSplit[];
    readonly onTrial?: (done: number, total: number) => void;
  } = { tuneNeighbors: false, rounds: 2 },
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
  const total = HALF_LIFE_DAYS.length + 2 * OPEN_WEIGHTS.length + 2 * (3 + rounds * tuned.length * GRID.length + SHARES.length + POPULARITY_LED.length) + (options.middle === undefined ? 0 : rampTrialBound());
  let done = 0;
  const counted = (score: UserScorer): UserScorer => (weights) => {
    const value = score(weights);
    done += 1;
    options.onTrial?.(Math.min(done, total), total);
    return value;
  };
  const halfLifeDays: Record<number, number> = {};
  let bestDays = 0;
  for (const days of HALF_LIFE_DAYS) {
    halfLifeDays[days] = mean(counted(userScorer(index, warm, { profile: { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: days * DAY_MS }, engagement: DEFAULT_ENGAGEMENT }))(start.warm));
    if (bestDays === 0 || halfLifeDays[days]! > halfLifeDays[bestDays]! + 1e-6) bestDays = days;
  }
  const profileOptions = { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: bestDays * DAY_MS };
  const tick = (): void => {
    done += 1;
    options.onTrial?.(Math.min(done, total), total);
  };
  const coldIndex = options.coldIndex ?? index;
  const engagement = tuneEngagement(
    { warm: { index, users: warm, weights: start.warm }, cold: { index: coldIndex, users: cold, weights: start.cold } },
    { profile: profileOptions, engagement: DEFAULT_ENGAGEMENT },
    tick,
  );
  const settings: ReaderSettings = { profile: profileOptions, engagement: engagement.kind === 'tuned' ? engagement.engagement : DEFAULT_ENGAGEMENT };
  const warmPart = tunePart(counted(userScorer(index, warm, settings)), start.warm, tuned, published, rounds);
  const coldPart = tunePart(counted(userScorer(coldIndex, cold, settings)), start.cold, tuned, published, rounds);
  const ramp: RampOutcome =
    options.middle === undefined
      ? { kind: 'skipped', reason: 'no validation readers at middle history lengths were given' }
      : tuneRamp({ middle: { index: coldIndex, users: options.middle }, warm: { index, users: warm } }, { cold: coldPart.weights, warm: warmPart.weights }, settings, tick);
  const pick = (weights: SignalWeights): Partial<Record<SignalName, number>> => Object.fromEntries(published.map((s) => [s, weights[s]]));
  options.onTrial?.(total, total);
  return {
    priors: {
      warm: pick(warmPart.weights),
      cold: pick(coldPart.weights),
      half_life_days: bestDays,
      ...(ramp.kind === 'tuned' ? { history: { cold_until: ramp.ramp.coldUntil, warm_from: ramp.ramp.warmFrom } } : {}),
      ...(engagement.kind === 'tuned' ? { engagement: { opened: engagement.engagement.opened } } : {}),
    },
    report: { users: { warm: warm.length, cold: cold.length }, halfLifeDays, engagement, warm: warmPart.report, cold: coldPart.report, ramp, trials: done },
  };
}

/** One part: ascent, 1-SE rule, guard (see tunePriors). */
export function tunePart(score: UserScorer, defaults: SignalWeights, tuned: readonly SignalName[], published: readonly SignalName[], rounds: number): { readonly weights: SignalWeights; readonly report: PartReport } {
  const defaultScores = score(defaults);
  const ascent = tuneWeights((weights) => mean(score(weights)), defaults, tuned, rounds);
  const bestScores = score(ascent.weights);
  let chosen = { weights: ascent.weights, scores: bestScores, share: 1 };
  for (const share of SHARES) {
    const weights = share === 0 ? defaults : share === 1 ? ascent.weights : between(defaults, ascent.weights, share, tuned);
    const scores = share === 0 ? defaultScores : share === 1 ? bestScores : score(weights);
    if (mean(scores) >= mean(bestScores) - pairedStandardError(scores, bestScores)) {
      chosen = { weights, scores, share };
      break;
    }
  }
  const popularityScores = score(onlySignal('popularity', false));
  let guard: PartReport['guard'] = 'tuned';
  if (mean(chosen.scores) <= mean(popularityScores)) {
    guard = 'popularity-led';
    let led: { weights: SignalWeights; scores: Float64Array } | null = null;
    for (const keep of POPULARITY_LED) {
      const weights = popularityLed(chosen.weights, published, keep);
      const scores = score(weights);
      if (led === null || mean(scores) > mean(led.scores) + 1e-9) led = { weights, scores };
    }
    chosen = { ...led!, share: chosen.share };
  }
  const standardError = meanWithStandardError(chosen.scores).se;
  return {
    weights: chosen.weights,
    report: { defaults: mean(defaultScores), tuned: mean(chosen.scores), popularity: mean(popularityScores), standardError, folds: foldMeans(chosen.scores, FOLDS), share: chosen.share, guard },
  };
}

/** `share` of the way from `from` to `to`, over the tuned signals. */
function between(from: SignalWeights, to: SignalWeights, share: number, tuned: readonly SignalName[]): SignalWeights {
  const weights = { ...from };
  for (const signal of tuned) weights[signal] = from[signal] + share * (to[signal] - from[signal]);
  return weights;
}

/** Popularity at its weight (at least 1), every other published signal scaled by `keep`. */
function popularityLed(weights: SignalWeights, published: readonly SignalName[], keep: number): SignalWeights {
  const led = { ...weights };
  for (const signal of published) if (signal !== 'popularity') led[signal] = weights[signal] * keep;
  led.popularity = Math.max(1, weights.popularity);
  return led;
}
