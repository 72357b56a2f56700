export interface TimingSummary {
  readonly median: number;
  readonly p95: number;
  readonly runs: number;
}

/** Nearest-rank percentile of a sample (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of a sample (nearest rank: one of the values, never an average of two). */
export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

export function summarize(times: readonly number[]): TimingSummary {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), runs: sorted.length };
}

export interface TimedCase {
  readonly name: string;
  /** One timed run; `run` is the run number, for cycling through inputs. */
  readonly run: (run: number) => void;
}

/**
 * Runs every case `warmup` times, then `runs` rounds in which each case runs once, in an order
 * that rotates every round, so drift (thermal, GC, other load) lands on all cases alike.
 */
export function interleave(cases: readonly TimedCase[], options: { readonly warmup: number; readonly runs: number; readonly clock: () => number }): Map<string, TimingSummary> {
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let w = 0; w < options.warmup; w += 1) for (const c of cases) c.run(w);
  for (let round = 0; round < options.runs; round += 1) {
    for (let j = 0; j < cases.length; j += 1) {
      const c = cases[(round + j) % cases.length]!;
      const start = options.clock();
      c.run(round);
      times.get(c.name)!.push(options.clock() - start);
    }
  }
  return new Map([...times].map(([name, t]) => [name, summarize(t)]));
}

/** Same, for asynchronous cases (storage). */
export async function interleaveAsync(
  cases: ReadonlyArray<{ readonly name: string; readonly run: (run: number) => Promise<void> }>,
  options: { readonly warmup: number; readonly runs: number; readonly clock: () => number },
): Promise<Map<string, TimingSummary>> {
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let w = 0; w < options.warmup; w += 1) for (const c of cases) await c.run(w);
  for (let round = 0; round < options.runs; round += 1) {
    for (let j = 0; j < cases.length; j += 1) {
      const c = cases[(round + j) % cases.length]!;
      const start = options.clock();
      await c.run(round);
      times.get(c.name)!.push(options.clock() - start);
    }
  }
  return new Map([...times].map(([name, t]) => [name, summarize(t)]));
}
