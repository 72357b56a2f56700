import type { MindImpression } from '../datasets/mind';
import { withRanking } from '../index/catalogue-index';
import { DEFAULT_SIGNAL_WEIGHTS } from '../rank/priors';
import { hashUniform } from './impression-metrics';
import { evaluateNews, siftScorer, type NewsEvaluationInput, type NewsScores } from './news';
import { oneStandardErrorChoice } from './user-scorer';

/**
 * The `semantic` weight tuned on news impressions, as a site would tune it on its own readers:
 * each weight of a grid published as the catalogue's priors (warm and cold alike), scored by
 * AUC over the impressions, then the one-standard-error rule: the weight nearest Sift's default
 * whose AUC is within one standard error of the best's. A weight once tuned on a slice with
 * another mix of readers lost 2.6 AUC on held-out impressions; the rule is what keeps a tuned
 * weight from following one slice's noise.
 */
export const SEMANTIC_GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2] as const;

export interface SemanticTuning {
  /** The weight chosen. */
  readonly weight: number;
  /** The best weight on these impressions, which the rule may have passed over. */
  readonly best: number;
  /** Every weight's AUC (with its standard error) on the impressions tuned on. */
  readonly byWeight: ReadonlyArray<{ readonly weight: number; readonly auc: number; readonly se: number }>;
}

/** The impressions' catalogue (`input.index`, with vectors) scored with `semantic` at `weight`. */
export function scoreWithSemantic(input: NewsEvaluationInput, weight: number): NewsScores {
  const index = withRanking(input.index, { ...(input.index.ranking ?? { warm: {}, cold: {} }), warm: { ...input.index.ranking?.warm, semantic: weight }, cold: { ...input.index.ranking?.cold, semantic: weight } });
  return evaluateNews({ ...input, index }, siftScorer(index, undefined));
}

export function tuneSemanticOnImpressions(input: NewsEvaluationInput, defaultWeight: number = DEFAULT_SIGNAL_WEIGHTS.semantic): SemanticTuning {
  const byWeight = SEMANTIC_GRID.map((weight) => {
    const scores = scoreWithSemantic(input, weight);
    return { weight, auc: scores.auc, se: scores.se.auc };
  });
  const nearestDefault = [...byWeight].sort((a, b) => Math.abs(a.weight - defaultWeight) - Math.abs(b.weight - defaultWeight) || a.weight - b.weight);
  const { chosen, best } = oneStandardErrorChoice(nearestDefault, (entry) => ({ mean: entry.auc, se: entry.se }));
  return { weight: chosen.weight, best: best.weight, byWeight };
}

/** Two halves of the impressions, by reader (by impression where the reader is not given), for tuning on one and scoring on the other. */
export function impressionHalves(impressions: readonly MindImpression[], seed: number): readonly [MindImpression[], MindImpression[]] {
  const halves: [MindImpression[], MindImpression[]] = [[], []];
  for (const impression of impressions) halves[hashUniform(seed + 7, impression.user ?? `#${impression.impressionId}`) < 0.5 ? 0 : 1].push(impression);
  return halves;
}
