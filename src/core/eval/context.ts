import type { LoggedInteraction } from '../collab/interaction-log';
import { compareInteractions } from '../collab/interaction-log';
import type { CatalogueIndex } from '../index/catalogue-index';
import { featureSourceOf } from '../index/catalogue-index';
import { InterestProfile } from '../profile/interest-profile';
import { priorWeights, profileOptionsFor } from '../rank/priors';
import { NO_RERANK, rankCatalogue } from '../rank/rank-catalogue';
import type { SignalWeights } from '../rank/signals';
import { onlySignal } from './evaluate';
import { hitAt, ndcgAt, reciprocalRank } from './metrics';
import type { UserSplit } from './split';

/**
 * Recommendations around an item, offline (`npm run eval -- --context`): for each test positive
 * of a user, the context is that user's previous positive (the item they were "reading" just
 * before), the profile is their training history, and the one relevant item is the test positive.
 * Everything the user touched in training, and the context, is left out of the ranking.
 */
export type ContextMethod = 'itemknn-context' | 'sift' | 'sift-context';
export const CONTEXT_METHODS: readonly ContextMethod[] = ['itemknn-context', 'sift', 'sift-context'];

export interface ContextCase {
  readonly user: UserSplit;
  readonly context: string;
  readonly target: string;
}

export interface ContextScores {
  readonly 'ndcg@10': number;
  readonly 'hit@10': number;
  readonly mrr: number;
  readonly cases: number;
}

/** Each test positive with the positive before it (from the user's whole time-ordered log). */
export function contextCases(log: readonly LoggedInteraction[], users: readonly UserSplit[], maxPerUser = Infinity): ContextCase[] {
  const positivesByUser = new Map<number, LoggedInteraction[]>();
  for (const row of log) {
    if (row.polarity !== 1) continue;
    let list = positivesByUser.get(row.user);
    if (list === undefined) positivesByUser.set(row.user, (list = []));
    list.push(row);
  }
  const cases: ContextCase[] = [];
  for (const user of users) {
    const positives = (positivesByUser.get(user.userId) ?? []).sort(compareInteractions);
    let taken = 0;
    for (let i = 1; i < positives.length && taken < maxPerUser; i += 1) {
      if (!user.test.has(positives[i]!.item)) continue;
      cases.push({ user, context: positives[i - 1]!.item, target: positives[i]!.item });
      taken += 1;
    }
  }
  return cases;
}

const LIST = 20;
export function evaluateContext(index: CatalogueIndex, cases: readonly ContextCase[], weights?: (profile: InterestProfile) => SignalWeights): Record<ContextMethod, ContextScores> {
  const source = featureSourceOf(index);
  const options = profileOptionsFor(index);
  const sums = Object.fromEntries(CONTEXT_METHODS.map((m) => [m, { ndcg: 0, hit: 0, mrr: 0 }])) as Record<ContextMethod, { ndcg: number; hit: number; mrr: number }>;
  let profile: InterestProfile | null = null;
  let profileOf: UserSplit | null = null;
  const coreadOnly = onlySignal('coread');
  for (const c of cases) {
    if (profileOf !== c.user) {
      profile = new InterestProfile(options);
      for (const event of c.user.events) profile.apply(event, source);
      profileOf = c.user;
    }
    const relevant = new Set([c.target]);
    const w = weights?.(profile!) ?? priorWeights(index, profile!);
    const base = { limit: LIST, now: c.user.now, exclude: 'interacted' as const };
    const lists: Record<ContextMethod, string[]> = {
      'itemknn-context': rankCatalogue(index, profile!, { ...base, context: c.context, weights: coreadOnly, rerank: NO_RERANK }).map((r) => r.itemId),
      sift: rankCatalogue(index, profile!, { ...base, weights: w }).map((r) => r.itemId),
      'sift-context': rankCatalogue(index, profile!, { ...base, context: c.context, weights: w }).map((r) => r.itemId),
    };
    for (const method of CONTEXT_METHODS) {
      const ids = lists[method].filter((id) => id !== c.context);
      sums[method].ndcg += ndcgAt(ids, relevant, 10);
      sums[method].hit += hitAt(ids, relevant, 10);
      sums[method].mrr += reciprocalRank(ids, relevant);
    }
  }
  const n = Math.max(1, cases.length);
  return Object.fromEntries(CONTEXT_METHODS.map((m) => [m, { 'ndcg@10': sums[m].ndcg / n, 'hit@10': sums[m].hit / n, mrr: sums[m].mrr / n, cases: cases.length }])) as Record<ContextMethod, ContextScores>;
}

