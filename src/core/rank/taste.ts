import { PENALTIES, SIGNALS, type SignalTable, type SignalWeights } from './signals';

/**
 * The personal ranking score of each candidate (the same weighted sum of signals the feed
 * uses), scaled to [0, 1] over the candidates, for blending with a search or request match.
 * Column by column, as rankCatalogue sums, so the loop stays over typed arrays.
 */
export function scaledTaste(table: SignalTable, weights: SignalWeights, candidate: Uint8Array): Float64Array {
  const n = candidate.length;
  const taste = new Float64Array(n);
  for (const signal of SIGNALS) {
    const w = PENALTIES.has(signal) ? -weights[signal] : weights[signal];
    if (w === 0) continue;
    const values = table.values[signal];
    for (let i = 0; i < n; i += 1) if (candidate[i] !== 0) taste[i]! += w * values[i]!;
  }
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i += 1) {
    if (candidate[i] === 0) continue;
    if (taste[i]! < low) low = taste[i]!;
    if (taste[i]! > high) high = taste[i]!;
  }
  const span = high > low ? high - low : 1;
  for (let i = 0; i < n; i += 1) taste[i] = candidate[i] === 0 ? 0 : (taste[i]! - low) / span;
  return taste;
}
