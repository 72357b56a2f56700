/**
 * Offline evaluation on MovieLens ml-latest-small: `npm run eval [-- --data DIR] [--cold 3] [--json] [--seed 1]`.
 * Methods side by side: random, popularity, co-occurrence item-kNN, lexical profile, and Sift.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { movieLensCatalogue } from '../core/datasets/movielens';
import { evaluate, type MethodName } from '../core/eval/evaluate';
import { DEFAULT_SPLIT_OPTIONS, splitRatings } from '../core/eval/split';
import { tuneWeights, validationScorer } from '../core/eval/tune';
import { DEFAULT_PROFILE_OPTIONS } from '../core/profile/interest-profile';
import { buildCatalogueIndex } from '../core/index/catalogue-index';
import { DEFAULT_SIGNAL_WEIGHTS } from '../core/rank/priors';
import { readMovieLens } from './read-movielens';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/movielens-latest-small' },
    cold: { type: 'string' },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    users: { type: 'string' },
    tune: { type: 'boolean', default: false },
  },
});
const dataDir = resolve(values.data);
if (!existsSync(dataDir)) {
  console.error(`MovieLens data not found at ${dataDir}; pass --data <dir with movies.csv, ratings.csv, tags.csv, links.csv>.`);
  process.exit(2);
}
if (values.tune) {
  // Validation: the standard protocol applied again inside the training part only, so the
  // test positives never choose a weight.
  const data = readMovieLens(dataDir);
  const standard = splitRatings(data.ratings, DEFAULT_SPLIT_OPTIONS);
  const coldEvents = values.cold === undefined ? undefined : Number(values.cold);
  const validation = splitRatings(standard.trainRatings, { ...DEFAULT_SPLIT_OPTIONS, ...(coldEvents === undefined ? {} : { coldEvents }) });
  const index = buildCatalogueIndex(movieLensCatalogue(data, validation.trainRatings).items);
  const halfLives: Record<string, number> = {};
  let bestDays = 0;
  for (const days of [30, 90, 180, 365, 730]) {
    const score = validationScorer(index, validation.users, { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: days * 86_400_000 });
    halfLives[days] = Number(score(DEFAULT_SIGNAL_WEIGHTS).toFixed(4));
    if (bestDays === 0 || halfLives[days]! > halfLives[bestDays]!) bestDays = days;
  }
  // Only ratios matter: neighbours stay at 1 as the anchor.
  const tuned = tuneWeights(
    index,
    validation.users,
    DEFAULT_SIGNAL_WEIGHTS,
    ['interest', 'listedBy', 'popularity', 'session', 'freshness', 'disliked'],
    2,
    { ...DEFAULT_PROFILE_OPTIONS, halfLifeMs: bestDays * 86_400_000 },
  );
  console.log(JSON.stringify({ validationUsers: validation.users.length, halfLifeDays: halfLives, ndcgAt10: Number(tuned.ndcg.toFixed(4)), trials: tuned.trials, weights: tuned.weights }));
  process.exit(0);
}
const cold = values.cold === undefined ? undefined : Number(values.cold);
const started = performance.now();
const data = readMovieLens(dataDir);
// Popularity and neighbours come from the standard split's training part in both modes.
const standard = splitRatings(data.ratings, DEFAULT_SPLIT_OPTIONS);
const split = cold === undefined ? standard : splitRatings(data.ratings, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: cold });
const catalogue = movieLensCatalogue(data, standard.trainRatings);
const index = buildCatalogueIndex(catalogue.items);
const users = values.users === undefined ? split.users : split.users.slice(0, Number(values.users));
const methods: MethodName[] = ['random', 'popularity', 'itemknn', 'lexical', 'sift-norerank', 'sift'];
const results = evaluate(index, users, methods, Number(values.seed));
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  console.log(JSON.stringify({ dataset: 'movielens-latest-small', users: users.length, cold: cold ?? null, seconds: Number(seconds.toFixed(1)), methods: results }));
} else {
  const columns = ['ndcg@10', 'recall@20', 'hit@10', 'mrr', 'coverage', 'ild'] as const;
  console.log(`MovieLens ml-latest-small, ${users.length} users, ${cold === undefined ? 'last 20% of positives held out' : `cold start: first ${cold} events only`}, ${catalogue.items.length} items`);
  console.log(`| method | ${columns.join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const method of methods) {
    const r = results[method]!;
    console.log(`| ${method} | ${columns.map((c) => r[c].toFixed(4)).join(' | ')} |`);
  }
  console.log(`(${seconds.toFixed(1)} s)`);
}
