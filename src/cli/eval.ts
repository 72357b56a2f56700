/**
 * Offline evaluation on a MovieLens folder (ml-latest-small layout: ratings.csv and movies.csv;
 * tags.csv and links.csv optional):
 *   npm run eval [-- --data DIR] [--cold 3] [--no-neighbors] [--priors tuned] [--json] [--seed 1] [--users N]
 *   npm run eval -- --tune [--no-neighbors]   (prints the priors Sift's defaults come from)
 *   npm run eval -- --context
  npm run eval -- --split-half [--tune]        (around an item; --tune: the context weights' grid)
 *   npm run eval -- --data <MIND folder> [--vectors use-lite]   (news, MIND's protocol)
 *   npm run eval -- --chinese                 (a generated Chinese news catalogue and readers)
 * Methods side by side: random, popularity, co-occurrence item-kNN, lexical profile, and Sift
 * (and sift-tuned: priors tuned on the training part exactly as the catalogue builder does).
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { DEFAULT_COOCCURRENCE_OPTIONS, DEFAULT_NEIGHBOR_MODEL, type CooccurrenceOptions } from '../core/collab/cooccurrence';
import { itemAggregates, withAggregates, withoutNeighbors } from '../core/collab/item-aggregates';
import { movieLensInteractions } from '../core/datasets/movielens';
import { coldStartFolds, DEFAULT_SPLIT_OPTIONS, splitInteractions } from '../core/eval/split';
import { tunePriors } from '../core/eval/tune';
import { buildCatalogueIndex, withVectors, type CatalogueIndex } from '../core/index/catalogue-index';
import { contextCases, evaluateContext } from '../core/eval/context';
import { priorWeights } from '../core/rank/priors';
import { quantizeInt8 } from '../core/vectors/item-vectors';
import { encodeWithUseLite, USE_LITE_MODEL } from '../publisher/use-lite-encoder';
import { parseNeighborOptions } from '../publisher/log-options';
import { COLD_SHARE } from '../publisher/tune-on-log';
import { readMovieLensOrExit } from './read-movielens';
import { runNewsEval } from './eval-news';
import { runChineseEval } from './eval-chinese';
import { formatSplitHalf, runSplitHalf } from './eval-split-half';
import { evaluateTable, itemsFrom } from './eval-parts';
import { isMindFolder } from './read-mind';
import { terminalProgress } from './progress';

/** The values `--context --tune` tries for the `context` and `coread` weights. */
const CONTEXT_GRID = [
  [0.2, 0.6, 1.5, 3],
  [0.25, 0.5, 1.5],
] as const;

const USAGE = `Usage: npm run eval -- [options]

Offline evaluation on a MovieLens folder (ratings.csv, movies.csv; tags.csv, links.csv optional)
or a MIND folder (news.tsv, behaviors.tsv).

Options:
  --data DIR          the dataset folder (default ../shared/datasets/movielens-latest-small)
  --json              one JSON object instead of the table
  --cold N            MovieLens: cold start, each user's first N events only
  --no-neighbors      MovieLens: the catalogue without co-engagement neighbours
  --priors tuned      MovieLens: add sift-tuned, priors tuned as the catalogue builder does;
                      news (with --vectors use-lite): the semantic weight tuned on half the readers, scored on the other half
  --tune              MovieLens: print the priors tuned on a validation split (with --context: the context weights' grid)
  --context           MovieLens: recommendations around an item (the user's previous positive)
  --vectors use-lite  add sift+vectors (and sift-tuned+vectors with --priors tuned), with Universal Sentence Encoder lite vectors (cached on disk)
  --users N           MovieLens: only the first N users
  --chinese           a Chinese news catalogue and simulated readers the project generates (a sanity check)
  --no-classic        MovieLens: leave out the rp3beta and ease rows (a minute and more of model fitting)
  --neighbor-model M  MovieLens: the catalogue's neighbours as catalog build writes them: rp3beta (default) or cosine
                      (--rp3-alpha 0.5, --rp3-beta 0.4; with weights unless --unweighted-neighbors); --max-neighbors N (default 20)
  --split-half        MovieLens: priors tuned on half the users, scored on the other half (warm, and cold with --cold N, default 3)
  --validation        MovieLens: the table on a validation split made from the training part only (where Sift's own
                      defaults are chosen; the test positives never enter), warm or with --cold N
  --seed N            seed for the random row and tie-breaking (default 1)
  --help              this text

Examples:
  npm run eval
  npm run eval -- --context
  npm run eval -- --split-half
  npm run eval -- --validation --no-classic --cold 3
  npm run eval -- --priors tuned --neighbor-model cosine --max-neighbors 10
  npm run eval -- --data ../shared/datasets/mind-news-dev --vectors use-lite [--priors tuned]
  npm run eval -- --chinese`;

/** A bad command line: one line naming what is wrong, the usage, exit code 2. */
function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      help: { type: 'boolean', default: false },
      data: { type: 'string', default: '../shared/datasets/movielens-latest-small' },
      cold: { type: 'string' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      users: { type: 'string' },
      tune: { type: 'boolean', default: false },
      'no-neighbors': { type: 'boolean', default: false },
      priors: { type: 'string', default: 'default' },
      vectors: { type: 'string', default: 'none' },
      context: { type: 'boolean', default: false },
      chinese: { type: 'boolean', default: false },
      'split-half': { type: 'boolean', default: false },
      validation: { type: 'boolean', default: false },
      'no-classic': { type: 'boolean', default: false },
      'neighbor-model': { type: 'string', default: DEFAULT_COOCCURRENCE_OPTIONS.model.kind },
      'rp3-alpha': { type: 'string', default: String(DEFAULT_NEIGHBOR_MODEL.alpha) },
      'rp3-beta': { type: 'string', default: String(DEFAULT_NEIGHBOR_MODEL.beta) },
      'max-neighbors': { type: 'string', default: String(DEFAULT_COOCCURRENCE_OPTIONS.maxNeighbors) },
      'unweighted-neighbors': { type: 'boolean', default: false },
    },
  });
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const name of ['cold', 'users', 'seed'] as const) {
  const value = values[name];
  if (value !== undefined && !/^\d+$/.test(value)) usageError(`--${name} takes a whole number, not "${value}"`);
}
// The catalogue's neighbours as a publisher chose them (catalog build's options of the same names).
let cooccurrence: CooccurrenceOptions;
try {
  cooccurrence = {
    ...DEFAULT_COOCCURRENCE_OPTIONS,
    ...parseNeighborOptions({ model: values['neighbor-model']!, alpha: values['rp3-alpha']!, beta: values['rp3-beta']!, maxNeighbors: values['max-neighbors']!, unweighted: values['unweighted-neighbors']! }),
  };
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (values.chinese) {
  const other = (['cold', 'no-neighbors', 'tune', 'context', 'users', 'split-half', 'validation'] as const).find((name) => values[name] !== undefined && values[name] !== false);
  if (other !== undefined || values.priors !== 'default' || values.vectors !== 'none') usageError(`--chinese runs its own protocol (warm and cold, with and without neighbours); it takes only --json and --seed`);
  runChineseEval({ json: values.json, seed: Number(values.seed) });
  process.exit(0);
}
const dataDir = resolve(values.data);
if (!existsSync(dataDir)) {
  console.error(`${dataDir}: no such folder (pass --data <a MovieLens folder with ratings.csv and movies.csv, or a MIND folder with news.tsv and behaviors.tsv>)`);
  process.exit(2);
}
if (values.vectors !== 'none' && values.vectors !== 'use-lite') usageError(`--vectors takes "use-lite" (Universal Sentence Encoder lite) or "none", not "${values.vectors}"`);
if (isMindFolder(dataDir)) {
  const movieLensOnly = (['cold', 'no-neighbors', 'tune', 'context', 'users', 'split-half', 'validation'] as const).find((name) => values[name] !== undefined && values[name] !== false);
  if (movieLensOnly !== undefined) usageError(`--${movieLensOnly} is for MovieLens folders; ${basename(dataDir)} is a MIND folder`);
  if (values.priors !== 'default' && !(values.priors === 'tuned' && values.vectors === 'use-lite')) {
    usageError(`on news, --priors tuned tunes the semantic weight and needs --vectors use-lite; ${basename(dataDir)} is a MIND folder`);
  }
  await runNewsEval({ dir: dataDir, json: values.json, seed: Number(values.seed), vectors: values.vectors, tuneSemantic: values.priors === 'tuned' });
  process.exit(0);
}
if (values.validation) {
  const other = (['tune', 'context', 'split-half'] as const).find((name) => values[name]);
  if (other !== undefined) usageError(`--validation scores the table on the validation split; --${other} has its own protocol`);
}
if (values.priors !== 'default' && values.priors !== 'tuned') usageError(`--priors takes "default" or "tuned", not "${values.priors}"`);
const noNeighbors = values['no-neighbors'];
const coldEvents = values.cold === undefined ? undefined : Number(values.cold);
const started = performance.now();
const { data, description, files } = readMovieLensOrExit(dataDir);
const dataset = basename(dataDir);
const log = movieLensInteractions(data.ratings);
// Popularity and neighbours come from the standard split's training part in every mode.
const standard = splitInteractions(log, DEFAULT_SPLIT_OPTIONS);
const trainItems = itemsFrom(data, standard.train);

if (values['split-half']) {
  const other = (['tune', 'context', 'users', 'no-neighbors'] as const).find((name) => values[name] !== undefined && values[name] !== false);
  if (other !== undefined || values.priors !== 'default' || values.vectors !== 'none') usageError(`--split-half runs its own protocol; it takes only --data, --cold, --json and --seed`);
  const index = buildCatalogueIndex(withAggregates(trainItems, itemAggregates(standard.train, cooccurrence)));
  const rows = await runSplitHalf({ log, train: standard.train, items: trainItems, index, cooccurrence, itemsFrom: (train) => itemsFrom(data, train), coldEvents: coldEvents ?? 3, seed: Number(values.seed), say: (line) => (values.json ? undefined : console.log(line)) });
  if (values.json) console.log(JSON.stringify({ dataset, rows }));
  else console.log(`${formatSplitHalf(rows)}\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(0);
}

if (values.tune && values.context) {
  // The context weights' grid, on a validation split made from the training part only (a third
  // of its users, for time): one line per pair, then the best.
  const valid = splitInteractions(standard.train, DEFAULT_SPLIT_OPTIONS);
  const index = buildCatalogueIndex(withAggregates(itemsFrom(data, valid.train), itemAggregates(valid.train, cooccurrence)));
  const cases = contextCases(standard.train, valid.users.filter((user) => user.userId % 3 === 0));
  const grid = CONTEXT_GRID[0].flatMap((context) => CONTEXT_GRID[1].map((coread) => ({ context, coread })));
  let best = { context: 0, coread: 0, ndcg: -1 };
  for (const pair of grid) {
    const ndcg = evaluateContext(index, cases, (profile) => ({ ...priorWeights(index, profile), ...pair }))['sift-context']['ndcg@10'];
    console.log(JSON.stringify({ ...pair, ndcg: Number(ndcg.toFixed(4)) }));
    if (ndcg > best.ndcg) best = { ...pair, ndcg };
  }
  console.log(JSON.stringify({ cases: cases.length, best: { context: best.context, coread: best.coread, ndcg: Number(best.ndcg.toFixed(4)) } }));
  process.exit(0);
}

if (values.tune) {
  // Sift's own defaults: the validation protocol applied inside the training part only, so
  // the test positives never choose a weight.
  // As the builder does: every user warm, a quarter cold too, scored on a catalogue without their later rows.
  const warm = splitInteractions(standard.train, DEFAULT_SPLIT_OPTIONS);
  const cold = coldStartFolds(standard.train, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: coldEvents ?? 3 }, COLD_SHARE)[0]!;
  const indexOf = (train: typeof warm.train): CatalogueIndex => {
    const items = withAggregates(itemsFrom(data, train), itemAggregates(train, cooccurrence));
    return buildCatalogueIndex(noNeighbors ? withoutNeighbors(items) : items);
  };
  console.log(JSON.stringify(tunePriors(indexOf(warm.train), warm.users, cold.users, { tuneNeighbors: false, rounds: 2, coldIndex: indexOf(cold.train) })));
  process.exit(0);
}

if (values.context) {
  const split = coldEvents === undefined ? standard : splitInteractions(log, { ...DEFAULT_SPLIT_OPTIONS, coldEvents });
  const withNeighbors = withAggregates(trainItems, itemAggregates(standard.train, cooccurrence));
  const plainIndex = buildCatalogueIndex(noNeighbors ? withoutNeighbors(withNeighbors) : withNeighbors);
  const users = values.users === undefined ? split.users : split.users.slice(0, Number(values.users));
  // Real sentence vectors (Universal Sentence Encoder lite) for the semantic signal: title, genres and tags as text.
  const index = values.vectors === 'use-lite' ? await withUseLiteVectors(plainIndex, trainItems, !values.json) : plainIndex;
  const cases = contextCases(log, users);
  const scores = evaluateContext(index, cases);
  const seconds = (performance.now() - started) / 1000;
  if (values.json) {
    console.log(JSON.stringify({ dataset: basename(dataDir), files, users: users.length, cases: cases.length, vectors: values.vectors, seconds: Number(seconds.toFixed(1)), methods: scores }));
  } else {
    console.log(`Data: ${description}`);
    console.log(`${basename(dataDir)}, ${users.length} users, ${cases.length} test positives, each in the context of the user's previous positive, ${index.itemCount} items${values.vectors === 'use-lite' ? ', use-lite vectors' : ''}`);
    console.log('| method | ndcg@10 | hit@10 | mrr |');
    console.log('|---|---:|---:|---:|');
    for (const [method, r] of Object.entries(scores)) console.log(`| ${method} | ${r['ndcg@10'].toFixed(4)} | ${r['hit@10'].toFixed(4)} | ${r.mrr.toFixed(4)} |`);
    console.log(`(${seconds.toFixed(1)} s)`);
  }
  process.exit(0);
}
const table = await evaluateTable({
  cooccurrence,
  data,
  // The validation split: the standard split's training part, split again the same way.
  log: values.validation ? standard.train : log,
  coldEvents,
  noNeighbors,
  classic: !values['no-classic'],
  tuned: values.priors === 'tuned',
  seed: Number(values.seed),
  users: values.users === undefined ? undefined : Number(values.users),
  vectors: values.vectors === 'use-lite' ? (part, items) => withUseLiteVectors(part, items, !values.json) : null,
  say: (line) => (values.json ? undefined : console.error(line)),
});
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  console.log(
    JSON.stringify({ dataset, files, validation: values.validation, users: table.users, cold: coldEvents ?? null, neighbors: noNeighbors ? false : neighborsDescription(cooccurrence), priors: values.priors, seconds: Number(seconds.toFixed(1)), methods: table.results, classic: table.classic, tuning: table.tuning }),
  );
} else {
  const columns = ['ndcg@10', 'recall@20', 'hit@10', 'mrr', 'coverage', 'ild'] as const;
  const protocol = coldEvents === undefined ? 'last 20% of positives held out' : `cold start: first ${coldEvents} events only, users in 5 folds (their later rows out of the training data)`;
  console.log(`Data: ${description}`);
  console.log(`${dataset}${values.validation ? ' (validation split: the training part only)' : ''}, ${table.users} users, ${protocol}, ${table.itemCount} items, ${noNeighbors ? 'no neighbours in the catalogue' : neighborsDescription(cooccurrence)}`);
  console.log(`| method | ${columns.join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const method of table.rows) {
    const r = table.results[method]!;
    console.log(`| ${method} | ${columns.map((c) => r[c].toFixed(4)).join(' | ')} |`);
  }
  table.classic.forEach((part, p) => {
    for (const [name, c] of Object.entries(part)) console.log(`${name}${table.classic.length > 1 ? ` (fold ${p + 1})` : ''}: ${c.chosen} (chosen on validation, NDCG@10 ${c.validationNdcg})`);
  });
  console.log(`(${seconds.toFixed(1)} s)`);
}

/** The catalogue's neighbour lists in words, as the table's header gives them. */
function neighborsDescription(options: CooccurrenceOptions): string {
  const model = options.model.kind === 'cosine' ? 'cosine' : `RP3beta (α ${options.model.alpha}, β ${options.model.beta})`;
  return `${model} neighbours, up to ${options.maxNeighbors} an item, ${options.weights ? 'with' : 'without'} weights`;
}

/** The index with use-lite vectors of each movie's title, genres and tags (cached on disk). */
async function withUseLiteVectors(index: CatalogueIndex, items: readonly CatalogueItem[], shown: boolean): Promise<CatalogueIndex> {
  const progress = terminalProgress(shown && process.stderr.isTTY === true);
  const encoded = await encodeWithUseLite(
    items.map((item) => [item.title, item.tags.join(', ')].join('. ')),
    { onProgress: (done, total) => progress.report('embedding movies with use-lite', done, total, 'items') },
  );
  progress.stop();
  return withVectors(index, quantizeInt8(encoded.rows, encoded.dim, { kernels: 'js' }), USE_LITE_MODEL);
}
