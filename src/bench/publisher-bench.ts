import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { summarize } from './stats';
import { DEFAULT_SYNTHETIC_LOG, writeSyntheticLog } from './synthetic-log';

const run = promisify(execFile);

/**
 * `npm run bench -- --publisher`: the catalogue builder's neighbour + popularity job on
 * generated logs of each size, every run in a fresh process (its own peak RSS), the median
 * reported; the baseline is the core's in-memory path on the smallest log, measured the same way.
 */
export interface PublisherBenchOptions {
  readonly events: readonly number[];
  readonly items: number;
  readonly runs: number;
  readonly log: (line: string) => void;
}

interface JobResult {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly itemsWithNeighbors: number;
  readonly pairs: number;
}

export interface PublisherSizeResult {
  readonly events: number;
  readonly runs: number;
  readonly median_s: number;
  readonly p95_s: number;
  readonly peak_rss_mb: number;
  readonly events_per_s: number;
  readonly co_engaged_pairs: number;
  readonly items_with_neighbors: number;
}

export interface PublisherBenchReport {
  readonly items: number;
  readonly sizes: readonly PublisherSizeResult[];
  /** The in-memory core path (dense candidate matrix, at most 4,000 candidates) on the smallest log. */
  readonly baseline: { readonly events: number; readonly median_s: number; readonly peak_rss_mb: number; readonly items_with_neighbors: number; readonly duckdb_speedup: number };
}

async function job(path: string, items: number, engine: 'duckdb' | 'memory'): Promise<JobResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/bench/publisher-job.ts', path, String(items), engine], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as JobResult;
}

export async function runPublisherBench(options: PublisherBenchOptions): Promise<PublisherBenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'sift-publisher-bench-'));
  try {
    const sizes: PublisherSizeResult[] = [];
    let baseline: PublisherBenchReport['baseline'] | undefined;
    for (const events of options.events) {
      const path = join(dir, `log-${events}.parquet`);
      options.log(`generating ${events.toLocaleString('en')} events…`);
      await writeSyntheticLog(path, { ...DEFAULT_SYNTHETIC_LOG, items: options.items, events });
      const results: JobResult[] = [];
      for (let r = 0; r < options.runs; r += 1) {
        results.push(await job(path, options.items, 'duckdb'));
        options.log(`  ${events.toLocaleString('en')} events, run ${r + 1}: ${results[r]!.seconds.toFixed(1)} s, ${results[r]!.peakRssMb.toFixed(0)} MB`);
      }
      const time = summarize(results.map((r) => r.seconds));
      sizes.push({
        events,
        runs: time.runs,
        median_s: time.median,
        p95_s: time.p95,
        peak_rss_mb: Math.max(...results.map((r) => r.peakRssMb)),
        events_per_s: events / time.median,
        co_engaged_pairs: results[0]!.pairs,
        items_with_neighbors: results[0]!.itemsWithNeighbors,
      });
      if (baseline === undefined) {
        const memory: JobResult[] = [];
        for (let r = 0; r < options.runs; r += 1) memory.push(await job(path, options.items, 'memory'));
        const memoryTime = summarize(memory.map((r) => r.seconds));
        baseline = {
          events,
          median_s: memoryTime.median,
          peak_rss_mb: Math.max(...memory.map((r) => r.peakRssMb)),
          items_with_neighbors: memory[0]!.itemsWithNeighbors,
          duckdb_speedup: memoryTime.median / time.median,
        };
      }
    }
    return { items: options.items, sizes, baseline: baseline! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatPublisherReport(report: PublisherBenchReport): string {
  const lines = [
    `Publisher job (popularity + neighbours), ${report.items.toLocaleString('en')} items, generated logs, median of each size's runs:`,
    '| events | median s | p95 s | peak RSS MB | events/s | co-engaged pairs | items with neighbours |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...report.sizes.map(
      (s) =>
        `| ${s.events.toLocaleString('en')} | ${s.median_s.toFixed(1)} | ${s.p95_s.toFixed(1)} | ${s.peak_rss_mb.toFixed(0)} | ${Math.round(s.events_per_s).toLocaleString('en')} | ${s.co_engaged_pairs.toLocaleString('en')} | ${s.items_with_neighbors.toLocaleString('en')} |`,
    ),
    `Baseline, the in-memory core path on ${report.baseline.events.toLocaleString('en')} events: ${report.baseline.median_s.toFixed(1)} s, ${report.baseline.peak_rss_mb.toFixed(0)} MB, ` +
      `neighbours for ${report.baseline.items_with_neighbors.toLocaleString('en')} items (its 4,000-candidate cap); DuckDB is ${report.baseline.duckdb_speedup.toFixed(2)}× as fast there.`,
  ];
  return lines.join('\n');
}
