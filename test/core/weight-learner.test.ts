import { describe, expect, it } from 'vitest';
import { WeightLearner } from '../../src/core/learn/weight-learner';
import { seededRandom } from '../../src/core/random/seeded-random';
import { DEFAULT_SIGNAL_WEIGHTS } from '../../src/core/rank/signals';

describe('WeightLearner', () => {
  it('starts at the prior', () => {
    expect(new WeightLearner().current()).toEqual(DEFAULT_SIGNAL_WEIGHTS);
  });

  it('learns that a user clicks what neighbours suggest and ignores popularity', () => {
    const learner = new WeightLearner();
    const random = seededRandom(3);
    for (let i = 0; i < 400; i += 1) {
      const neighbors = random();
      const popularity = random();
      // This user engages when neighbours say so, whatever the popularity.
      learner.update({ neighbors, popularity }, neighbors > 0.6 ? 1 : 0);
    }
    const w = learner.current();
    expect(w.neighbors).toBeGreaterThan(DEFAULT_SIGNAL_WEIGHTS.neighbors * 1.5);
    expect(w.popularity).toBeLessThan(DEFAULT_SIGNAL_WEIGHTS.popularity + 0.2);
    expect(learner.predict({ neighbors: 0.9 })).toBeGreaterThan(learner.predict({ neighbors: 0.1 }));
  });

  it('keeps weights within bounds however extreme the feedback', () => {
    const learner = new WeightLearner();
    for (let i = 0; i < 2000; i += 1) learner.update({ interest: 1, seen: 1 }, 1);
    for (const value of Object.values(learner.current())) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(4);
    }
  });

  it('round-trips through its snapshot', () => {
    const learner = new WeightLearner();
    learner.update({ interest: 0.8 }, 1);
    const copy = new WeightLearner(undefined, JSON.parse(JSON.stringify(learner.snapshot())));
    expect(copy.snapshot()).toEqual(learner.snapshot());
  });
});
