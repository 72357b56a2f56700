/**
 * npm run catalog -- build <items> --out <dir|file.json> [--id ID] [--title T] [--language en]
 *     [--model ID] [--models-dir DIR] [--dtype int8|float16] [--no-vectors]
 *     [--interactions <file|glob|dir> …] [--columns user=…,item=…,kind=…|rating=…,timestamp=…]
 *     [--positive like,save | ">=4"] [--negative dislike,hide | "<=2"] [--item-prefix P]
 *     [--min-users 5] [--epsilon E] [--seed S] [--max-neighbors 10] [--min-item-users 3]
 *     [--max-bad-rows 1%] [--memory-limit 2GB] [--threads N] [--temp-dir DIR]
 *     [--no-tune] [--tune-users 1000] [--json]
 * See README "Building a catalogue" and "Catalogues from your own logs".
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EMBEDDING_MODEL_ID } from '../engines/embedding/embedding-models';
import { DEFAULT_LOG_BUILD_OPTIONS, type LogBuildOptions } from '../publisher/build-from-logs';
import { buildCatalogue } from '../publisher/catalogue-builder';
import { parseColumns, parsePolarity, parsePositiveNumber, parseShare } from '../publisher/log-options';
import { PublisherError } from '../publisher/publisher-error';

const USAGE =
  'usage: npm run catalog -- build <items.json|.jsonl|feed.xml> --out <dir|file.json> [--no-vectors | --model ID] [--interactions <logs> [--columns …] [--positive …] [--negative …]] (see README)';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    id: { type: 'string' },
    title: { type: 'string' },
    language: { type: 'string' },
    model: { type: 'string', default: DEFAULT_EMBEDDING_MODEL_ID },
    'models-dir': { type: 'string' },
    dtype: { type: 'string', default: 'int8' },
    'no-vectors': { type: 'boolean', default: false },
    interactions: { type: 'string', multiple: true },
    columns: { type: 'string' },
    positive: { type: 'string' },
    negative: { type: 'string' },
    'item-prefix': { type: 'string', default: '' },
    'min-users': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.cooccurrence.minPairUsers) },
    epsilon: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'max-neighbors': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.cooccurrence.maxNeighbors) },
    'min-item-users': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.cooccurrence.minItemSupport) },
    'max-bad-rows': { type: 'string', default: '1%' },
    'memory-limit': { type: 'string', default: DEFAULT_LOG_BUILD_OPTIONS.duck.memoryLimit },
    threads: { type: 'string' },
    'temp-dir': { type: 'string' },
    'no-tune': { type: 'boolean', default: false },
    'tune-users': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.tuneUsers) },
    json: { type: 'boolean', default: false },
  },
});
const [command, input] = positionals;
if (command !== 'build' || input === undefined || values.out === undefined || (values.dtype !== 'int8' && values.dtype !== 'float16')) {
  console.error(USAGE);
  process.exit(2);
}

try {
  const interactions = values.interactions === undefined ? undefined : logOptions(values.interactions);
  const report = await buildCatalogue({
    input: resolve(input),
    out: resolve(values.out),
    model: values['no-vectors'] ? null : values.model!,
    dtype: values.dtype,
    log: (line: string) => console.error(line),
    ...(interactions === undefined ? {} : { interactions }),
    ...(values.id === undefined ? {} : { id: values.id }),
    ...(values.title === undefined ? {} : { title: values.title }),
    ...(values.language === undefined ? {} : { language: values.language }),
    ...(values['models-dir'] === undefined ? {} : { modelsDir: resolve(values['models-dir']) }),
  });
  if (values.json) console.log(JSON.stringify(report));
  else {
    console.log(
      `wrote ${report.catalogueFile}: ${report.items} items from ${report.format}${report.skipped > 0 ? ` (${report.skipped} invalid skipped)` : ''}` +
        (report.vectorFile === null ? ', no vectors' : `; ${report.vectorFile}: ${report.items} × ${report.dim} ${values.dtype}`),
    );
    if (report.logs !== null) {
      const logs = report.logs;
      console.log(
        `from the logs (${logs.seconds.toFixed(1)} s): popularity for ${(report.items - logs.itemsWithoutInteractions).toLocaleString('en')} items, neighbours for ${logs.aggregates.itemsWithNeighbors.toLocaleString('en')}` +
          `${logs.unknownItems > 0 ? `; ${logs.unknownItems.toLocaleString('en')} log items are not in the catalogue (ignored)` : ''}; priors ${logs.tuning.kind === 'tuned' ? 'tuned' : `not tuned (${logs.tuning.reason})`}`,
      );
    }
  }
} catch (error) {
  if (!(error instanceof PublisherError)) throw error;
  console.error(`catalog build: ${error.message}`);
  process.exit(1);
}

function logOptions(inputs: string[]): LogBuildOptions {
  const polarity = parsePolarity(values.positive, values.negative);
  const seed = Number.parseInt(values.seed!, 10);
  return {
    ...DEFAULT_LOG_BUILD_OPTIONS,
    inputs,
    columns: parseColumns(values.columns),
    ...(polarity === undefined ? {} : { polarity }),
    itemPrefix: values['item-prefix']!,
    maxBadRowShare: parseShare(values['max-bad-rows']!, '--max-bad-rows'),
    cooccurrence: {
      ...DEFAULT_LOG_BUILD_OPTIONS.cooccurrence,
      minPairUsers: parsePositiveNumber(values['min-users']!, '--min-users', true),
      maxNeighbors: parsePositiveNumber(values['max-neighbors']!, '--max-neighbors', true),
      minItemSupport: parsePositiveNumber(values['min-item-users']!, '--min-item-users', true),
    },
    privacy: values.epsilon === undefined ? null : { epsilon: parsePositiveNumber(values.epsilon, '--epsilon', false), seed },
    tune: !values['no-tune'],
    tuneUsers: parsePositiveNumber(values['tune-users']!, '--tune-users', true),
    seed,
    duck: {
      memoryLimit: values['memory-limit']!,
      ...(values.threads === undefined ? {} : { threads: parsePositiveNumber(values.threads, '--threads', true) }),
      ...(values['temp-dir'] === undefined ? {} : { tempDir: resolve(values['temp-dir']) }),
    },
  };
}
