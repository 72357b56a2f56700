import { summarize, type TimingSummary } from './stats';

/** Median copy bandwidth (bytes per ms) of a large typed array, far beyond the caches. */
export function copyBandwidth(options: { readonly bytes: number; readonly runs: number; readonly clock: () => number }): { readonly bytesPerMs: number; readonly timing: TimingSummary } {
  const source = new Uint8Array(options.bytes).fill(1);
  const target = new Uint8Array(options.bytes).fill(2);
  const times: number[] = [];
  for (let r = 0; r < options.runs + 1; r += 1) {
    const start = options.clock();
    target.set(source);
    if (r > 0) times.push(options.clock() - start);
  }
  const timing = summarize(times);
  return { bytesPerMs: options.bytes / timing.median, timing };
}
