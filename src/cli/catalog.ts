/**
 * npm run catalog -- build <items> --out <dir|file.json> [--id ID] [--title T] [--language en]
 *     [--model ID] [--models-dir DIR] [--dtype int8|float16] [--no-vectors]
 *     [--interactions <file|glob|dir> …] [--columns user=…,item=…,kind=…|rating=…,timestamp=…]
 *     [--positive like,save | ">=4"] [--negative dislike,hide | "<=2"] [--item-prefix P]
 *     [--item-key id|url] [--site URL] [--min-match 1%] [--format table|access-log]
 *     [--thumbnails] [--images DIR]
 *     [--min-users 5] [--epsilon E] [--seed S] [--max-neighbors 20] [--min-item-users 3]
 *     [--neighbor-model rp3beta|cosine] [--rp3-alpha 0.5] [--rp3-beta 0.4] [--unweighted-neighbors]
 *     [--max-bad-rows 1%] [--memory-limit 2GB] [--threads N] [--temp-dir DIR]
 *     [--no-tune] [--tune-users 1000] [--json]
 * See README "Building a catalogue" and "Catalogues from your own logs".
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_NEIGHBOR_MODEL } from '../core/collab/cooccurrence';
import { DEFAULT_EMBEDDING_MODEL_ID } from '../engines/embedding/embedding-models';
import { DEFAULT_LOG_BUILD_OPTIONS, type LogBuildOptions } from '../publisher/build-from-logs';
import { buildCatalogue } from '../publisher/catalogue-builder';
import { parseColumns, parseNeighborOptions, parsePolarity, parsePositiveNumber, parseShare } from '../publisher/log-options';
import { PublisherError } from '../publisher/publisher-error';
import { terminalProgress } from './progress';

const USAGE = `Usage: npm run catalog -- build <items> --out <dir|file.json> [options]

Builds a Sift catalogue from a JSON list or Sift catalogue, JSON Lines, a JSON Feed, RSS or Atom,
optionally with popularity, neighbours and tuned priors from interaction logs (docs/catalogue.md).

Options:
  --out DIR|FILE.json     where catalog.json (and vectors.bin) go
  --id ID, --title T, --language TAG
                          the catalogue's id (default: the file name), title, language (default: the feed's, else en)
  --fields a=b,…          catalogue fields from the file's own: id=post_id,url=permalink,summary=excerpt
  --no-vectors            no embedding vectors (no model download)
  --model ID              embedding model (default ${DEFAULT_EMBEDDING_MODEL_ID}); --models-dir DIR to load it offline
  --dtype int8|float16    vector precision (default int8)
  --thumbnails            thumbnails.bin: a 96×64 WebP and a ThumbHash of each item's image, shown with no request per item
  --images DIR            read the pictures from this folder (by file name) instead of fetching them
  --interactions PATH     a log file, glob or folder (repeatable, formats may differ); --columns user=…,item=…,kind=…|rating=…,timestamp=…
                          (item=page|url: the first column present in each log)
  --item-key id|url       how the log names items: the catalogue's ids (default), or page addresses matched to the
                          items' url (scheme, www, fragment, utm_*/fbclid/gclid…, trailing slash folded)
  --format access-log     the --interactions files are web server access logs (nginx/Apache combined format,
                          plain or .gz): page views by a keyed hash of IP and user agent, bots dropped
  --site URL              the site a log's relative paths are on (default: the items' urls' origin)
  --min-match 1%          refuse a log whose rows name fewer catalogue items than this
  --positive, --negative  which events count: like,save | ">=4"; dislike,hide | "<=2"
  --neighbor-model M      rp3beta (default; --rp3-alpha 0.5, --rp3-beta 0.4) or cosine: how neighbours are scored;
                          rp3beta lists carry their weights unless --unweighted-neighbors
  --item-prefix P, --min-users N, --epsilon E, --seed S, --max-neighbors N, --min-item-users N,
  --max-bad-rows 1%, --memory-limit 2GB, --threads N, --temp-dir DIR, --no-tune, --tune-users N
  --json                  the report as JSON
  --help                  this text

Examples:
  npm run catalog -- build feed.xml --out public/catalog/ --no-vectors
  npm run catalog -- build posts.jsonl --out public/catalog/ --fields id=post_id,url=permalink,summary=excerpt --no-vectors
  npm run catalog -- build items.jsonl --out public/catalog/ --interactions 'logs/*.csv' --columns user=visitor,item=page
  npm run catalog -- build feed.xml --out public/catalog/ --no-vectors --interactions views.csv --interactions app.jsonl --item-key url
  npm run catalog -- build feed.xml --out public/catalog/ --no-vectors --interactions '/var/log/nginx/access.log*' --format access-log`;

/** One line naming what is wrong, the usage, exit 2: never a stack trace. */
function usageError(message: string): never {
  console.error(`catalog build: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const OPTIONS = {
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
    'item-key': { type: 'string', default: 'id' },
    site: { type: 'string' },
    'min-match': { type: 'string', default: '1%' },
    format: { type: 'string', default: 'table' },
    'min-users': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.cooccurrence.minPairUsers) },
    epsilon: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'max-neighbors': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.cooccurrence.maxNeighbors) },
    'neighbor-model': { type: 'string', default: DEFAULT_LOG_BUILD_OPTIONS.cooccurrence.model.kind },
    'rp3-alpha': { type: 'string', default: String(DEFAULT_NEIGHBOR_MODEL.alpha) },
    'rp3-beta': { type: 'string', default: String(DEFAULT_NEIGHBOR_MODEL.beta) },
    'unweighted-neighbors': { type: 'boolean', default: false },
    'min-item-users': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.cooccurrence.minItemSupport) },
    'max-bad-rows': { type: 'string', default: '1%' },
    'memory-limit': { type: 'string', default: DEFAULT_LOG_BUILD_OPTIONS.duck.memoryLimit },
    threads: { type: 'string' },
    'temp-dir': { type: 'string' },
    'no-tune': { type: 'boolean', default: false },
    'tune-users': { type: 'string', default: String(DEFAULT_LOG_BUILD_OPTIONS.tuneUsers) },
    json: { type: 'boolean', default: false },
    fields: { type: 'string' },
    thumbnails: { type: 'boolean', default: false },
    images: { type: 'string' },
    help: { type: 'boolean', default: false },
} as const;

let parsedArgs: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>;
try {
  parsedArgs = parseArgs({ allowPositionals: true, options: OPTIONS });
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
const { values, positionals } = parsedArgs;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [command, input] = positionals;
if (command !== 'build') usageError(command === undefined ? 'say what to do: build' : `unknown command "${command}"`);
if (input === undefined) usageError('name the items file to build from');
if (values.out === undefined) usageError('--out is required: a folder, or a file name ending in .json');
if (values.images !== undefined && !values.thumbnails) usageError('--images is where --thumbnails reads pictures from: add --thumbnails');
if (values.dtype !== 'int8' && values.dtype !== 'float16') usageError(`--dtype is int8 or float16, not "${values.dtype}"`);
if (values['item-key'] !== 'id' && values['item-key'] !== 'url') usageError(`--item-key is id or url, not "${values['item-key']}"`);
if (values.format !== 'table' && values.format !== 'access-log') usageError(`--format is table (CSV, JSON Lines, Parquet) or access-log, not "${values.format}"`);
if (values.format === 'access-log' && (values.columns !== undefined || values['item-prefix'] !== '')) usageError('an access log has no columns to map: it names pages by path, matched to the items\' url (drop --columns and --item-prefix)');
if (values.site !== undefined && !/^https?:\/\/[^/]+/i.test(values.site)) usageError(`--site is the site's address, like https://example.com, not "${values.site}"`);
const fields = parseFields(values.fields);

const progress = terminalProgress(!values.json && process.stderr.isTTY === true);
try {
  const interactions = values.interactions === undefined ? undefined : logOptions(values.interactions);
  const report = await buildCatalogue({
    progress: progress.report,
    input: resolve(input),
    out: resolve(values.out),
    model: values['no-vectors'] ? null : values.model!,
    dtype: values.dtype,
    log: (line: string) => {
      progress.stop();
      console.error(line);
    },
    ...(interactions === undefined ? {} : { interactions }),
    ...(values.id === undefined ? {} : { id: values.id }),
    ...(values.title === undefined ? {} : { title: values.title }),
    ...(values.language === undefined ? {} : { language: values.language }),
    ...(fields === undefined ? {} : { fields }),
    ...(values['models-dir'] === undefined ? {} : { modelsDir: resolve(values['models-dir']) }),
    ...(values.thumbnails ? { thumbnails: values.images === undefined ? {} : { imagesDir: resolve(values.images) } } : {}),
  });
  progress.stop();
  if (values.json) console.log(JSON.stringify(report));
  else {
    console.log(
      `wrote ${report.catalogueFile}: ${report.items} items from ${report.format}${report.skipped > 0 ? ` (${report.skipped} invalid skipped)` : ''}` +
        (report.vectorFile === null ? ', no vectors' : `; ${report.vectorFile}: ${report.items} × ${report.dim} ${values.dtype}`),
    );
    if (report.thumbnails !== null) {
      const t = report.thumbnails;
      const named = t.skipped.slice(0, 5).map((s) => `${s.id} (${s.reason})`).join(', ');
      console.log(
        `thumbnails: ${t.made} in ${t.file} (${(t.bytes / 1024).toFixed(0)} KB)` +
          (t.skipped.length > 0 ? `; ${t.skipped.length} pictures skipped: ${named}${t.skipped.length > 5 ? ', …' : ''}` : '') +
          (t.withoutImage > 0 ? `; ${t.withoutImage} ${t.withoutImage === 1 ? 'item has' : 'items have'} no image` : ''),
      );
    }
    if (report.logs !== null) {
      const logs = report.logs;
      console.log(
        `from the logs (${logs.seconds.toFixed(1)} s): popularity for ${(report.items - logs.itemsWithoutInteractions).toLocaleString('en')} items, neighbours for ${logs.aggregates.itemsWithNeighbors.toLocaleString('en')}` +
          `${logs.unknownItems > 0 ? `; ${logs.unknownItems.toLocaleString('en')} log items are not in the catalogue (ignored)` : ''}; priors ${logs.tuning.kind === 'tuned' ? 'tuned' : `not tuned (${logs.tuning.reason})`}`,
      );
    }
  }
} catch (error) {
  progress.stop();
  // What the operator can fix is said in one line (exit 2); anything else, in one line too (exit 1).
  if (error instanceof PublisherError) {
    console.error(`catalog build: ${error.message}`);
    process.exit(2);
  }
  console.error(`catalog build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}

/** `--fields id=post_id,url=permalink` as { id: 'post_id', url: 'permalink' }. */
function parseFields(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const known = ['id', 'title', 'summary', 'body', 'url', 'image', 'tags', 'published_at', 'popularity'];
  const fields: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [target, source] = pair.split('=').map((p) => p.trim());
    if (target === undefined || source === undefined || source === '' || !known.includes(target)) usageError(`--fields takes catalogue=file pairs, with the catalogue field one of ${known.join(', ')}; "${pair}" is not one`);
    fields[target] = source;
  }
  return fields;
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
    format: values.format === 'access-log' ? 'access-log' : 'table',
    itemKey: values['item-key'] === 'url' || values.format === 'access-log' ? { kind: 'url', ...(values.site === undefined ? {} : { site: values.site }) } : { kind: 'id' },
    minMatchShare: parseShare(values['min-match']!, '--min-match'),
    maxBadRowShare: parseShare(values['max-bad-rows']!, '--max-bad-rows'),
    cooccurrence: {
      ...DEFAULT_LOG_BUILD_OPTIONS.cooccurrence,
      minPairUsers: parsePositiveNumber(values['min-users']!, '--min-users', true),
      ...parseNeighborOptions({
        model: values['neighbor-model']!,
        alpha: values['rp3-alpha']!,
        beta: values['rp3-beta']!,
        maxNeighbors: values['max-neighbors']!,
        unweighted: values['unweighted-neighbors']!,
      }),
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
