import type { CatalogueIndex } from '../index/catalogue-index';
import type { ConversationalIntent } from '../intent/intent';
import { textFeatures } from '../lexical/lexical-index';
import { tagKey } from '../lexical/feature-keys';
import { bm25Scores, denseUnit } from '../lexical/match-features';
import type { InterestProfile } from '../profile/interest-profile';
import { explainItem } from './explain-item';
import { engagementFor } from './priors';
import type { RankedItem } from './ranked-item';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, type SignalWeights } from './signals';
import { scaledTaste } from './taste';
import { TopK } from './top-k';

export interface IntentRankRequest {
  readonly limit: number;
  readonly now: number;
  readonly weights: SignalWeights;
}

/**
 * How a result's score is made: the share of the asked-for tags it carries, how well it matches
 * the asked-for words, and the user's taste (the personal ranking, scaled over the candidates).
 */
export const INTENT_SHARES = { tags: 0.55, words: 0.2, taste: 0.25 } as const;

/**
 * Executes a conversational intent over the catalogue: excluded tags, years outside the range
 * and rejected items are left out; with asked-for tags, an item must carry at least one; the
 * rest is ordered by tags matched, words matched and taste. Explanations are the ranking's own.
 */
export function rankForIntent(index: CatalogueIndex, profile: InterestProfile, intent: ConversationalIntent, request: IntentRankRequest): RankedItem[] {
  const { lexical } = index;
  const n = index.itemCount;
  const featureOf = (tag: string): number => lexical.featureIdByKey.get(tagKey(tag)) ?? -1;
  const include = intent.includeTags.map(featureOf).filter((f) => f >= 0);
  const exclude = new Set(intent.excludeTags.map(featureOf).filter((f) => f >= 0));
  const from = intent.years?.from === undefined ? -Infinity : Date.UTC(intent.years.from, 0, 1);
  const to = intent.years?.to === undefined ? Infinity : Date.UTC(intent.years.to + 1, 0, 1);

  const words = new Float32Array(n);
  const wordMax = intent.query === '' ? 0 : bm25Scores(lexical, denseUnit(lexical, textFeatures(lexical, intent.query)), words);
  const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, engagement: engagementFor(index), now: request.now, exclude: 'rejected' });

  const tagShare = new Float32Array(n);
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    if (table.excluded[i] !== 0) continue;
    const published = index.publishedAt[i]!;
    if ((from !== -Infinity || to !== Infinity) && (Number.isNaN(published) || published < from || published >= to)) continue;
    let matched = 0;
    let banned = false;
    for (let k = index.tagStart[i]!; k < index.tagStart[i + 1]!; k += 1) {
      const feature = index.tagFeatureIds[k]!;
      if (exclude.has(feature)) banned = true;
      else if (include.includes(feature)) matched += 1;
    }
    if (banned || (include.length > 0 && matched === 0)) continue;
    if (include.length === 0 && wordMax > 0 && words[i]! <= 0) continue;
    candidate[i] = 1;
    tagShare[i] = include.length === 0 ? 0 : matched / include.length;
  }
  const taste = scaledTaste(table, request.weights, candidate);
  const heap = new TopK(Math.max(0, request.limit));
  for (let i = 0; i < n; i += 1) {
    if (candidate[i] === 0) continue;
    const wordScore = wordMax > 0 ? words[i]! / wordMax : 0;
    heap.push(i, INTENT_SHARES.tags * tagShare[i]! + INTENT_SHARES.words * wordScore + INTENT_SHARES.taste * taste[i]!);
  }
  return heap.drain().map((pick) => ({
    itemId: lexical.itemIds[pick.position]!,
    score: pick.score,
    explanation: explainItem(index, table, request.weights, pick.position, -1),
  }));
}
