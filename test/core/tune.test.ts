import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNAL_WEIGHTS } from '../../src/core/rank/priors';
import type { SignalWeights } from '../../src/core/rank/signal-names';
import { tunePart } from '../../src/core/eval/tune';
import { foldMeans, pairedStandardError, type UserScorer } from '../../src/core/eval/user-scorer';

// The selection rules of the tuner, on scorers whose answer is known: the 1-SE rule keeps the
// defaults when a gain is within the noise and takes it when it is clear, and the guard hands a
// part that does not beat popularity to popularity. (test/cli/eval.test.ts and the publisher's
// tests run the tuner on real validation users.)

const USERS = 200;
const TUNED = ['interest', 'popularity'] as const;

/** Each user's NDCG as a function of the interest weight; `noise` varies by user and weight, `popularity` is what popularity alone scores. */
function scorer(gain: (interest: number) => number, noise: number, popularity: number): UserScorer {
  return (weights: SignalWeights) => {
    // Only interest acts here besides popularity: without it, the ranking is popularity's.
    const alone = weights.interest === 0 && weights.popularity > 0;
    return Float64Array.from({ length: USERS }, (_, u) => {
      if (alone) return popularity;
      // Deterministic per user and weight: a different weight reshuffles who gains.
      const wobble = Math.sin(u * 12.9898 + weights.interest * 78.233) * noise;
      return 0.3 + gain(weights.interest) + wobble;
    });
  };
}

describe('tuning', () => {
  it('keeps the defaults when the best weight beats them by less than its standard error', () => {
    const part = tunePart(scorer((interest) => (interest === 1.2 ? 0.002 : 0), 0.2, 0.1), DEFAULT_SIGNAL_WEIGHTS, TUNED, TUNED, 1);
    expect(part.report.share).toBe(0);
    expect(part.weights.interest).toBe(DEFAULT_SIGNAL_WEIGHTS.interest);
    expect(part.report.guard).toBe('tuned');
  });

  it('moves to a gain well beyond the noise', () => {
    const part = tunePart(scorer((interest) => 0.1 * interest, 0.001, 0.1), DEFAULT_SIGNAL_WEIGHTS, TUNED, TUNED, 1);
    expect(part.report.share).toBe(1);
    expect(part.weights.interest).toBe(1.2);
    expect(part.report.tuned).toBeGreaterThan(part.report.defaults);
    expect(part.report.folds).toHaveLength(5);
  });

  it('hands a part that does not validate above popularity to popularity', () => {
    const part = tunePart(scorer(() => 0, 0.01, 0.5), DEFAULT_SIGNAL_WEIGHTS, TUNED, TUNED, 1);
    expect(part.report.guard).toBe('popularity-led');
    expect(part.report.tuned).toBeGreaterThanOrEqual(part.report.popularity);
    expect(part.weights.interest).toBe(0);
  });

  it('measures spread: paired standard error and fold means', () => {
    const a = Float64Array.from([1, 2, 3, 4]);
    expect(pairedStandardError(a, a)).toBe(0);
    expect(pairedStandardError(a, Float64Array.from([0, 2, 2, 4]))).toBeCloseTo(Math.sqrt(1 / 3 / 4), 9);
    expect(foldMeans(Float64Array.from([1, 2, 3, 4, 5]), 2)).toEqual([3, 3]);
  });
});
