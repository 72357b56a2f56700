import type { RankingPriors } from '../catalogue/ranking-priors';
import type { CatalogueIndex } from '../index/catalogue-index';
import { DEFAULT_PROFILE_OPTIONS, type InterestProfile, type ProfileOptions } from '../profile/interest-profile';
import { SIGNALS, type SignalName, type SignalWeights } from './signal-names';

/**
 * Tuned by `npm run eval -- --tune` (coordinate ascent on NDCG@10) on a validation split made
 * from MovieLens training data only; only ratios matter, neighbours anchor at 1. Re-tuned with
 * the k-anonymous neighbours (at least 5 users a pair): the ascent moved only session (0.2 →
 * 0.15, validation NDCG@10 0.13985 → 0.13992, noise), so these stand. `semantic` is
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
  // Around an item: `npm run eval -- --context --tune`, a grid on a validation split made from
  // MovieLens training data only (each validation positive in the context of the user's
  // previous one, a third of the users): context {0.2, 0.6, 1.5, 3} × coread {0.25, 0.5, 1.5},
  // NDCG@10 best at 1.5 / 0.5 (0.0435; 0.6 / 1.5 gave 0.0399, 3 / 0.5 0.0406). The co-read lists
  // also count through `neighbors` once the visit is recorded, so their own weight stays small.
  context: 1.5,
  coread: 0.5,
};

/**
 * Interests the user stated in words act only through `interest`; tuning on logs (three
 * ratings, no words) may take it near 0. For a profile that holds stated interests, the prior
 * never goes below this, so what the user said keeps counting next to their first likes.
 */
export const STATED_INTEREST_FLOOR = 0.2;

/**
 * For a new user (a handful of events) the profile is too thin to trust: tuned the same way on
 * a cold-start validation split (`npm run eval -- --tune`, its `cold` part: each validation
 * user's first 3 events), popularity leads and content matching barely counts.
 */
export const COLD_START_SIGNAL_WEIGHTS: SignalWeights = {
  ...DEFAULT_SIGNAL_WEIGHTS,
  interest: 0.06,
  session: 0,
  listedBy: 0.15,
  popularity: 1.2,
  freshness: 0.01,
  disliked: 0.3,
};

/**
 * How a reader's history moves the weights from a new user's to a warm profile's: the cold
 * weights up to `coldUntil` events, the warm ones from `warmFrom` on, linear between. Sift's own
 * ramp was set by hand; a catalogue's publisher learns one on its own readers of middle history
 * lengths (`ranking.history`, core/eval/tune-ramp.ts).
 */
export interface HistoryRamp {
  readonly coldUntil: number;
  readonly warmFrom: number;
}

export const DEFAULT_HISTORY_RAMP: HistoryRamp = { coldUntil: 5, warmFrom: 30 };

/** The weights for a warm profile and for a new user, and the ramp weightsForHistory blends them by. */
export interface PriorSet {
  readonly warm: SignalWeights;
  readonly cold: SignalWeights;
  readonly ramp: HistoryRamp;
}

export const DEFAULT_PRIORS: PriorSet = { warm: DEFAULT_SIGNAL_WEIGHTS, cold: COLD_START_SIGNAL_WEIGHTS, ramp: DEFAULT_HISTORY_RAMP };

/**
 * A catalogue without co-engagement neighbours (a site without logs, or without this toolkit):
 * the neighbour signals are zero, and the defaults above, tuned with them present, ranked below
 * a plain popularity list (NDCG@10 0.038 vs 0.074 on MovieLens): their weight went to content
 * matching, which on its own is weak. Tuned on the same validation splits with every
 * `neighbors` list removed (`npm run eval -- --tune --no-neighbors`): popularity leads, content
 * matching and the session refine it (validation NDCG@10 0.039 → 0.090 warm, 0.109 → 0.319 cold).
 */
export const NO_NEIGHBOR_PRIORS: PriorSet = {
  warm: { ...DEFAULT_SIGNAL_WEIGHTS, neighbors: 0, listedBy: 0, interest: 0.15, popularity: 1.2, session: 0.06, freshness: 0, disliked: 0.5 },
  cold: { ...COLD_START_SIGNAL_WEIGHTS, neighbors: 0, listedBy: 0, interest: 0.06, popularity: 1.2, session: 0.01, freshness: 0, disliked: 0.04 },
  ramp: DEFAULT_HISTORY_RAMP,
};

/** How far a profile built from `eventCount` events is from a new user's (0) to a warm one's (1). */
export function historyBlend(eventCount: number, ramp: HistoryRamp = DEFAULT_HISTORY_RAMP): number {
  return Math.min(1, Math.max(0, (eventCount - ramp.coldUntil) / (ramp.warmFrom - ramp.coldUntil)));
}

/** `t` of the way from the cold weights to the warm ones. */
export function blendWeights(cold: SignalWeights, warm: SignalWeights, t: number): SignalWeights {
  const weights = {} as Record<SignalName, number>;
  for (const signal of SIGNALS) weights[signal] = (1 - t) * cold[signal] + t * warm[signal];
  return weights;
}

/** The prior weights for a profile built from `eventCount` events. */
export function weightsForHistory(eventCount: number, priors: PriorSet = DEFAULT_PRIORS): SignalWeights {
  return blendWeights(priors.cold, priors.warm, historyBlend(eventCount, priors.ramp));
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
  const ramp = ranking.history === undefined ? base.ramp : { coldUntil: ranking.history.cold_until, warmFrom: ranking.history.warm_from };
  return { warm: { ...base.warm, ...ranking.warm }, cold: { ...base.cold, ...ranking.cold }, ramp };
}

/**
 * How much an engaged item's neighbours count, by kind of engagement; a like is the unit. An open
 * is a weaker sign on a site whose readers also like and save, and the main one where they only
 * open; a catalogue may publish its own (`ranking.engagement`, learnt from its log).
 */
export interface EngagementWeights {
  readonly liked: number;
  readonly saved: number;
  readonly opened: number;
}

export const DEFAULT_ENGAGEMENT: EngagementWeights = { liked: 1, saved: 0.8, opened: 0.3 };

/** The engagement weights for this catalogue: Sift's, with the open's weight the site published, if any. */
export function engagementFor(index: CatalogueIndex): EngagementWeights {
  const opened = index.ranking?.engagement?.opened;
  return opened === undefined ? DEFAULT_ENGAGEMENT : { ...DEFAULT_ENGAGEMENT, opened };
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
  const learnt = weightsForHistory(profile.size, priorsForCatalogue(index));
  if (profile.statedInterests === 0) return learnt;
  const base = { ...learnt, interest: Math.max(learnt.interest, STATED_INTEREST_FLOOR) };
  if (profile.centroids().length === 0) return base;
  for (const mark of profile.markedItems().values()) if (mark.opened || mark.saved || mark.reaction === 'liked') return base;
  return { ...base, interest: Math.max(base.interest, STATED_ONLY_INTEREST) };
}
