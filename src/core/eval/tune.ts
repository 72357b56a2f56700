import type { CatalogueIndex } from '../index/catalogue-index';
import { featureSourceOf } from '../index/catalogue-index';
import { DEFAULT_PROFILE_OPTIONS, InterestProfile, type ProfileOptions } from '../profile/interest-profile';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, PENALTIES, SIGNALS, type SignalName, type SignalOptions, type SignalWeights } from '../rank/signals';
import { TopK } from '../rank/top-k';
import { ndcgAt } from './metrics';
import type { UserSplit } from './split';

/**
 * Coordinate ascent on NDCG@10 over the weights of the named signals, on a validation split
 * (built from training data only, so the test positives never choose the weights). Signal
 * tables are computed once per user; each trial only re-weights them.
 */
export interface TuneResult {
  readonly weights: SignalWeights;
  readonly ndcg: number;
  readonly trials: number;
}

const GRID = [0, 0.01, 0.02, 0.04, 0.06, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8, 1.2];

/** NDCG@10 of a weighting of all signals, on signal tables computed once per user. */
export function validationScorer(
  index: CatalogueIndex,
  users: readonly UserSplit[],
  profileOptions: ProfileOptions = DEFAULT_PROFILE_OPTIONS,
  signalOptions: Omit<SignalOptions, 'now' | 'exclude'> = DEFAULT_SIGNAL_OPTIONS,
): (weights: SignalWeights) => number {
  const source = featureSourceOf(index);
  const n = index.itemCount;
  const cached = users.map((user) => {
    const profile = new InterestProfile(profileOptions);
    for (const event of user.events) profile.apply(event, source);
    const table = computeSignals(index, profile, { ...signalOptions, now: user.now, exclude: 'interacted' });
    return { user, table };
  });
  const scores = new Float64Array(n);
  const score = (weights: SignalWeights): number => {
    let total = 0;
    for (const { user, table } of cached) {
      scores.fill(0);
      for (const signal of SIGNALS) {
        const w = PENALTIES.has(signal) ? -weights[signal] : weights[signal];
        if (w === 0) continue;
        const values = table.values[signal];
        for (let i = 0; i < n; i += 1) scores[i]! += w * values[i]!;
      }
      const heap = new TopK(10);
      for (let i = 0; i < n; i += 1) if (table.excluded[i] === 0) heap.push(i, scores[i]!);
      total += ndcgAt(heap.drain().map((e) => index.lexical.itemIds[e.position]!), user.test, 10);
    }
    return total / Math.max(1, cached.length);
  };
  return score;
}

/** Tunes the weights of `tuned` (the rest stay as in `start`). */
export function tuneWeights(
  index: CatalogueIndex,
  users: readonly UserSplit[],
  start: SignalWeights,
  tuned: readonly SignalName[],
  rounds = 2,
  profileOptions: ProfileOptions = DEFAULT_PROFILE_OPTIONS,
): TuneResult {
  const score = validationScorer(index, users, profileOptions);
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
