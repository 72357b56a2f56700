import type { CatalogueIndex } from '../index/catalogue-index';
import { featureSourceOf } from '../index/catalogue-index';
import { InterestProfile } from '../profile/interest-profile';
import { engagementFor, profileOptionsFor } from '../rank/priors';
import { seededRandom } from '../random/seeded-random';
import { DEFAULT_RERANK, NO_RERANK, rankFromSignals, type RerankSettings } from '../rank/rank-catalogue';
import { itemSimilarity } from '../rank/rerank';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, SIGNALS, type SignalName, type SignalWeights } from '../rank/signals';
import { TopK } from '../rank/top-k';
import { hitAt, intraListDiversity, ndcgAt, recallAt, reciprocalRank } from './metrics';
import type { UserSplit } from './split';

export interface MethodScores {
  readonly 'ndcg@10': number;
  readonly 'recall@20': number;
  readonly 'hit@10': number;
  readonly mrr: number;
  readonly coverage: number;
  readonly ild: number;
}

export type MethodName = 'random' | 'popularity' | 'itemknn' | 'lexical' | 'sift' | 'sift-norerank';

/** Ties among items a baseline scores zero are broken by popularity, not by catalogue order. */
const TIE_BREAK = 1e-3;

/** One signal alone (a baseline), popularity breaking its ties unless told not to. */
export function onlySignal(signal: SignalName, tieBreak = true): SignalWeights {
  const weights = Object.fromEntries(SIGNALS.map((s) => [s, 0])) as Record<SignalName, number>;
  weights[signal] = 1;
  if (tieBreak && signal !== 'popularity') weights.popularity = TIE_BREAK;
  return weights;
}

interface MethodSpec {
  /** Absent: Sift's own prior for the user's history length. */
  readonly weights?: SignalWeights;
  readonly rerank: RerankSettings;
}

export const METHODS: Readonly<Record<Exclude<MethodName, 'random'>, MethodSpec>> = {
  popularity: { weights: onlySignal('popularity'), rerank: NO_RERANK },
  itemknn: { weights: onlySignal('neighbors'), rerank: NO_RERANK },
  lexical: { weights: onlySignal('interest'), rerank: NO_RERANK },
  sift: { rerank: DEFAULT_RERANK },
  'sift-norerank': { rerank: NO_RERANK },
};

const LIST = 20;

/** Ranks every user with every method (one signal table per user) and averages the metrics. */
export function evaluate(index: CatalogueIndex, users: readonly UserSplit[], methods: readonly MethodName[], seed: number): Record<string, MethodScores> {
  const source = featureSourceOf(index);
  const sums = new Map<MethodName, { ndcg: number; recall: number; hit: number; mrr: number; ild: number; shown: Set<number> }>();
  for (const method of methods) sums.set(method, { ndcg: 0, recall: 0, hit: 0, mrr: 0, ild: 0, shown: new Set() });
  const random = seededRandom(seed);
  const similarity = (a: number, b: number): number => itemSimilarity(index, a, b);
  const profileOptions = profileOptionsFor(index);

  for (const user of users) {
    const profile = new InterestProfile(profileOptions);
    for (const event of user.events) profile.apply(event, source);
    const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, engagement: engagementFor(index), now: user.now, exclude: 'interacted' });
    for (const method of methods) {
      let positions: number[];
      if (method === 'random') {
        const heap = new TopK(LIST);
        for (let i = 0; i < index.itemCount; i += 1) if (table.excluded[i] === 0) heap.push(i, random());
        positions = heap.drain().map((e) => e.position);
      } else {
        const spec = METHODS[method];
        positions = rankFromSignals(index, table, profile, {
          limit: LIST,
          now: user.now,
          rerank: spec.rerank,
          seed: user.userId,
          ...(spec.weights === undefined ? {} : { weights: spec.weights }),
        }).map(
          (r) => index.lexical.positionById.get(r.itemId)!,
        );
      }
      const ids = positions.map((p) => index.lexical.itemIds[p]!);
      const s = sums.get(method)!;
      s.ndcg += ndcgAt(ids, user.test, 10);
      s.recall += recallAt(ids, user.test, 20);
      s.hit += hitAt(ids, user.test, 10);
      s.mrr += reciprocalRank(ids, user.test);
      s.ild += intraListDiversity(positions.slice(0, 10), similarity);
      for (const p of positions.slice(0, 10)) s.shown.add(p);
    }
  }
  const n = Math.max(1, users.length);
  const result: Record<string, MethodScores> = {};
  for (const [method, s] of sums) {
    result[method] = {
      'ndcg@10': s.ndcg / n,
      'recall@20': s.recall / n,
      'hit@10': s.hit / n,
      mrr: s.mrr / n,
      coverage: s.shown.size / Math.max(1, index.itemCount),
      ild: s.ild / n,
    };
  }
  return result;
}
