import type { RankingPriors } from '../catalogue/ranking-priors';
import type { CatalogueIndex } from '../index/catalogue-index';
import { DEFAULT_PROFILE_OPTIONS, type InterestProfile, type ProfileOptions } from '../profile/interest-profile';
import { SIGNALS, type SignalName, type SignalWeights } from './signal-names';

/**
 * Tuned by `npm run eval -- --tune` (coordinate ascent on NDCG@10) on a validation split made
 * from MovieLens training data only; only ratios matter, neighbours anchor at 1. `semantic` is
 * untuned until item vectors are evaluated; `seen` and `skipped` never act offline (interacted
 * items are excluded there) and are set by hand for the app.
 */
export const DEFAULT_SIGNAL_WEIGHTS: SignalWeights = {
  interest: 0.3,
  semantic: 0.2,
  session: 0.2,
  neighbors: 1,
  listedBy: 0.8,
  popularity: 0.8,
  freshness: 0.01,
  disliked: 1.2,
  seen: 2,
  skipped: 0.3,
};

/**
 * Onboarding's stated interests act only through `interest`, so a new user's prior never takes
 * it below this, whatever tuning on three ratings says (three ratings say little about content
 * taste, and tuning on them gives 0).
 */
export const COLD_INTEREST_FLOOR = 0.2;

/**
 * For a new user (a handful of events) the profile is too thin to trust: tuned the same way on
 * a cold-start validation split (`npm run eval -- --tune --cold 3`), popularity leads.
 */
export const COLD_START_SIGNAL_WEIGHTS: SignalWeights = {
  ...DEFAULT_SIGNAL_WEIGHTS,
  interest: COLD_INTEREST_FLOOR,
  session: 0.01,
  listedBy: 0.15,
  popularity: 1.2,
  freshness: 0,
  disliked: 0.3,
};

/** The weights for a warm profile and for a new user; weightsForHistory blends them. */
export interface PriorSet {
  readonly warm: SignalWeights;
  readonly cold: SignalWeights;
}

export const DEFAULT_PRIORS: PriorSet = { warm: DEFAULT_SIGNAL_WEIGHTS, cold: COLD_START_SIGNAL_WEIGHTS };

/**
 * A catalogue without co-engagement neighbours (a site without logs, or without this toolkit):
 * the neighbour signals are zero, and the defaults above, tuned with them present, would rank
 * below a plain popularity list. Tuned on the same validation splits with every `neighbors`
 * list removed (`npm run eval -- --tune --no-neighbors`, and `--cold 3`).
 */
export const NO_NEIGHBOR_PRIORS: PriorSet = {
  warm: { ...DEFAULT_SIGNAL_WEIGHTS, neighbors: 0, listedBy: 0, interest: 2.1 },
  cold: { ...COLD_START_SIGNAL_WEIGHTS, neighbors: 0, listedBy: 0, interest: 1.35 },
};

/** Up to this many events the cold-start weights apply; from WARM_FROM on the warm ones; linear between. */
export const COLD_UNTIL = 5;
export const WARM_FROM = 30;

/** The prior weights for a profile built from `eventCount` events. */
export function weightsForHistory(eventCount: number, priors: PriorSet = DEFAULT_PRIORS): SignalWeights {
  const t = Math.min(1, Math.max(0, (eventCount - COLD_UNTIL) / (WARM_FROM - COLD_UNTIL)));
  const weights = {} as Record<SignalName, number>;
  for (const signal of SIGNALS) weights[signal] = (1 - t) * priors.cold[signal] + t * priors.warm[signal];
  return weights;
}

/**
 * The priors for this catalogue: Sift's defaults for its kind (with or without neighbours),
 * overridden signal by signal by the priors the site tuned and published, if any.
 */
export function priorsForCatalogue(index: CatalogueIndex): PriorSet {
  return resolvePriors(index.neighborPositions.length > 0, index.ranking);
}

export function resolvePriors(hasNeighbors: boolean, ranking: RankingPriors | null): PriorSet {
  const base = hasNeighbors ? DEFAULT_PRIORS : NO_NEIGHBOR_PRIORS;
  if (ranking === null) return base;
  const cold = { ...base.cold, ...ranking.cold };
  return { warm: { ...base.warm, ...ranking.warm }, cold: { ...cold, interest: Math.max(COLD_INTEREST_FLOOR, cold.interest) } };
}

/** The profile's settings for this catalogue: its published half-life, or Sift's. */
export function profileOptionsFor(index: CatalogueIndex): ProfileOptions {
  const days = index.ranking?.half_life_days;
  return days === undefined ? DEFAULT_PROFILE_OPTIONS : { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: days * 86_400_000 };
}

/** Interest weight while the profile holds stated interests but no engagement with items yet. */
export const STATED_ONLY_INTEREST = 1.5;

/**
 * The prior for this catalogue and profile. A new user who has only said what they like
 * (onboarding) is ranked by those stated interests, popularity breaking ties; once they engage
 * with items, the history-length prior takes over.
 */
export function priorWeights(index: CatalogueIndex, profile: InterestProfile): SignalWeights {
  const base = weightsForHistory(profile.size, priorsForCatalogue(index));
  if (profile.centroids().length === 0) return base;
  for (const mark of profile.markedItems().values()) if (mark.opened || mark.saved || mark.reaction === 'liked') return base;
  return { ...base, interest: Math.max(base.interest, STATED_ONLY_INTEREST) };
}
