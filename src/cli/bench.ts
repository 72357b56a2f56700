/**
 * `npm run bench [-- --json] [--sizes 1000,10000,100000] [--runs 30] [--seed 1]`: the benchmark
 * suite (README "Performance"), on the same src/core code the worker runs. `--quick` is a
 * seconds-long smoke run at small sizes (the test suite runs it), not a measurement.
 */
import { performance } from 'node:perf_hooks';
import { formatReport } from '../bench/format-report';
import { runBench } from '../bench/run-bench';

interface CliOptions {
  json: boolean;
  quick: boolean;
  sizes: number[];
  runs: number;
  seed: number;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { json: false, quick: false, sizes: [1000, 10_000, 100_000], runs: 30, seed: 1 };
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
    else if (arg === '--runs') options.runs = Number.parseInt(value(), 10);
    else if (arg === '--seed') options.seed = Number.parseInt(value(), 10);
    else throw new Error(`unknown option ${arg} (use --json, --quick, --sizes, --runs, --seed)`);
  }
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 10) || !(options.runs > 0)) throw new Error('sizes must be integers ≥ 10 and runs > 0');
  return options;
}

const options = parseArgs(process.argv.slice(2));
const report = await runBench({
  sizes: options.sizes,
  dim: 384,
  runs: options.runs,
  seed: options.seed,
  engineItems: options.quick ? 1000 : 10_000,
  storageEvents: options.quick ? 50 : 200,
  bandwidthBytes: (options.quick ? 32 : 256) * 2 ** 20,
  clock: () => performance.now(),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
