import type { CatalogueIndex } from '../index/catalogue-index';
import { featureSourceOf } from '../index/catalogue-index';
import { DEFAULT_PROFILE_OPTIONS, InterestProfile, type ProfileOptions } from '../profile/interest-profile';
import { DEFAULT_ENGAGEMENT, type EngagementWeights } from '../rank/priors';
import { PENALTIES, SIGNALS, type SignalWeights } from '../rank/signal-names';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS } from '../rank/signals';
import { TopK } from '../rank/top-k';
import type { UserSplit } from './split';

// Validation figures for the tuners: each user's NDCG@10 under a weighting, computed from a
// signal table made once per user and cut to a candidate pool (the union of the top `pool` items
// by each signal), and the statistics that compare and choose between weightings.

const LIST = 10;

export type WeightScorer = (weights: SignalWeights) => number;
/** Each validation user's NDCG@10 under a weighting (users with nothing held out score 0). */
export type UserScorer = (weights: SignalWeights) => Float64Array;
/** The same with a weighting of its own for each user (user u: `weightsFor(u)`). */
export type PerUserScorer = (weightsFor: (user: number) => SignalWeights) => Float64Array;

/**
 * What the signal tables are made with, besides the weights: the profile's settings (its
 * half-life) and how much each kind of engagement lifts neighbours. Both are tuned, on a grid,
 * before the weights are.
 */
export interface ReaderSettings {
  readonly profile: ProfileOptions;
  readonly engagement: EngagementWeights;
}

export const DEFAULT_READER_SETTINGS: ReaderSettings = { profile: DEFAULT_PROFILE_OPTIONS, engagement: DEFAULT_ENGAGEMENT };

/** NDCG@10 of a weighting of all signals over the users' candidate pools, user by user (the spread of a figure and the comparison of two weightings need each user's). */
export function userScorer(index: CatalogueIndex, users: readonly UserSplit[], settings: ReaderSettings = DEFAULT_READER_SETTINGS, pool = 300): UserScorer {
  const score = perUserScorer(index, users, settings, pool);
  return (weights) => score(() => weights);
}

export function perUserScorer(index: CatalogueIndex, users: readonly UserSplit[], settings: ReaderSettings = DEFAULT_READER_SETTINGS, pool = 300): PerUserScorer {
  const source = featureSourceOf(index);
  const S = SIGNALS.length;
  const cached = users.map((user) => {
    const profile = new InterestProfile(settings.profile);
    for (const event of user.events) profile.apply(event, source);
    const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, engagement: settings.engagement, now: user.now, exclude: 'interacted' });
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
  return (weightsFor) => {
    const scores = new Float64Array(cached.length);
    const heap = new TopK(LIST);
    let signedFor: SignalWeights | null = null;
    for (let u = 0; u < cached.length; u += 1) {
      const user = cached[u]!;
      if (user.ideal === 0) continue;
      const weights = weightsFor(u);
      if (weights !== signedFor) {
        for (let s = 0; s < S; s += 1) signed[s] = PENALTIES.has(SIGNALS[s]!) ? -weights[SIGNALS[s]!] : weights[SIGNALS[s]!];
        signedFor = weights;
      }
      for (let c = 0; c < user.count; c += 1) {
        let score = 0;
        const row = c * S;
        for (let s = 0; s < S; s += 1) score += signed[s]! * user.values[row + s]!;
        heap.push(c, score);
      }
      const top = heap.drain();
      let dcg = 0;
      for (let r = 0; r < top.length; r += 1) if (user.relevant[top[r]!.position] === 1) dcg += 1 / Math.log2(r + 2);
      scores[u] = dcg / user.ideal;
    }
    return scores;
  };
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i]!;
  return values.length === 0 ? 0 : sum / values.length;
}

/** Standard error of the mean of a − b, user by user (the two weightings scored on the same users). */
export function pairedStandardError(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return Infinity;
  const m = mean(a) - mean(b);
  let squares = 0;
  for (let i = 0; i < n; i += 1) squares += (a[i]! - b[i]! - m) ** 2;
  return Math.sqrt(squares / (n - 1) / n);
}

/** Users' scores averaged per fold (users dealt round-robin into `folds`): the figure's spread across folds. */
export function foldMeans(scores: Float64Array, folds: number): number[] {
  const sums = new Float64Array(folds);
  const counts = new Float64Array(folds);
  for (let u = 0; u < scores.length; u += 1) {
    sums[u % folds]! += scores[u]!;
    counts[u % folds]! += 1;
  }
  return Array.from(sums, (sum, f) => (counts[f]! > 0 ? sum / counts[f]! : 0));
}

function variance(values: Float64Array): number {
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i += 1) squares += (values[i]! - m) ** 2;
  return values.length < 2 ? 0 : squares / (values.length - 1);
}

/**
 * The one-standard-error rule over candidates given nearest the default first: the best by its
 * figure's mean, then the first candidate whose mean is within one standard error of the best's
 * figure (the error of that figure itself, not of a paired difference).
 */
export function oneStandardErrorChoice<C extends object>(nearestDefaultFirst: readonly C[], figure: (candidate: C) => { readonly mean: number; readonly se: number }): { readonly chosen: C; readonly best: C } {
  let best = nearestDefaultFirst[0]!;
  for (const candidate of nearestDefaultFirst) if (figure(candidate).mean > figure(best).mean + 1e-9) best = candidate;
  const { mean: top, se } = figure(best);
  return { chosen: nearestDefaultFirst.find((candidate) => figure(candidate).mean >= top - se) ?? best, best };
}

/** Mean and standard error of per-user scores. */
export function meanWithStandardError(values: Float64Array): { readonly mean: number; readonly se: number } {
  return { mean: mean(values), se: Math.sqrt(variance(values) / Math.max(1, values.length)) };
}
