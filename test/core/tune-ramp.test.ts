import { describe, expect, it } from 'vitest';
import { chooseRamp, rampCandidates } from '../../src/core/eval/tune-ramp';
import { blendWeights, COLD_START_SIGNAL_WEIGHTS, DEFAULT_HISTORY_RAMP, DEFAULT_SIGNAL_WEIGHTS, historyBlend, weightsForHistory, type HistoryRamp } from '../../src/core/rank/priors';

// How the ramp is chosen, on reader scores whose answer is known. (The publisher's MovieLens
// test runs it on real validation readers.)

const READERS = 300;
const same = (a: HistoryRamp, b: HistoryRamp): boolean => a.coldUntil === b.coldUntil && a.warmFrom === b.warmFrom;

/** Each reader's score under a ramp: `gain(ramp)` plus a per-reader wobble that depends on the ramp (noise). */
function scored(gain: (ramp: HistoryRamp) => number, noise: number) {
  return rampCandidates().map((ramp) => ({
    ramp,
    scores: Float64Array.from({ length: READERS }, (_, r) => 0.2 + gain(ramp) + Math.sin(r * 12.9898 + ramp.coldUntil * 7.1 + ramp.warmFrom * 0.37) * noise),
  }));
}

describe('the cold-to-warm ramp', () => {
  it('is tried nearest Sift\'s own first, and every candidate is a ramp', () => {
    const candidates = rampCandidates();
    expect(candidates[0]).toEqual(DEFAULT_HISTORY_RAMP);
    for (const ramp of candidates) expect(ramp.coldUntil).toBeLessThan(ramp.warmFrom);
    expect(new Set(candidates.map((r) => `${r.coldUntil}-${r.warmFrom}`)).size).toBe(candidates.length);
  });

  it('stays Sift\'s own when another wins by less than its standard error', () => {
    const { chosen, best } = chooseRamp(scored((ramp) => (same(ramp, { coldUntil: 0, warmFrom: 10 }) ? 0.002 : 0), 0.2));
    expect(same(best.ramp, DEFAULT_HISTORY_RAMP)).toBe(false);
    expect(chosen.ramp).toEqual(DEFAULT_HISTORY_RAMP);
  });

  it('stays Sift\'s own when another wins at every reader by less than the figure\'s standard error (a paired error would let it through)', () => {
    // Readers differ widely and every ramp ranks each alike but one, by a hair: the gain is
    // consistent (its paired error is 0), but small beside how much the figure itself moves.
    const gain = (ramp: HistoryRamp): number => (same(ramp, { coldUntil: 2, warmFrom: 20 }) ? 0.003 : 0);
    const candidates = rampCandidates().map((ramp) => ({ ramp, scores: Float64Array.from({ length: READERS }, (_, r) => ((r * 37) % 100) / 200 + gain(ramp)) }));
    const { chosen, best } = chooseRamp(candidates);
    expect(best.ramp).toEqual({ coldUntil: 2, warmFrom: 20 });
    expect(chosen.ramp).toEqual(DEFAULT_HISTORY_RAMP);
  });

  it('moves to a ramp that wins clearly, the one nearest Sift\'s own among those as good', () => {
    // Warm weights pay from the first events here: the sooner they take over, the better, up to 10 events.
    const { chosen, best } = chooseRamp(scored((ramp) => 0.05 * (1 - Math.min(ramp.warmFrom, 10) / 10) - 0.001 * ramp.coldUntil, 0.001));
    expect(best.ramp).toEqual({ coldUntil: 0, warmFrom: 5 });
    expect(chosen.ramp.warmFrom).toBe(5);
  });

  it('blends the cold weights into the warm ones along the catalogue\'s ramp', () => {
    const ramp = { coldUntil: 2, warmFrom: 12 };
    expect(historyBlend(2, ramp)).toBe(0);
    expect(historyBlend(7, ramp)).toBe(0.5);
    expect(historyBlend(12, ramp)).toBe(1);
    const priors = { cold: COLD_START_SIGNAL_WEIGHTS, warm: DEFAULT_SIGNAL_WEIGHTS, ramp };
    expect(weightsForHistory(7, priors)).toEqual(blendWeights(COLD_START_SIGNAL_WEIGHTS, DEFAULT_SIGNAL_WEIGHTS, 0.5));
    expect(weightsForHistory(0, priors)).toEqual(COLD_START_SIGNAL_WEIGHTS);
    expect(weightsForHistory(40, priors)).toEqual(DEFAULT_SIGNAL_WEIGHTS);
  });
});
