import type { MindImpression } from '../datasets/mind';
import type { CatalogueIndex } from '../index/catalogue-index';
import { featureSourceOf } from '../index/catalogue-index';
import { InterestProfile } from '../profile/interest-profile';
import { profileOptionsFor } from '../rank/priors';
import { scoreCandidates } from '../rank/score-candidates';
import type { SignalWeights } from '../rank/signals';
import { onlySignal } from './evaluate';
import { hashUniform, impressionMetrics, IMPRESSION_METRICS, meanWithError, strictOrder, type ImpressionMetricName, type MeanWithError } from './impression-metrics';

/**
 * News evaluation, MIND's protocol: per impression, the reader's history is replayed as opens,
 * oldest first (at their times when given, otherwise one NEWS_HISTORY_SPACING_MS apart, the last
 * that long before the impression), then every candidate of the impression is scored and the
 * per-impression metrics averaged.
 */
export type NewsMethod = 'random' | 'mostpop' | 'topicpop' | 'lexical' | 'sift';

export const NEWS_METHODS: readonly NewsMethod[] = ['random', 'mostpop', 'topicpop', 'lexical', 'sift'];

export const NEWS_HISTORY_SPACING_MS = 3_600_000;
/** When the file gives no time: a fixed instant (the data's own week, November 2019), so runs repeat. */
export const NEWS_DEFAULT_TIME = Date.UTC(2019, 10, 15);

export type NewsScores = Readonly<Record<ImpressionMetricName, number>> & {
  /** Standard errors of the means above. */
  readonly se: Readonly<Record<ImpressionMetricName, number>>;
  /** Impressions averaged (those with both a click and a non-click). */
  readonly impressions: number;
};

export interface NewsEvaluationInput {
  readonly index: CatalogueIndex;
  readonly impressions: readonly MindImpression[];
  /** Exposure counts (MostPop, and TopicPop's ties). */
  readonly exposure: ReadonlyMap<string, number>;
  /** Each news id's category (TopicPop). */
  readonly categoryOf: ReadonlyMap<string, string>;
  readonly seed: number;
}

/** The replayed history's events and the impression's time. */
export function replayHistory(impression: MindImpression): { readonly events: Array<{ kind: 'open'; itemId: string; at: number }>; readonly now: number } {
  const now = impression.time ?? NEWS_DEFAULT_TIME;
  const count = impression.history.length;
  return { now, events: impression.history.map((itemId, i) => ({ kind: 'open', itemId, at: now - (count - i) * NEWS_HISTORY_SPACING_MS })) };
}

/** One method's scores for one impression's candidates, in their order. */
export type ImpressionScorer = (impression: MindImpression) => Float64Array;

export function evaluateNews(input: NewsEvaluationInput, scorer: ImpressionScorer): NewsScores {
  const values: Record<ImpressionMetricName, number[]> = { auc: [], mrr: [], 'ndcg@5': [], 'ndcg@10': [] };
  for (const impression of input.impressions) {
    const scores = scorer(impression);
    const tieBreak = impression.candidates.map((c) => hashUniform(input.seed, `${impression.impressionId} ${c.newsId}`));
    const metrics = impressionMetrics(strictOrder(scores, tieBreak), impression.candidates.map((c) => c.clicked));
    if (metrics === null) continue;
    for (const name of IMPRESSION_METRICS) values[name].push(metrics[name]);
  }
  const stats = Object.fromEntries(IMPRESSION_METRICS.map((name) => [name, meanWithError(values[name])])) as Record<ImpressionMetricName, MeanWithError>;
  return {
    auc: stats.auc.mean,
    mrr: stats.mrr.mean,
    'ndcg@5': stats['ndcg@5'].mean,
    'ndcg@10': stats['ndcg@10'].mean,
    se: { auc: stats.auc.se, mrr: stats.mrr.se, 'ndcg@5': stats['ndcg@5'].se, 'ndcg@10': stats['ndcg@10'].se },
    impressions: values.auc.length,
  };
}

/** The scorer of a named method. */
export function newsScorer(input: NewsEvaluationInput, method: NewsMethod): ImpressionScorer {
  const { index, exposure, categoryOf, seed } = input;
  const logExposure = (id: string): number => Math.log1p(exposure.get(id) ?? 0);
  switch (method) {
    case 'random':
      return (impression) => Float64Array.from(impression.candidates, (c) => hashUniform(seed + 1, `${impression.impressionId} ${c.newsId}`));
    case 'mostpop':
      return (impression) => Float64Array.from(impression.candidates, (c) => exposure.get(c.newsId) ?? 0);
    case 'topicpop':
      // RecPrompt's TopicPop: a candidate whose category is in the reader's history first, then by exposure.
      return (impression) => {
        const read = new Set(impression.history.map((id) => categoryOf.get(id)));
        const maxLog = Math.max(1, ...impression.candidates.map((c) => logExposure(c.newsId)));
        return Float64Array.from(impression.candidates, (c) => (read.has(categoryOf.get(c.newsId)) ? 1 : 0) + (0.5 * logExposure(c.newsId)) / maxLog);
      };
    case 'lexical':
      return siftScorer(index, onlySignal('interest'));
    case 'sift':
      return siftScorer(index, undefined);
  }
}

/** Sift on each impression: the history replayed into a profile, the candidates scored as a list (scoreCandidates). */
export function siftScorer(index: CatalogueIndex, weights: SignalWeights | undefined): ImpressionScorer {
  const source = featureSourceOf(index);
  const options = profileOptionsFor(index);
  return (impression) => {
    const profile = new InterestProfile(options);
    const { events, now } = replayHistory(impression);
    for (const event of events) profile.apply(event, source);
    const { scored } = scoreCandidates(index, profile, { ids: impression.candidates.map((c) => c.newsId), now, ...(weights === undefined ? {} : { weights }) });
    const byId = new Map(scored.map((entry) => [entry.itemId, entry.score]));
    return Float64Array.from(impression.candidates, (c) => byId.get(c.newsId) ?? -Infinity);
  };
}

