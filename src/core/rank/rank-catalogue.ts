import type { CatalogueIndex } from '../index/catalogue-index';
import type { InterestProfile } from '../profile/interest-profile';
import { seededRandom } from '../random/seeded-random';
import { explainItem } from './explain-item';
import type { RankedItem } from './ranked-item';
import { rerank, type Candidate, type RerankOptions } from './rerank';
import {
  computeSignals,
  DEFAULT_SIGNAL_OPTIONS,
  PENALTIES,
  SIGNALS,
  type SignalOptions,
  type SignalScratch,
  type SignalTable,
  type SignalWeights,
} from './signals';
import { engagementFor, priorWeights } from './priors';
import { TopK } from './top-k';

export { DEFAULT_SIGNAL_WEIGHTS } from './priors';
export type { SignalWeights } from './signals';

export type RerankSettings = Omit<RerankOptions, 'random'>;

export const DEFAULT_RERANK: RerankSettings = { diversity: 0.15, maxTagShare: 0.6, explorationEvery: 8 };
/** Plain score order: for baselines and for measuring what re-ranking costs. */
export const NO_RERANK: RerankSettings = { diversity: 0, maxTagShare: 1, explorationEvery: 0 };

/** Around an item: diversity as in the feed, and no exploration slots (the reader asked for more of one thing). */
export const CONTEXT_RERANK: RerankSettings = { ...DEFAULT_RERANK, explorationEvery: 0 };

export interface RankRequest {
  readonly limit: number;
  /** Ranking time, epoch ms (supplied, never read from a clock here). */
  readonly now: number;
  /** Skip this many results (paging); the page is cut from one re-ranked list. */
  readonly offset?: number;
  /** Defaults to the prior for this catalogue and the profile's history length (priorWeights). */
  readonly weights?: SignalWeights;
  readonly rerank?: RerankSettings;
  /** Seed for exploration draws; the default (the profile's event count) keeps a feed stable until the next event. */
  readonly seed?: number;
  readonly exclude?: SignalOptions['exclude'];
  /**
   * The id of the item being read: recommendations around it (its `context` and `coread`
   * signals with the reader's profile), leaving out the item itself and what the reader has
   * already read. An id the catalogue lacks ranks as if none were given.
   */
  readonly context?: string;
}

/**
 * Hybrid ranking: every item gets named signals (interest, semantic, session, neighbours,
 * popularity, freshness, and the disliked / seen / skipped penalties); the weighted sum picks a
 * candidate pool with a bounded heap; re-ranking adds diversity and exploration; each result
 * carries an explanation whose signals add up to its score.
 */
export function rankCatalogue(index: CatalogueIndex, profile: InterestProfile, request: RankRequest, scratch?: SignalScratch): RankedItem[] {
  const context = request.context === undefined ? undefined : index.lexical.positionById.get(request.context);
  const exclude = request.exclude ?? (context === undefined ? 'rejected' : 'read');
  const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, engagement: engagementFor(index), now: request.now, exclude, context }, scratch);
  return rankFromSignals(index, table, profile, context === undefined || request.rerank !== undefined ? request : { ...request, rerank: CONTEXT_RERANK }, scratch);
}

/** The second half of ranking, for callers that score one signal table several ways (evaluation). */
export function rankFromSignals(index: CatalogueIndex, table: SignalTable, profile: InterestProfile, request: Omit<RankRequest, 'exclude' | 'context'>, scratch?: SignalScratch): RankedItem[] {
  const weights = request.weights ?? priorWeights(index, profile);
  const offset = Math.max(0, request.offset ?? 0);
  const wanted = offset + Math.max(0, request.limit);

  const n = index.itemCount;
  const scores = scratch?.float64('scores', n) ?? new Float64Array(n);
  for (const signal of SIGNALS) {
    const w = PENALTIES.has(signal) ? -weights[signal] : weights[signal];
    if (w === 0) continue;
    const values = table.values[signal];
    for (let i = 0; i < n; i += 1) scores[i]! += w * values[i]!;
  }

  const settings = request.rerank ?? DEFAULT_RERANK;
  const plain = settings.diversity === 0 && settings.explorationEvery === 0 && settings.maxTagShare >= 1;
  const poolSize = plain ? wanted : wanted + Math.max(50, wanted * 2);
  const heap = new TopK(poolSize);
  for (let i = 0; i < n; i += 1) if (table.excluded[i] === 0) heap.push(i, scores[i]!);
  const pool: Candidate[] = heap.drain();

  const picks = plain
    ? pool.slice(0, wanted).map((c) => ({ ...c, exploredTag: -1 }))
    : rerank(index, pool, wanted, profile.tagStatistics(), { ...settings, random: seededRandom(request.seed ?? profile.size) });

  return picks.slice(offset).map((pick) => ({
    itemId: index.lexical.itemIds[pick.position]!,
    score: pick.score,
    explanation: explainItem(index, table, weights, pick.position, pick.exploredTag),
  }));
}
