import { describe, expect, it } from 'vitest';
import { WeightLearner } from '../../src/core/learn/weight-learner';
import { seededRandom } from '../../src/core/random/seeded-random';
import { COLD_START_SIGNAL_WEIGHTS, DEFAULT_SIGNAL_WEIGHTS, weightsForHistory } from '../../src/core/rank/priors';

const prior = DEFAULT_SIGNAL_WEIGHTS;

describe('WeightLearner', () => {
  it('starts at the prior', () => {
    expect(new WeightLearner().current(prior)).toEqual(prior);
  });

  it('learns that a user clicks what neighbours suggest and not what is merely popular', () => {
    const learner = new WeightLearner();
    const random = seededRandom(3);
    for (let i = 0; i < 400; i += 1) {
      const neighbors = random();
      const popularity = random();
      learner.update({ neighbors, popularity }, neighbors > 0.6 ? 1 : 0, prior);
    }
    const w = learner.current(prior);
    expect(w.neighbors).toBeGreaterThan(prior.neighbors * 1.5);
    expect(w.popularity).toBeLessThan(prior.popularity + 0.2);
    expect(learner.predict({ neighbors: 0.9 }, prior)).toBeGreaterThan(learner.predict({ neighbors: 0.1 }, prior));
  });

  it('keeps what it learnt when the prior moves from cold start to warm', () => {
    const learner = new WeightLearner();
    for (let i = 0; i < 200; i += 1) learner.update({ session: 1 }, 1, COLD_START_SIGNAL_WEIGHTS);
    const gained = learner.current(COLD_START_SIGNAL_WEIGHTS).session - COLD_START_SIGNAL_WEIGHTS.session;
    expect(gained).toBeGreaterThan(0.1);
    expect(learner.current(DEFAULT_SIGNAL_WEIGHTS).session).toBeCloseTo(DEFAULT_SIGNAL_WEIGHTS.session + gained, 9);
  });

  it('keeps weights within bounds however extreme the feedback', () => {
    const learner = new WeightLearner();
    for (let i = 0; i < 2000; i += 1) learner.update({ interest: 1, seen: 1 }, 1, prior);
    for (const value of Object.values(learner.current(prior))) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(4);
    }
  });

  it('round-trips through its snapshot', () => {
    const learner = new WeightLearner();
    learner.update({ interest: 0.8 }, 1, prior);
    const copy = new WeightLearner(undefined, JSON.parse(JSON.stringify(learner.snapshot())));
    expect(copy.snapshot()).toEqual(learner.snapshot());
  });
});

describe('weightsForHistory', () => {
  it('is the cold-start set for a new user, the default set for an established one, a blend between', () => {
    expect(weightsForHistory(0)).toEqual(COLD_START_SIGNAL_WEIGHTS);
    expect(weightsForHistory(500)).toEqual(DEFAULT_SIGNAL_WEIGHTS);
    const mid = weightsForHistory(17.5);
    expect(mid.popularity).toBeCloseTo((COLD_START_SIGNAL_WEIGHTS.popularity + DEFAULT_SIGNAL_WEIGHTS.popularity) / 2, 9);
  });
});
