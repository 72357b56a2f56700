import type { CatalogueIndex } from '../index/catalogue-index';
import { blendWeights, DEFAULT_HISTORY_RAMP, historyBlend, type HistoryRamp } from '../rank/priors';
import type { SignalWeights } from '../rank/signal-names';
import type { UserSplit } from './split';
import { mean, meanWithStandardError, oneStandardErrorChoice, perUserScorer, type ReaderSettings } from './user-scorer';

/**
 * The cold-to-warm ramp learnt per catalogue: how many events a reader needs before the warm
 * weights take over from a new user's. Sift's own 5 and 30 were set by hand; on a catalogue
 * whose readers show their taste in a few clicks the warm weights pay sooner, on one with broad,
 * popular-led tastes later.
 *
 * Every validation reader counts once, at the history length they have (the warm validation
 * users, on the validation catalogue); the cold validation readers are also seen earlier, at
 * their first 3, 5, … 50 events, each scored on what they did after, on a catalogue learnt
 * without their rows after the first few (what their later clicks taught the neighbours never
 * flatters them), and their figure is the mean over the lengths they reach. A ramp learnt on
 * short histories alone would be extrapolated to long ones: 5→200 won there on one half of
 * MovieLens and cost its warm readers 10% of NDCG@10.
 */
export const RAMP_LENGTHS = [3, 5, 8, 12, 20, 30, 50] as const;
const COLD_UNTIL = [0, 2, 5, 10, 20];
const WARM_FROM = [5, 10, 20, 30, 50, 100, 200];

/** Fewer readers than this at middle lengths, and the default ramp stays. */
export const MIN_RAMP_READERS = 30;

export interface RampCandidate {
  readonly ramp: HistoryRamp;
  readonly ndcg: number;
}

/** One history length's (or the full histories') validation figures. */
export interface RampLengthReport {
  /** Events in the history; null: the warm readers' whole histories. */
  readonly length: number | null;
  readonly readers: number;
  /** NDCG@10 with the cold weights, the warm ones, and the chosen ramp's blend. */
  readonly cold: number;
  readonly warm: number;
  readonly chosen: number;
}

export interface RampReport {
  /** Readers counted (warm validation users, the cold ones among them also at middle lengths), and reader-lengths scored. */
  readonly readers: number;
  readonly variants: number;
  readonly defaults: number;
  readonly tuned: number;
  /** Standard error of `tuned`, over readers. */
  readonly standardError: number;
  /** The best candidate, which the 1-SE rule may have passed over for one nearer the default. */
  readonly best: RampCandidate;
  readonly byLength: readonly RampLengthReport[];
}

export type RampOutcome = { readonly kind: 'tuned'; readonly ramp: HistoryRamp; readonly report: RampReport } | { readonly kind: 'skipped'; readonly reason: string };

/** Validation users on the catalogue they are scored on. */
export interface ScoredUsers {
  readonly index: CatalogueIndex;
  readonly users: readonly UserSplit[];
}

/** Every candidate ramp, nearest the default first (the order the 1-SE rule walks). */
export function rampCandidates(): HistoryRamp[] {
  const distance = (ramp: HistoryRamp): number =>
    Math.abs(Math.log((1 + ramp.coldUntil) / (1 + DEFAULT_HISTORY_RAMP.coldUntil))) + Math.abs(Math.log(ramp.warmFrom / DEFAULT_HISTORY_RAMP.warmFrom));
  const candidates: HistoryRamp[] = [];
  for (const coldUntil of COLD_UNTIL) for (const warmFrom of WARM_FROM) if (coldUntil < warmFrom) candidates.push({ coldUntil, warmFrom });
  return candidates.sort((a, b) => distance(a) - distance(b) || a.coldUntil - b.coldUntil || a.warmFrom - b.warmFrom);
}

/**
 * The ramp for these tuned weights: the best candidate's NDCG@10 over the readers, then the
 * candidate nearest Sift's default whose figure is within one standard error of it (chooseRamp).
 */
export function tuneRamp(
  groups: { readonly middle: ScoredUsers; readonly warm: ScoredUsers },
  weights: { readonly cold: SignalWeights; readonly warm: SignalWeights },
  settings: ReaderSettings,
  onTrial?: () => void,
): RampOutcome {
  const middleReaders = new Set(groups.middle.users.map((user) => user.userId)).size;
  if (middleReaders < MIN_RAMP_READERS) return { kind: 'skipped', reason: `only ${middleReaders} validation readers at middle history lengths (the ramp needs ${MIN_RAMP_READERS})` };

  const readerOf = new Map<number, number>();
  const parts = [groups.warm, groups.middle].map(({ index, users }) => {
    const readers = Int32Array.from(users, (user) => {
      if (!readerOf.has(user.userId)) readerOf.set(user.userId, readerOf.size);
      return readerOf.get(user.userId)!;
    });
    return { users, readers, lengths: Int32Array.from(users, (user) => user.events.length), score: perUserScorer(index, users, settings) };
  });
  const variantsOf = new Float64Array(readerOf.size);
  for (const part of parts) for (const reader of part.readers) variantsOf[reader]! += 1;

  // Each variant's score under a ramp; the blends are made once per distinct blend.
  const variantScores = (blendOf: (length: number) => number): Float64Array[] =>
    parts.map((part) => {
      const blends = new Map<number, SignalWeights>();
      const weightsAt = (t: number): SignalWeights => {
        let blended = blends.get(t);
        if (blended === undefined) blends.set(t, (blended = blendWeights(weights.cold, weights.warm, t)));
        return blended;
      };
      onTrial?.();
      return part.score((u) => weightsAt(blendOf(part.lengths[u]!)));
    });
  const readerScores = (scores: readonly Float64Array[]): Float64Array => {
    const sums = new Float64Array(readerOf.size);
    parts.forEach((part, p) => part.readers.forEach((reader, u) => (sums[reader]! += scores[p]![u]!)));
    for (let r = 0; r < sums.length; r += 1) sums[r]! /= variantsOf[r]!;
    return sums;
  };

  const scored = rampCandidates().map((ramp) => {
    const variants = variantScores((length) => historyBlend(length, ramp));
    return { ramp, variants, scores: readerScores(variants) };
  });
  const { chosen, best } = chooseRamp(scored);
  const defaults = scored.find((candidate) => candidate.ramp.coldUntil === DEFAULT_HISTORY_RAMP.coldUntil && candidate.ramp.warmFrom === DEFAULT_HISTORY_RAMP.warmFrom)!;

  const allCold = variantScores(() => 0);
  const allWarm = variantScores(() => 1);
  const lengthRow = (length: number | null, p: number, keep: (u: number) => boolean): RampLengthReport => {
    const pick = (scores: Float64Array): number[] => Array.from(scores).filter((_, u) => keep(u));
    return { length, readers: pick(allCold[p]!).length, cold: mean(pick(allCold[p]!)), warm: mean(pick(allWarm[p]!)), chosen: mean(pick(chosen.variants[p]!)) };
  };
  const middle = parts[1]!;
  const byLength = [
    ...RAMP_LENGTHS.filter((length) => middle.lengths.includes(length)).map((length) => lengthRow(length, 1, (u) => middle.lengths[u] === length)),
    lengthRow(null, 0, () => true),
  ];
  return {
    kind: 'tuned',
    ramp: chosen.ramp,
    report: {
      readers: readerOf.size,
      variants: parts[0]!.users.length + middle.users.length,
      defaults: mean(defaults.scores),
      tuned: mean(chosen.scores),
      standardError: meanWithStandardError(chosen.scores).se,
      best: { ramp: best.ramp, ndcg: mean(best.scores) },
      byLength,
    },
  };
}

/**
 * The one-standard-error rule over candidates given nearest the default first: the best by mean,
 * then the first whose mean is within one standard error of the best's figure. Unlike the
 * weights' rule (tunePart), the error is the figure's own, not the paired difference's: a ramp
 * only changes the blend at some lengths, so most readers score alike under any two ramps, the
 * paired error is tiny, and on MovieLens the ramps it let through (5→20, 2→20: +0.002 on
 * validation) lost on held-out readers at 20 events (NDCG@10 0.3035 against 0.3092).
 */
export function chooseRamp<C extends { readonly ramp: HistoryRamp; readonly scores: Float64Array }>(scored: readonly C[]): { readonly chosen: C; readonly best: C } {
  return oneStandardErrorChoice(scored, (candidate) => meanWithStandardError(candidate.scores));
}

/** The most scoring passes tuneRamp makes: a bound for progress. */
export function rampTrialBound(): number {
  return 2 * (rampCandidates().length + 2);
}
