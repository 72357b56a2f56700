import type { LoggedInteraction } from '../collab/interaction-log';
import { easeModel, easeScores, type EaseOptions } from '../collab/ease';
import { rp3betaWeights, scoreWithWeights, type Rp3betaOptions } from '../collab/rp3beta';
import { userItemMatrix, type MatrixInput } from '../collab/user-item-matrix';
import type { CatalogueIndex } from '../index/catalogue-index';
import { TopK } from '../rank/top-k';
import type { MethodScores } from './evaluate';
import { itemSimilarity } from '../rank/rerank';
import { hitAt, intraListDiversity, ndcgAt, recallAt, reciprocalRank } from './metrics';
import type { UserSplit } from './split';

/**
 * The strongest classic item-item models, side by side with Sift in `npm run eval`: RP3beta and
 * EASE, learnt from the same training rows, with their hyperparameters chosen on a validation
 * split made from the training part only (never on the test positives).
 */
export type ClassicModel =
  | { readonly kind: 'rp3beta'; readonly input: MatrixInput; readonly options: Rp3betaOptions }
  | { readonly kind: 'ease'; readonly input: MatrixInput; readonly options: EaseOptions };

/** EASE inverts a dense n × n matrix: at most this many items (the most engaged) are modelled. */
export const EASE_MAX_ITEMS = 1_500;

/**
 * The grids searched. Both learn from positives: on ml-latest-small's validation split every
 * rating as an interaction lost clearly (RP3beta 0.106 against 0.130, EASE 0.113 against 0.142
 * NDCG@10), so that axis is not searched each run.
 */
export function rp3betaGrid(): ClassicModel[] {
  return [0.5, 0.75, 1].flatMap((alpha) => [0, 0.2, 0.4, 0.6].flatMap((beta) => [50, 200].map((neighbors) => ({ kind: 'rp3beta' as const, input: 'positives' as const, options: { alpha, beta, neighbors } }))));
}

export function easeGrid(rows: readonly LoggedInteraction[]): ClassicModel[] {
  const minUsers = easeMinUsers(rows, 'positives');
  return [25, 50, 100, 200].map((lambda) => ({ kind: 'ease' as const, input: 'positives' as const, options: { lambda, minUsers } }));
}

/** The fewest users an item needs for EASE to model at most EASE_MAX_ITEMS items (and at least 2). */
export function easeMinUsers(rows: readonly LoggedInteraction[], input: MatrixInput): number {
  const users = new Map<string, Set<number>>();
  for (const row of rows) {
    if (input === 'positives' && row.polarity !== 1) continue;
    let who = users.get(row.item);
    if (who === undefined) users.set(row.item, (who = new Set()));
    who.add(row.user);
  }
  const counts = [...users.values()].map((who) => who.size).sort((a, b) => b - a);
  return Math.max(2, counts.length > EASE_MAX_ITEMS ? counts[EASE_MAX_ITEMS]! + 1 : 2);
}

export function describeModel(model: ClassicModel): string {
  return model.kind === 'rp3beta'
    ? `alpha ${model.options.alpha}, beta ${model.options.beta}, ${model.options.neighbors} neighbours, ${model.input}`
    : `lambda ${model.options.lambda}, items with ≥ ${model.options.minUsers} users, ${model.input}`;
}

type UserScorer = (history: Int32Array, scores: Float32Array) => Float32Array;

/** Learns the model from `train` over the index's items. */
export function trainModel(model: ClassicModel, train: readonly LoggedInteraction[], index: CatalogueIndex): UserScorer {
  const matrix = userItemMatrix(train, index.lexical.positionById, index.itemCount, model.input);
  if (model.kind === 'rp3beta') {
    const weights = rp3betaWeights(matrix, model.options);
    return (history, scores) => scoreWithWeights(weights, history, scores);
  }
  const ease = easeModel(matrix, model.options);
  return (history, scores) => easeScores(ease, history, scores);
}

const LIST = 20;
/** Popularity breaks ties (and ranks what the model gives nothing), as for the other baselines. */
const TIE_BREAK = 1e-6;

/** The model's top 20 for each user, excluding what they interacted with, and the metrics. */
export function evaluateModel(score: UserScorer, index: CatalogueIndex, users: readonly UserSplit[], input: MatrixInput): MethodScores {
  const scores = new Float32Array(index.itemCount);
  let maxPopularity = 0;
  for (let i = 0; i < index.itemCount; i += 1) maxPopularity = Math.max(maxPopularity, index.popularity[i]!);
  const sums = { ndcg: 0, recall: 0, hit: 0, mrr: 0, ild: 0 };
  const similarity = (a: number, b: number): number => itemSimilarity(index, a, b);
  const shown = new Set<number>();
  for (const user of users) {
    const seen = new Set<number>();
    const history: number[] = [];
    for (const row of user.train) {
      const position = index.lexical.positionById.get(row.item);
      if (position === undefined) continue;
      seen.add(position);
      if (input === 'all' || row.polarity === 1) history.push(position);
    }
    score(Int32Array.from(history), scores);
    const heap = new TopK(LIST);
    for (let i = 0; i < index.itemCount; i += 1) {
      if (seen.has(i)) continue;
      heap.push(i, scores[i]! + (TIE_BREAK * index.popularity[i]!) / Math.max(1, maxPopularity));
    }
    const positions = heap.drain().map((entry) => entry.position);
    const ids = positions.map((p) => index.lexical.itemIds[p]!);
    sums.ndcg += ndcgAt(ids, user.test, 10);
    sums.recall += recallAt(ids, user.test, 20);
    sums.hit += hitAt(ids, user.test, 10);
    sums.mrr += reciprocalRank(ids, user.test);
    sums.ild += intraListDiversity(positions.slice(0, 10), similarity);
    for (const p of positions.slice(0, 10)) shown.add(p);
  }
  const n = Math.max(1, users.length);
  return { 'ndcg@10': sums.ndcg / n, 'recall@20': sums.recall / n, 'hit@10': sums.hit / n, mrr: sums.mrr / n, coverage: shown.size / Math.max(1, index.itemCount), ild: sums.ild / n };
}

/** The grid's best model by validation NDCG@10 (learnt on `validation.train`, scored on its users). */
export function chooseOnValidation(grid: readonly ClassicModel[], train: readonly LoggedInteraction[], users: readonly UserSplit[], index: CatalogueIndex): { readonly model: ClassicModel; readonly ndcg: number } {
  let best: { model: ClassicModel; ndcg: number } | null = null;
  for (const model of grid) {
    const ndcg = evaluateModel(trainModel(model, train, index), index, users, model.input)['ndcg@10'];
    if (best === null || ndcg > best.ndcg + 1e-9) best = { model, ndcg };
  }
  if (best === null) throw new Error('an empty grid');
  return best;
}

interface EvaluationPart {
  readonly train: readonly LoggedInteraction[];
  readonly users: readonly UserSplit[];
  readonly index: CatalogueIndex;
}

/**
 * One baseline row of `npm run eval`: the grid's best on the validation part, learnt again on
 * the whole training part (EASE's item cut worked out again for it) and scored on the test users.
 */
export function runClassicBaseline(kind: ClassicModel['kind'], validation: EvaluationPart, test: EvaluationPart): { readonly scores: MethodScores; readonly model: ClassicModel; readonly validationNdcg: number } {
  const grid = kind === 'rp3beta' ? rp3betaGrid() : easeGrid(validation.train);
  const best = chooseOnValidation(grid, validation.train, validation.users, validation.index);
  const model: ClassicModel = best.model.kind === 'ease' ? { ...best.model, options: { ...best.model.options, minUsers: easeMinUsers(test.train, best.model.input) } } : best.model;
  return { scores: evaluateModel(trainModel(model, test.train, test.index), test.index, test.users, model.input), model, validationNdcg: best.ndcg };
}
