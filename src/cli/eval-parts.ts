import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import type { LoggedInteraction } from '../core/collab/interaction-log';
import type { CooccurrenceOptions } from '../core/collab/cooccurrence';
import { itemAggregates, withAggregates, withoutNeighbors } from '../core/collab/item-aggregates';
import { movieLensItems, type MovieLensData } from '../core/datasets/movielens';
import { describeModel, runClassicBaseline } from '../core/eval/classic-models';
import { evaluate, type MethodName, type MethodScores } from '../core/eval/evaluate';
import { coldStartFolds, DEFAULT_SPLIT_OPTIONS, splitInteractions, type EvaluationSplit } from '../core/eval/split';
import { buildCatalogueIndex, withRanking, type CatalogueIndex } from '../core/index/catalogue-index';
import { tunePriorsOnLog } from '../publisher/build-from-logs';

/**
 * The MovieLens table of `npm run eval`, over one part (warm: every user with the standard
 * split) or five (a cold start: coldStartFolds, so no user's later rows teach the neighbours or
 * the models that score them). In each part the catalogue's popularity and neighbours, the
 * classic models and the tuned priors are learnt from that part's training rows only; the
 * figures are then averaged over all users (coverage: the mean of the parts').
 */
export interface EvalTable {
  readonly rows: readonly string[];
  readonly results: Record<string, MethodScores>;
  readonly users: number;
  readonly itemCount: number;
  /** Per part: the classic models chosen on validation, and the tuning report. */
  readonly classic: ReadonlyArray<Record<string, { readonly chosen: string; readonly validationNdcg: number }>>;
  readonly tuning: readonly unknown[];
}

export interface EvalTableOptions {
  readonly data: MovieLensData;
  readonly log: readonly LoggedInteraction[];
  readonly coldEvents: number | undefined;
  readonly noNeighbors: boolean;
  /** How the catalogue's neighbours are learnt (`--neighbor-model` and its options; the builder's defaults otherwise). */
  readonly cooccurrence: CooccurrenceOptions;
  /** Adds the rp3beta and ease rows (not without neighbours: a site without logs has nothing to learn them from). */
  readonly classic: boolean;
  readonly tuned: boolean;
  readonly seed: number;
  /** Only the first N users (of each part). */
  readonly users: number | undefined;
  /** Adds sift+vectors with this index's vectors (null: none). */
  readonly vectors: ((index: CatalogueIndex, items: readonly CatalogueItem[]) => Promise<CatalogueIndex>) | null;
  readonly say: (line: string) => void;
}

/** sift-tuned with Sift's own ramp (5→30) in place of the learnt one. */
export const OWN_RAMP_ROW = 'sift-tuned, ramp 5→30';

export async function evaluateTable(options: EvalTableOptions): Promise<EvalTable> {
  const { coldEvents, noNeighbors, seed } = options;
  const parts: EvaluationSplit[] = coldEvents === undefined ? [splitInteractions(options.log, DEFAULT_SPLIT_OPTIONS)] : coldStartFolds(options.log, { ...DEFAULT_SPLIT_OPTIONS, coldEvents });
  // Without neighbours item-kNN has nothing to rank by (it would be the popularity row again); nor have the classic models (a site without logs).
  const methods: MethodName[] = ['random', 'popularity', ...(noNeighbors ? [] : ['itemknn' as const]), 'lexical', 'sift-norerank', 'sift'];
  const perPart: Array<{ users: number; results: Record<string, MethodScores> }> = [];
  const classic: EvalTable['classic'][number][] = [];
  const tuning: unknown[] = [];
  let rows: string[] = [];
  let itemCount = 0;
  for (const [p, part] of parts.entries()) {
    if (parts.length > 1) options.say(`fold ${p + 1} of ${parts.length}…`);
    const users = options.users === undefined ? part.users : part.users.slice(0, options.users);
    const items = itemsFrom(options.data, part.train);
    const withNeighbors = withAggregates(items, itemAggregates(part.train, options.cooccurrence));
    const index = buildCatalogueIndex(noNeighbors ? withoutNeighbors(withNeighbors) : withNeighbors);
    itemCount = index.itemCount;
    const results = evaluate(index, users, methods, seed);
    rows = [...methods];
    const vectorIndex = options.vectors === null ? null : await options.vectors(index, items);
    if (vectorIndex !== null) {
      results['sift+vectors'] = evaluate(vectorIndex, users, ['sift'], seed).sift!;
      rows.push('sift+vectors');
    }
    const chosen: Record<string, { chosen: string; validationNdcg: number }> = {};
    if (options.classic && !noNeighbors) {
      // Hyperparameters on a validation split of this part's training rows (a cold start: one fair
      // fold of it, of users other than the ones this part scores, whose later rows it lacks).
      const valid = coldEvents === undefined ? splitInteractions(part.train, DEFAULT_SPLIT_OPTIONS) : coldStartFolds(part.train, { ...DEFAULT_SPLIT_OPTIONS, coldEvents }, parts.length)[(p + 1) % parts.length]!;
      const validIndex = buildCatalogueIndex(withAggregates(itemsFrom(options.data, valid.train), itemAggregates(valid.train, options.cooccurrence)));
      for (const kind of ['rp3beta', 'ease'] as const) {
        const baseline = runClassicBaseline(kind, { train: valid.train, users: valid.users, index: validIndex }, { train: part.train, users, index });
        results[kind] = baseline.scores;
        chosen[kind] = { chosen: describeModel(baseline.model), validationNdcg: Number(baseline.validationNdcg.toFixed(4)) };
        rows.push(kind);
      }
    }
    classic.push(chosen);
    if (options.tuned) {
      // Exactly what `npm run catalog -- build --interactions` does with a site's log, given the training part.
      const tuned = await tunePriorsOnLog({ items, log: part.train, neighbors: !noNeighbors, cooccurrence: options.cooccurrence });
      tuning.push(tuned);
      results['sift-tuned'] = evaluate(withRanking(index, tuned.priors), users, ['sift'], seed).sift!;
      rows.push('sift-tuned');
      // The same weights with Sift's own cold-to-warm ramp: what the learnt ramp adds on its own.
      const { history: _learntRamp, ...ownRamp } = tuned.priors;
      results[OWN_RAMP_ROW] = evaluate(withRanking(index, ownRamp), users, ['sift'], seed).sift!;
      rows.push(OWN_RAMP_ROW);
      if (vectorIndex !== null && vectorIndex.vectors !== null && vectorIndex.vectorModel !== null) {
        // The builder as it runs with an embedding model: the same vectors in its validation catalogue, so `semantic` is tuned too.
        const withVectors = await tunePriorsOnLog({ items, log: part.train, neighbors: !noNeighbors, cooccurrence: options.cooccurrence, vectors: { vectors: vectorIndex.vectors, model: vectorIndex.vectorModel } });
        tuning.push(withVectors);
        results['sift-tuned+vectors'] = evaluate(withRanking(vectorIndex, withVectors.priors), users, ['sift'], seed).sift!;
        rows.push('sift-tuned+vectors');
      }
    }
    perPart.push({ users: users.length, results });
  }
  const total = perPart.reduce((sum, part) => sum + part.users, 0);
  const results: Record<string, MethodScores> = {};
  for (const row of rows) {
    const mean = (metric: keyof MethodScores): number => perPart.reduce((sum, part) => sum + part.results[row]![metric] * part.users, 0) / Math.max(1, total);
    results[row] = { 'ndcg@10': mean('ndcg@10'), 'recall@20': mean('recall@20'), 'hit@10': mean('hit@10'), mrr: mean('mrr'), coverage: mean('coverage'), ild: mean('ild') };
  }
  return { rows, results, users: total, itemCount, classic, tuning };
}

/** The catalogue's items with summaries from the given training rows only. */
export function itemsFrom(data: MovieLensData, train: readonly { readonly user: number; readonly item: string }[]): CatalogueItem[] {
  const kept = new Set(train.map((row) => `${row.user} ${row.item}`));
  return movieLensItems(data, data.ratings.filter((r) => kept.has(`${r.userId} ml-${r.movieId}`)));
}
