/**
 * Offline evaluation on a MovieLens folder (ml-latest-small layout: ratings.csv and movies.csv;
 * tags.csv and links.csv optional):
 *   npm run eval [-- --data DIR] [--cold 3] [--no-neighbors] [--priors tuned] [--json] [--seed 1] [--users N]
 *   npm run eval -- --tune [--no-neighbors]   (prints the priors Sift's defaults come from)
 * Methods side by side: random, popularity, co-occurrence item-kNN, lexical profile, and Sift
 * (and sift-tuned: priors tuned on the training part exactly as the catalogue builder does).
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { itemAggregates, withAggregates, withoutNeighbors } from '../core/collab/item-aggregates';
import { movieLensInteractions, movieLensItems, type MovieLensData } from '../core/datasets/movielens';
import { evaluate, type MethodName, type MethodScores } from '../core/eval/evaluate';
import { DEFAULT_SPLIT_OPTIONS, splitInteractions } from '../core/eval/split';
import { tunePriors } from '../core/eval/tune';
import { buildCatalogueIndex, withRanking } from '../core/index/catalogue-index';
import { tunePriorsOnLog } from '../publisher/build-from-logs';
import { readMovieLensOrExit } from './read-movielens';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/movielens-latest-small' },
    cold: { type: 'string' },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    users: { type: 'string' },
    tune: { type: 'boolean', default: false },
    'no-neighbors': { type: 'boolean', default: false },
    priors: { type: 'string', default: 'default' },
  },
});
const dataDir = resolve(values.data);
if (!existsSync(dataDir)) {
  console.error(`${dataDir}: no such folder (pass --data <a folder with ratings.csv and movies.csv; tags.csv and links.csv are optional>)`);
  process.exit(2);
}
if (values.priors !== 'default' && values.priors !== 'tuned') {
  console.error(`--priors takes "default" or "tuned", not "${values.priors}".`);
  process.exit(2);
}
const noNeighbors = values['no-neighbors'];
const coldEvents = values.cold === undefined ? undefined : Number(values.cold);
const started = performance.now();
const { data, description, files } = readMovieLensOrExit(dataDir);
const dataset = basename(dataDir);
const log = movieLensInteractions(data.ratings);
// Popularity and neighbours come from the standard split's training part in every mode.
const standard = splitInteractions(log, DEFAULT_SPLIT_OPTIONS);
const trainItems = itemsFrom(data, standard.train);

if (values.tune) {
  // Sift's own defaults: the validation protocol applied inside the training part only, so
  // the test positives never choose a weight.
  const warm = splitInteractions(standard.train, DEFAULT_SPLIT_OPTIONS);
  const cold = splitInteractions(standard.train, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: coldEvents ?? 3 });
  const items = withAggregates(itemsFrom(data, warm.train), itemAggregates(warm.train));
  const index = buildCatalogueIndex(noNeighbors ? withoutNeighbors(items) : items);
  console.log(JSON.stringify(tunePriors(index, warm.users, cold.users)));
  process.exit(0);
}

const split = coldEvents === undefined ? standard : splitInteractions(log, { ...DEFAULT_SPLIT_OPTIONS, coldEvents });
const withNeighbors = withAggregates(trainItems, itemAggregates(standard.train));
const index = buildCatalogueIndex(noNeighbors ? withoutNeighbors(withNeighbors) : withNeighbors);
const users = values.users === undefined ? split.users : split.users.slice(0, Number(values.users));
// Without neighbours item-kNN has nothing to rank by (it would be the popularity row again).
const methods: MethodName[] = ['random', 'popularity', ...(noNeighbors ? [] : ['itemknn' as const]), 'lexical', 'sift-norerank', 'sift'];
const results: Record<string, MethodScores> = evaluate(index, users, methods, Number(values.seed));
const rows: string[] = [...methods];
let tuning: unknown = null;
if (values.priors === 'tuned') {
  // Exactly what `npm run catalog -- build --interactions` does with a site's log, given the training part.
  const tuned = await tunePriorsOnLog({ items: trainItems, log: standard.train, neighbors: !noNeighbors });
  tuning = tuned;
  results['sift-tuned'] = evaluate(withRanking(index, tuned.priors), users, ['sift'], Number(values.seed)).sift!;
  rows.push('sift-tuned');
}
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  console.log(
    JSON.stringify({ dataset, files, users: users.length, cold: coldEvents ?? null, neighbors: !noNeighbors, priors: values.priors, seconds: Number(seconds.toFixed(1)), methods: results, tuning }),
  );
} else {
  const columns = ['ndcg@10', 'recall@20', 'hit@10', 'mrr', 'coverage', 'ild'] as const;
  const protocol = coldEvents === undefined ? 'last 20% of positives held out' : `cold start: first ${coldEvents} events only`;
  console.log(`Data: ${description}`);
  console.log(`${dataset}, ${users.length} users, ${protocol}, ${index.itemCount} items${noNeighbors ? ', no neighbours in the catalogue' : ''}`);
  console.log(`| method | ${columns.join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const method of rows) {
    const r = results[method]!;
    console.log(`| ${method} | ${columns.map((c) => r[c].toFixed(4)).join(' | ')} |`);
  }
  console.log(`(${seconds.toFixed(1)} s)`);
}

/** The catalogue's items with summaries from the given training rows only. */
function itemsFrom(data: MovieLensData, train: readonly { readonly user: number; readonly item: string }[]): CatalogueItem[] {
  const kept = new Set(train.map((row) => `${row.user} ${row.item}`));
  return movieLensItems(data, data.ratings.filter((r) => kept.has(`${r.userId} ml-${r.movieId}`)));
}
