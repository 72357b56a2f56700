import type { CatalogueIndex } from '../index/catalogue-index';
import type { InterestProfile } from '../profile/interest-profile';
import { explainItem } from './explain-item';
import { engagementFor, priorWeights } from './priors';
import type { RankedItem } from './ranked-item';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, PENALTIES, SIGNALS, type SignalScratch, type SignalWeights } from './signals';

/** A list the page already has (a section, "latest", the home page's slots), to be ordered for this reader. */
export interface CandidateRequest {
  readonly ids: readonly string[];
  /** Epoch ms (supplied, never read from a clock here). */
  readonly now: number;
  /** Defaults to the prior for this catalogue and the profile's history length. */
  readonly weights?: SignalWeights;
  /** The id of the item being read, if the list sits beside one (its `context` and `coread` signals). */
  readonly context?: string;
}

export interface ScoredCandidates {
  /** Each known candidate with its score and explanation, in the order given (repeats dropped). */
  readonly scored: readonly RankedItem[];
  /** Ids the catalogue does not have, in the order given. */
  readonly unknown: readonly string[];
}

/**
 * Scores exactly the given items through the same signals and weights as the feed, without
 * ranking the catalogue: each candidate's row only, and the catalogue-wide scales taken as
 * computeSignals says. Nothing is left out (a disliked item still gets its penalty and a place).
 */
export function scoreCandidates(index: CatalogueIndex, profile: InterestProfile, request: CandidateRequest, scratch?: SignalScratch): ScoredCandidates {
  const positions: number[] = [];
  const unknown: string[] = [];
  const taken = new Set<number>();
  for (const id of request.ids) {
    const position = index.lexical.positionById.get(id);
    if (position === undefined) unknown.push(id);
    else if (!taken.has(position)) {
      taken.add(position);
      positions.push(position);
    }
  }
  const slots = Int32Array.from(positions);
  const context = request.context === undefined ? undefined : index.lexical.positionById.get(request.context);
  const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, engagement: engagementFor(index), now: request.now, context }, scratch, slots);
  const weights = request.weights ?? priorWeights(index, profile);
  const scored: RankedItem[] = [];
  for (let k = 0; k < slots.length; k += 1) {
    let score = 0;
    for (const signal of SIGNALS) score += (PENALTIES.has(signal) ? -weights[signal] : weights[signal]) * table.values[signal][k]!;
    scored.push({ itemId: index.lexical.itemIds[slots[k]!]!, score, explanation: explainItem(index, table, weights, slots[k]!, -1) });
  }
  return { scored, unknown };
}

/** Best first; equal scores keep the order the page gave them in. */
export function orderCandidates(scored: readonly RankedItem[]): RankedItem[] {
  return scored.map((entry, given) => ({ entry, given })).sort((a, b) => b.entry.score - a.entry.score || a.given - b.given).map((x) => x.entry);
}
