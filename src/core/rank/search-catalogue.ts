import type { CatalogueIndex } from '../index/catalogue-index';
import { textFeatures } from '../lexical/lexical-index';
import { bm25Scores, denseUnit } from '../lexical/match-features';
import type { InterestProfile } from '../profile/interest-profile';
import { explainItem } from './explain-item';
import type { RankedItem } from './ranked-item';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, type SignalWeights } from './signals';
import { scaledTaste } from './taste';
import { TopK } from './top-k';

export interface SearchRequest {
  readonly query: string;
  readonly limit: number;
  readonly now: number;
  readonly weights: SignalWeights;
}

/**
 * How much of a search result's order is the user's taste: relevance to the words decides
 * first, and among comparable matches the personal ranking breaks the tie.
 */
export const PERSONAL_SHARE = 0.25;

/**
 * Searches the catalogue: items matching the query's words and tags (BM25 over the same
 * lexical index the ranking uses), ordered by relevance blended with the personal score.
 * Items the user rejected are left out. Explanations are the ranking's own.
 */
export function searchCatalogue(index: CatalogueIndex, profile: InterestProfile, request: SearchRequest): RankedItem[] {
  const { lexical } = index;
  const n = index.itemCount;
  const relevance = new Float32Array(n);
  const max = bm25Scores(lexical, denseUnit(lexical, textFeatures(lexical, request.query)), relevance);
  if (max <= 0 || request.limit <= 0) return [];

  const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, now: request.now, exclude: 'rejected' });
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) if (relevance[i]! > 0 && table.excluded[i] === 0) candidate[i] = 1;
  const taste = scaledTaste(table, request.weights, candidate);
  const heap = new TopK(request.limit);
  for (let i = 0; i < n; i += 1) {
    if (candidate[i] === 0) continue;
    heap.push(i, (1 - PERSONAL_SHARE) * (relevance[i]! / max) + PERSONAL_SHARE * taste[i]!);
  }
  return heap.drain().map((pick) => ({
    itemId: lexical.itemIds[pick.position]!,
    score: pick.score,
    explanation: explainItem(index, table, request.weights, pick.position, -1),
  }));
}
