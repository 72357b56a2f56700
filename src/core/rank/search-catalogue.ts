import type { CatalogueIndex } from '../index/catalogue-index';
import { textFeatures } from '../lexical/lexical-index';
import { bm25Scores, denseUnit } from '../lexical/match-features';
import type { InterestProfile } from '../profile/interest-profile';
import { explainItem } from './explain-item';
import { engagementFor } from './priors';
import type { RankedItem } from './ranked-item';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, type SignalWeights } from './signals';
import { scaledTaste } from './taste';
import { TopK } from './top-k';
import { dotAll, normalize } from '../vectors/item-vectors';

export interface SearchRequest {
  readonly query: string;
  readonly limit: number;
  readonly now: number;
  readonly weights: SignalWeights;
  /**
   * The query embedded by the catalogue's vector model, when there is one: items close in
   * meaning are found even without a word in common.
   */
  readonly queryVector?: { readonly model: string; readonly vector: Float32Array };
}

/** With a query vector, relevance is this much meaning and the rest words. */
export const SEMANTIC_SHARE = 0.5;

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
  const meaning = semanticRelevance(index, request);
  if ((max <= 0 && meaning === null) || request.limit <= 0) return [];

  const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, engagement: engagementFor(index), now: request.now, exclude: 'rejected' });
  const candidate = new Uint8Array(n);
  const wordShare = meaning === null ? 1 : max > 0 ? 1 - SEMANTIC_SHARE : 0;
  for (let i = 0; i < n; i += 1) {
    const words = max > 0 ? relevance[i]! / max : 0;
    const near = meaning === null ? 0 : meaning.closeness[i]!;
    relevance[i] = wordShare * words + (1 - wordShare) * near;
    if ((words > 0 || (meaning !== null && meaning.closeness[i]! >= meaning.threshold)) && table.excluded[i] === 0) candidate[i] = 1;
  }
  const taste = scaledTaste(table, request.weights, candidate);
  const heap = new TopK(request.limit);
  for (let i = 0; i < n; i += 1) {
    if (candidate[i] === 0) continue;
    heap.push(i, (1 - PERSONAL_SHARE) * relevance[i]! + PERSONAL_SHARE * taste[i]!);
  }
  return heap.drain().map((pick) => ({
    itemId: lexical.itemIds[pick.position]!,
    score: pick.score,
    explanation: explainItem(index, table, request.weights, pick.position, -1),
  }));
}

/**
 * Cosine of every item with the query (negatives as 0), and the closeness of the `limit`-th
 * nearest item: the nearest items are candidates even when no word matches. Null without a
 * query vector of the index's own model.
 */
function semanticRelevance(index: CatalogueIndex, request: SearchRequest): { readonly closeness: Float32Array; readonly threshold: number } | null {
  const query = request.queryVector;
  if (query === undefined || index.vectors === null || query.model !== index.vectorModel || query.vector.length !== index.vectors.dim) return null;
  const closeness = new Float32Array(index.itemCount);
  dotAll(index.vectors, normalize(Float32Array.from(query.vector)), closeness);
  const nearest = new TopK(Math.max(1, request.limit));
  for (let i = 0; i < closeness.length; i += 1) {
    if (closeness[i]! < 0) closeness[i] = 0;
    nearest.push(i, closeness[i]!);
  }
  const picks = nearest.drain();
  const threshold = picks.length === 0 ? Infinity : Math.max(Number.EPSILON, picks[picks.length - 1]!.score);
  return { closeness, threshold };
}
