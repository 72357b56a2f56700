import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/run-bench';
import type { PublisherBenchReport } from '../../src/bench/publisher-bench';
import { interleave, percentile, summarize } from '../../src/bench/stats';

const run = promisify(execFile);

describe('npm run bench', () => {
  it('--quick --json prints the documented report with every method at full recall of the exact top 10', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/bench.ts', '--quick', '--json'], { maxBuffer: 1 << 20 });
    const report = JSON.parse(stdout) as BenchReport;
    const entry = report.rank['1000']!;
    for (const key of ['sift_int8_ms', 'sift_f32_ms', 'naive_ms', 'orama_ms', 'recall_int8'] as const) expect(entry[key]).toBeGreaterThan(0);
    expect(entry.recall_int8).toBeGreaterThanOrEqual(0.99);
    expect(entry.recall_f32).toBe(1);
    expect(entry.recall_orama).toBe(1);
    expect(entry.recall_int8_scan).toBeGreaterThan(0.9);
    expect(entry.bandwidth_bound_ms).toBeGreaterThan(0);
    expect(report.engine.items).toBe(1000);
    expect(report.engine.rerank_after_event_ms).toBeGreaterThan(0);
    expect(report.engine.rank_around_ms).toBeGreaterThan(0);
    expect(report.engine.score_list_25_ms).toBeGreaterThan(0);
    expect(report.storage.batched_events_per_s).toBeGreaterThan(report.storage.single_events_per_s);
    expect(report.replay.events).toBe(300);
    expect(report.replay.ms).toBeLessThan(report.replay.decaying_every_weight_ms);
  }, 120_000);
});

describe('npm run bench -- --publisher', () => {
  it('--quick --json measures the log job in its own process against the in-memory baseline', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/bench.ts', '--publisher', '--quick', '--json'], { maxBuffer: 1 << 20 });
    const report = JSON.parse(stdout) as PublisherBenchReport;
    expect(report.sizes).toHaveLength(1);
    const size = report.sizes[0]!;
    expect(size.events).toBe(20_000);
    expect(size.median_s).toBeGreaterThan(0);
    expect(size.peak_rss_mb).toBeGreaterThan(10);
    expect(size.co_engaged_pairs).toBeGreaterThan(0);
    expect(size.items_with_neighbors).toBeGreaterThan(0);
    expect(report.baseline.events).toBe(20_000);
    expect(report.baseline.duckdb_speedup).toBeGreaterThan(0);
  }, 120_000);
});

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(summarize([5, 1, 3])).toEqual({ median: 3, p95: 5, runs: 3 });
  });

  it('interleaves cases so each runs once per round, in rotating order, after warm-up', () => {
    const order: string[] = [];
    let now = 0;
    const result = interleave(
      ['a', 'b', 'c'].map((name) => ({ name, run: () => void (order.push(name), (now += name === 'a' ? 1 : 2)) })),
      { warmup: 1, runs: 2, clock: () => now },
    );
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'b', 'c', 'a']);
    expect(result.get('a')).toEqual({ median: 1, p95: 1, runs: 2 });
    expect(result.get('b')).toEqual({ median: 2, p95: 2, runs: 2 });
  });
});
