import type { CatalogueIndex } from '../index/catalogue-index';
import type { EngagementWeights } from '../rank/priors';
import type { SignalWeights } from '../rank/signal-names';
import type { UserSplit } from './split';
import { mean, pairedStandardError, userScorer, type ReaderSettings } from './user-scorer';

/**
 * How much an open lifts the item's neighbours, learnt per catalogue. What an open means
 * depends on the site: on MovieLens the log's middling ratings replay as opens and count for
 * little (validation NDCG@10 rose with the weight at 0), while on a news site a click is the
 * reader's main positive. So the weight is tried on a grid, on the warm and the cold validation
 * readers with Sift's default weights for each, and the one-standard-error rule keeps Sift's
 * 0.3 unless another value wins by more than the noise.
 */
export const OPEN_WEIGHTS = [0.3, 0.15, 0.5, 0, 0.8, 1] as const;

/** One open weight's validation figures: NDCG@10 of each part and their mean, the objective. */
export interface OpenWeightFigure {
  readonly opened: number;
  readonly warm: number;
  readonly cold: number;
  readonly objective: number;
}

export type EngagementOutcome =
  | {
      readonly kind: 'tuned';
      readonly engagement: EngagementWeights;
      /** Every value tried, in OPEN_WEIGHTS' order. */
      readonly figures: readonly OpenWeightFigure[];
      /** The best value, which the 1-SE rule may have passed over for one nearer Sift's. */
      readonly best: number;
      /** The paired standard error of the chosen value's objective against the best's (what the 1-SE rule compared). */
      readonly standardError: number;
      /** The chosen value's objective less Sift's, and the paired standard error of that difference. */
      readonly againstDefault: { readonly margin: number; readonly standardError: number };
    }
  | { readonly kind: 'skipped'; readonly reason: string };

/** A part's validation readers on the catalogue they are scored on, with the weights they are scored with. */
export interface EngagementPart {
  readonly index: CatalogueIndex;
  readonly users: readonly UserSplit[];
  readonly weights: SignalWeights;
}

/** The open weight for a catalogue: every value of OPEN_WEIGHTS scored on both parts, then chooseOpenWeight. */
export function tuneEngagement(parts: { readonly warm: EngagementPart; readonly cold: EngagementPart }, settings: ReaderSettings, onTrial?: () => void): EngagementOutcome {
  if (parts.warm.index.neighborPositions.length === 0) return { kind: 'skipped', reason: 'the catalogue has no neighbours for an open to lift' };
  const opens = [parts.warm, parts.cold].some((part) => part.users.some((user) => user.events.some((event) => event.kind === 'open')));
  if (!opens) return { kind: 'skipped', reason: 'no validation reader has an open (a neutral row) in their history' };

  const candidates = OPEN_WEIGHTS.map((opened) => {
    const readers: ReaderSettings = { ...settings, engagement: { ...settings.engagement, opened } };
    const partScores = (part: EngagementPart): Float64Array => {
      const scores = userScorer(part.index, part.users, readers)(part.weights);
      onTrial?.();
      return scores;
    };
    return { opened, warm: partScores(parts.warm), cold: partScores(parts.cold) };
  });
  const { chosen, best, standardError } = chooseOpenWeight(candidates);
  return {
    kind: 'tuned',
    engagement: { ...settings.engagement, opened: chosen.opened },
    figures: candidates.map((c) => ({ opened: c.opened, warm: mean(c.warm), cold: mean(c.cold), objective: objective(c) })),
    best: best.opened,
    standardError,
    againstDefault: { margin: objective(chosen) - objective(candidates[0]!), standardError: objectiveStandardError(chosen, candidates[0]!) },
  };
}

/** One open weight's validation scores, reader by reader, in each part. */
export interface OpenWeightCandidate {
  readonly opened: number;
  readonly warm: Float64Array;
  readonly cold: Float64Array;
}

/**
 * The 1-SE rule over candidates given nearest Sift's first: the best by objective, then the
 * first whose objective is within one standard error of the difference from the best's, both
 * parts paired reader by reader (the candidates rank the same readers, so a consistent gain
 * stands out from how much the readers themselves differ).
 */
export function chooseOpenWeight(nearestDefaultFirst: readonly OpenWeightCandidate[]): { readonly chosen: OpenWeightCandidate; readonly best: OpenWeightCandidate; readonly standardError: number } {
  let best = nearestDefaultFirst[0]!;
  for (const c of nearestDefaultFirst) if (objective(c) > objective(best) + 1e-9) best = c;
  for (const c of nearestDefaultFirst) {
    const standardError = objectiveStandardError(c, best);
    if (objective(c) >= objective(best) - standardError) return { chosen: c, best, standardError };
  }
  return { chosen: best, best, standardError: 0 };
}

/** The mean of the two parts' NDCG@10: each part counts alike, though the cold readers are fewer. */
function objective(c: OpenWeightCandidate): number {
  return (mean(c.warm) + mean(c.cold)) / 2;
}

/**
 * Standard error of the difference of two candidates' objectives, each part paired reader by
 * reader: the objective halves each part's mean, so its variance is a quarter of the parts'.
 * The parts are taken as independent, though the cold readers are also warm ones.
 */
function objectiveStandardError(a: OpenWeightCandidate, b: OpenWeightCandidate): number {
  return Math.sqrt((pairedStandardError(a.warm, b.warm) ** 2 + pairedStandardError(a.cold, b.cold) ** 2) / 4);
}
