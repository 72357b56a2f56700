/**
 * `npm run bench [-- --json] [--sizes 1000,10000,100000] [--engine-items 10000] [--runs 30] [--seed 1]`: the benchmark
 * suite (README "Performance"), on the same src/core code the worker runs. `--quick` is a
 * seconds-long smoke run at small sizes (the test suite runs it), not a measurement.
 * `npm run bench -- --publisher [--events 1000000,10000000] [--runs 3]`: the catalogue builder's
 * log job instead (README "Catalogues from your own logs").
 * `npm run bench -- --browser [--items 10000,100000] [--runs 3] [--baseline <dist folder>] [--mbps 50] [--cold-browser]`:
 * the app in headless Chromium on large catalogues (needs a build: npm run build), README
 * "Performance"; with --baseline, another build's runs alternate with this one's and the report
 * gives the ratios; with --mbps, the catalogue comes over a link of that speed; with
 * --cold-browser, the page is opened the moment Chromium has started, not once it is idle.
 */
import { performance } from 'node:perf_hooks';
import { formatReport } from '../bench/format-report';
import { runBench } from '../bench/run-bench';
import { formatPublisherReport, runPublisherBench } from '../bench/publisher-bench';
import { formatThumbnailReport, runThumbnailBench } from '../bench/thumbnail-bench';
import { formatWidgetReport, runWidgetBench } from '../bench/widget-bench';
import { formatProfileFileReport, runProfileFileBench } from '../bench/profile-file-bench';
import { formatBrowserReport, runBrowserBench } from '../bench/browser-bench';

interface CliOptions {
  json: boolean;
  quick: boolean;
  publisher: boolean;
  thumbnails: boolean;
  widget: boolean;
  profileFile: boolean;
  events: number[];
  browser: boolean;
  items: number[];
  baseline: string | undefined;
  mbps: number | undefined;
  coldBrowser: boolean;
  sizes: number[];
  /** Catalogue size of the engine cases (re-rank, ranking around an item, a scored list). */
  engineItems: number | undefined;
  runs: number;
  seed: number;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { json: false, quick: false, publisher: false, thumbnails: false, widget: false, profileFile: false, events: [1_000_000, 10_000_000], browser: false, items: [10_000, 100_000], baseline: undefined, mbps: undefined, coldBrowser: false, sizes: [1000, 10_000, 100_000], engineItems: undefined, runs: 30, seed: 1 };
  let runsGiven = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--quick') {
      options.quick = true;
      options.sizes = [1000];
      options.runs = 5;
    }
    else if (arg === '--sizes') options.sizes = value().split(',').map((n) => Number.parseInt(n, 10));
    else if (arg === '--engine-items') options.engineItems = Number.parseInt(value(), 10);
    else if (arg === '--publisher') options.publisher = true;
    else if (arg === '--thumbnails') options.thumbnails = true;
    else if (arg === '--widget') options.widget = true;
    else if (arg === '--profile-file') options.profileFile = true;
    else if (arg === '--browser') options.browser = true;
    else if (arg === '--items') options.items = value().split(',').map((n) => Number.parseInt(n, 10));
    else if (arg === '--baseline') options.baseline = value();
    else if (arg === '--mbps') options.mbps = Number.parseFloat(value());
    else if (arg === '--cold-browser') options.coldBrowser = true;
    else if (arg === '--events') options.events = value().split(',').map((n) => Number.parseInt(n, 10));
    else if (arg === '--runs') {
      options.runs = Number.parseInt(value(), 10);
      runsGiven = true;
    }
    else if (arg === '--seed') options.seed = Number.parseInt(value(), 10);
    else throw new Error(`unknown option ${arg} (use --json, --quick, --sizes, --engine-items, --runs, --seed, --publisher, --events, --thumbnails, --widget, --profile-file, --browser, --items, --baseline, --mbps, --cold-browser)`);
  }
  // Each publisher run is a whole process over millions of events: three give a median.
  if ((options.publisher || options.browser) && !runsGiven) options.runs = options.quick ? 1 : 3;
  if (options.widget && !runsGiven) options.runs = options.quick ? 1 : 5;
  if (options.profileFile && !runsGiven) options.runs = options.quick ? 1 : 3;
  if (options.publisher && options.quick) options.events = [20_000];
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 10) || !(options.runs > 0)) throw new Error('sizes must be integers ≥ 10 and runs > 0');
  if (options.engineItems !== undefined && !(Number.isInteger(options.engineItems) && options.engineItems >= 10)) throw new Error('--engine-items takes a whole number ≥ 10');
  return options;
}

const USAGE = `Usage: npm run bench -- [options]

The benchmark suite on the same src/core code the worker runs (docs/performance.md).

Options:
  --json                 one JSON object instead of the tables
  --quick                a seconds-long smoke run at small sizes (not a measurement)
  --sizes 1000,10000     vector-ranking sizes (default 1000,10000,100000)
  --engine-items N       catalogue size of the engine cases (default 10000)
  --runs N               interleaved runs per case (default 30)
  --seed N               seed of the synthetic data (default 1)
  --publisher            the catalogue builder's log job instead (--events 1000000,10000000)
  --thumbnails           catalog build --thumbnails on --items N generated pictures (default 10000)
  --profile-file         a sealed export of --events N (default 100000) opened, imported and exported in the app (needs npm run build)
  --widget               the widget's first cards on a host page, first visit and return (needs npm run build; --runs 5)
  --browser              the app in headless Chromium (--items, --baseline DIR, --mbps N, --cold-browser)
  --help                 this text

Examples:
  npm run bench
  npm run bench -- --sizes 1000 --engine-items 100000 --runs 15
  npm run bench -- --browser --items 10000
  npm run bench -- --widget`;

if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
let options: CliOptions;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  // A bad command line is one line and the usage, never a stack trace.
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (options.browser) {
  const results = await runBrowserBench({
    sizes: options.items,
    likes: options.quick ? 3 : 7,
    runs: options.runs,
    log: (line) => process.stderr.write(`${line}\n`),
    ...(options.baseline === undefined ? {} : { baselineDist: options.baseline }),
    ...(options.mbps === undefined ? {} : { mbps: options.mbps }),
    coldBrowser: options.coldBrowser,
  });
  process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatBrowserReport(results)}\n`);
  process.exit(0);
}
if (options.profileFile) {
  const events = process.argv.includes('--events') ? options.events[0]! : options.quick ? 2_000 : 100_000;
  const report = await runProfileFileBench({ events, runs: options.runs, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatProfileFileReport(report)}\n`);
  process.exit(0);
}
if (options.widget) {
  const report = await runWidgetBench({ runs: options.runs, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatWidgetReport(report)}\n`);
  process.exit(0);
}
if (options.thumbnails) {
  const given = process.argv.includes('--items');
  const report = await runThumbnailBench({ items: options.quick ? 50 : given ? options.items[0]! : 10_000, seed: options.seed, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatThumbnailReport(report)}\n`);
  process.exit(0);
}
if (options.publisher) {
  const report = await runPublisherBench({
    events: options.events,
    items: options.quick ? 2_000 : 100_000,
    runs: options.runs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatPublisherReport(report)}\n`);
  process.exit(0);
}
const report = await runBench({
  sizes: options.sizes,
  dim: 384,
  runs: options.runs,
  seed: options.seed,
  engineItems: options.engineItems ?? (options.quick ? 1000 : 10_000),
  storageEvents: options.quick ? 50 : 200,
  replayEvents: options.quick ? 300 : 10_000,
  bandwidthBytes: (options.quick ? 32 : 256) * 2 ** 20,
  clock: () => performance.now(),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
