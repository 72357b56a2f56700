import { describe, expect, it } from 'vitest';
import { NO_MARK } from '../../src/core/profile/interest-profile';
import { betaSample, seededRandom } from '../../src/core/random/seeded-random';
import { skippedAbove } from '../../src/core/rank/skips';

describe('skippedAbove', () => {
  it('returns the untouched items above the acted one', () => {
    const marks = new Map([['b', { ...NO_MARK, saved: true }]]);
    expect(skippedAbove(['a', 'b', 'c', 'd'], 3, (id) => marks.get(id) ?? NO_MARK)).toEqual(['a', 'c']);
    expect(skippedAbove(['a', 'b'], 0, () => NO_MARK)).toEqual([]);
    expect(skippedAbove(['a', 'b'], -1, () => NO_MARK)).toEqual([]);
  });
});

describe('seeded randomness', () => {
  it('is reproducible and uniform enough', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeCloseTo(0.5, 1);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });

  it('Beta draws have the right mean', () => {
    const random = seededRandom(7);
    for (const [a, b] of [
      [1, 1],
      [2, 8],
      [30, 3],
      [0.5, 0.5],
    ] as const) {
      const n = 4000;
      let sum = 0;
      for (let i = 0; i < n; i += 1) sum += betaSample(a, b, random);
      expect(sum / n).toBeCloseTo(a / (a + b), 1);
    }
  });
});
