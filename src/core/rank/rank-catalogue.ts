import type { LexicalIndex } from '../lexical/lexical-index';
import { featureKind } from '../lexical/lexical-index';
import type { InterestProfile, ItemMark } from '../profile/interest-profile';
import type { MatchedFeature, RankedItem, SignalContribution } from './ranked-item';
import { TopK } from './top-k';

export interface SignalWeights {
  readonly interest: number;
  readonly popularity: number;
  /** Subtracted from items already opened or liked: the feed is for what is new. */
  readonly seenPenalty: number;
}

export const DEFAULT_SIGNAL_WEIGHTS: SignalWeights = { interest: 1, popularity: 0.15, seenPenalty: 1 };

export interface RankRequest {
  readonly limit: number;
  /** Ranking time, epoch ms (supplied, never read from a clock here). */
  readonly now: number;
  readonly weights?: SignalWeights;
  /** Skip these positions (e.g. items already on screen when paging). */
  readonly offset?: number;
}

const MAX_MATCHED = 4;

/**
 * Scores every item: interest (cosine of the item's TF-IDF row with the decayed profile),
 * a popularity prior and a seen penalty; disliked and hidden items are left out.
 */
export function rankCatalogue(index: LexicalIndex, profile: InterestProfile, request: RankRequest): RankedItem[] {
  const weights = request.weights ?? DEFAULT_SIGNAL_WEIGHTS;
  const offset = Math.max(0, request.offset ?? 0);
  const dense = denseProfile(index, profile, request.now);

  const n = index.itemCount;
  const penalty = new Float32Array(n);
  const excluded = new Uint8Array(n);
  for (const [itemId, mark] of profile.markedItems()) {
    const position = index.positionById.get(itemId);
    if (position === undefined) continue;
    if (mark.reaction === 'disliked' || mark.reaction === 'hidden') excluded[position] = 1;
    else if (isSeen(mark)) penalty[position] = weights.seenPenalty;
  }

  const { rowStart, featureIds, weights: values, popularityPrior } = index;
  const heap = new TopK(offset + request.limit);
  const wInterest = weights.interest;
  const wPopularity = weights.popularity;
  for (let i = 0; i < n; i += 1) {
    if (excluded[i] === 1) continue;
    let interest = 0;
    const end = rowStart[i + 1]!;
    for (let j = rowStart[i]!; j < end; j += 1) interest += dense[featureIds[j]!]! * values[j]!;
    heap.push(i, wInterest * interest + wPopularity * popularityPrior[i]! - penalty[i]!);
  }

  return heap
    .drain()
    .slice(offset)
    .map(({ position, score }) => explain(index, dense, position, score, weights, penalty[position]!));
}

/** Opened or liked means consumed; a saved item is kept for later, so it stays in the feed. */
function isSeen(mark: ItemMark): boolean {
  return mark.opened || mark.reaction === 'liked';
}

/** The profile as a unit vector over the index's features (zero when the profile is empty). */
function denseProfile(index: LexicalIndex, profile: InterestProfile, now: number): Float32Array {
  const dense = new Float32Array(index.featureKeys.length);
  let norm = 0;
  for (const [key, weight] of profile.weightsAt(now)) {
    const id = index.featureIdByKey.get(key);
    if (id === undefined) continue;
    dense[id] = weight;
    norm += weight * weight;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let f = 0; f < dense.length; f += 1) dense[f]! *= scale;
  }
  return dense;
}

function explain(
  index: LexicalIndex,
  dense: Float32Array,
  position: number,
  score: number,
  weights: SignalWeights,
  seenPenalty: number,
): RankedItem {
  const matched: MatchedFeature[] = [];
  let interest = 0;
  for (let j = index.rowStart[position]!; j < index.rowStart[position + 1]!; j += 1) {
    const feature = index.featureIds[j]!;
    const contribution = weights.interest * dense[feature]! * index.weights[j]!;
    interest += contribution;
    if (contribution !== 0) {
      matched.push({ label: index.featureLabels[feature]!, kind: featureKind(index.featureKeys[feature]!), contribution });
    }
  }
  matched.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const signals: SignalContribution[] = [
    { signal: 'interest', contribution: interest },
    { signal: 'popularity', contribution: weights.popularity * index.popularityPrior[position]! },
  ];
  if (seenPenalty > 0) signals.push({ signal: 'seen', contribution: -seenPenalty });
  return { itemId: index.itemIds[position]!, score, explanation: { signals, matched: matched.slice(0, MAX_MATCHED) } };
}
