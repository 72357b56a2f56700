import { describe, expect, it } from 'vitest';
import { OPEN_WEIGHT_RANGE } from '../../src/core/catalogue/ranking-priors';
import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import type { UserSplit } from '../../src/core/eval/split';
import { chooseOpenWeight, OPEN_WEIGHTS, tuneEngagement, type OpenWeightCandidate } from '../../src/core/eval/tune-engagement';
import { DEFAULT_READER_SETTINGS } from '../../src/core/eval/user-scorer';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { buildCatalogueIndex } from '../../src/core/index/catalogue-index';
import { COLD_START_SIGNAL_WEIGHTS, DEFAULT_ENGAGEMENT, DEFAULT_SIGNAL_WEIGHTS } from '../../src/core/rank/priors';
import { describeEngagement } from '../../src/publisher/build-from-logs';
import { FILMS, T0 } from './catalogue-fixture';

// How much an open lifts its item's neighbours, learnt per catalogue: the choice on scores whose
// answer is known, then the whole step on catalogues where opens mislead or are what predicts.

const READERS = 200;

/** Each reader's score under an open weight: `gain(opened)` per part, plus a wobble that depends on the weight (noise). */
function candidates(gain: (opened: number, part: 'warm' | 'cold') => number, noise: number): OpenWeightCandidate[] {
  const scores = (opened: number, part: 'warm' | 'cold'): Float64Array =>
    Float64Array.from({ length: READERS }, (_, r) => 0.2 + gain(opened, part) + Math.sin(r * 12.9898 + opened * 78.233 + (part === 'cold' ? 3.1 : 0)) * noise);
  return OPEN_WEIGHTS.map((opened) => ({ opened, warm: scores(opened, 'warm'), cold: scores(opened, 'cold') }));
}

describe('the open weight a catalogue learns', () => {
  it('is tried nearest Sift\'s own first, within what a catalogue may publish', () => {
    expect(OPEN_WEIGHTS[0]).toBe(DEFAULT_ENGAGEMENT.opened);
    for (const opened of OPEN_WEIGHTS) expect(opened >= OPEN_WEIGHT_RANGE.min && opened <= OPEN_WEIGHT_RANGE.max).toBe(true);
    const distance = OPEN_WEIGHTS.map((opened) => Math.abs(opened - DEFAULT_ENGAGEMENT.opened));
    expect([...distance].sort((a, b) => a - b)).toEqual(distance);
  });

  it('stays Sift\'s own when another wins by less than its standard error', () => {
    const { chosen, best } = chooseOpenWeight(candidates((opened) => (opened === 0 ? 0.004 : 0), 0.2));
    expect(best.opened).toBe(0);
    expect(chosen.opened).toBe(DEFAULT_ENGAGEMENT.opened);
  });

  it('moves to a weight that wins clearly, the one nearest Sift\'s among those as good', () => {
    // Opens mislead here: the less they count the better, down to 0.15, and 0 is no better.
    const { chosen, best } = chooseOpenWeight(candidates((opened) => -0.05 * Math.max(opened, 0.15), 0.001));
    expect(best.opened).toBe(0.15);
    expect(chosen.opened).toBe(0.15);
  });

  it('counts the cold part as much as the warm one, though its readers are fewer', () => {
    const warm = Float64Array.from({ length: READERS }, (_, r) => 0.1 + (r % 7) / 100);
    const cold = (gain: number): Float64Array => Float64Array.from({ length: READERS / 4 }, (_, r) => 0.3 + (r % 5) / 50 + gain);
    const list: OpenWeightCandidate[] = OPEN_WEIGHTS.map((opened) => ({ opened, warm, cold: cold(opened === 1 ? 0.05 : 0) }));
    expect(chooseOpenWeight(list).chosen.opened).toBe(1);
  });
});

/** Two groups of twelve items, each item's neighbours the rest of its group. */
function twoGroups(): CatalogueItem[] {
  const items: CatalogueItem[] = [];
  for (const group of ['a', 'b'])
    for (let i = 0; i < 12; i += 1) {
      const neighbors = Array.from({ length: 11 }, (_, j) => `${group}${(i + 1 + j) % 12}`);
      items.push({ id: `${group}${i}`, title: `Item ${group}${i}`, tags: [`group-${group}`], popularity: 10, neighbors });
    }
  return items;
}

/** Readers who like one item of a group `liked` and open three of the other; what they go on to like is the rest of `predicts`'s group. */
function readers(predicts: 'liked' | 'opened'): UserSplit[] {
  return Array.from({ length: 40 }, (_, r) => {
    const like = `a${r % 12}`;
    const opens = [1, 2, 3].map((k) => `b${(r + k) % 12}`);
    const events: InteractionEvent[] = [
      { kind: 'like', itemId: like, at: T0 },
      ...opens.map((itemId, k): InteractionEvent => ({ kind: 'open', itemId, at: T0 + 1_000 * (k + 1) })),
    ];
    const test = predicts === 'liked' ? Array.from({ length: 12 }, (_, i) => `a${i}`).filter((id) => id !== like) : Array.from({ length: 12 }, (_, i) => `b${i}`).filter((id) => !opens.includes(id));
    return { userId: r, train: [], events, test: new Set(test), now: T0 + 10_000 };
  });
}

describe('learning the open weight on validation readers', () => {
  const index = buildCatalogueIndex(twoGroups());
  const parts = (users: UserSplit[]) => ({ warm: { index, users, weights: DEFAULT_SIGNAL_WEIGHTS }, cold: { index, users, weights: COLD_START_SIGNAL_WEIGHTS } });

  it('turns opens down where they lead away from what readers go on to like', () => {
    const outcome = tuneEngagement(parts(readers('liked')), DEFAULT_READER_SETTINGS);
    expect(outcome.kind).toBe('tuned');
    if (outcome.kind !== 'tuned') return;
    expect(outcome.engagement.opened).toBeLessThan(DEFAULT_ENGAGEMENT.opened);
    expect(outcome.engagement.liked).toBe(1);
    const figure = (opened: number) => outcome.figures.find((f) => f.opened === opened)!;
    expect(figure(outcome.engagement.opened).objective).toBeGreaterThan(figure(DEFAULT_ENGAGEMENT.opened).objective);
    expect(outcome.againstDefault.margin).toBeCloseTo(figure(outcome.engagement.opened).objective - figure(DEFAULT_ENGAGEMENT.opened).objective, 9);
    expect(describeEngagement(outcome)).toMatch(new RegExp(`^open's weight: ${outcome.engagement.opened} of a like; the best on validation, 0\\.\\d{4} above Sift's 0\\.3 \\(standard error 0\\.\\d{4}\\); NDCG@10 warm / cold by weight 0\\.3: `));
    expect(outcome.figures.map((f) => f.opened)).toEqual([...OPEN_WEIGHTS]);
  });

  it('turns them up where opens are what predicts', () => {
    const outcome = tuneEngagement(parts(readers('opened')), DEFAULT_READER_SETTINGS);
    expect(outcome.kind === 'tuned' && outcome.engagement.opened).toBeGreaterThan(DEFAULT_ENGAGEMENT.opened);
  });

  it('the build report says when Sift\'s value was kept, and why', () => {
    const list = candidates((opened) => (opened === 0 ? 0.004 : 0), 0.2);
    const { chosen, best, standardError } = chooseOpenWeight(list);
    const figures = list.map((c) => ({ opened: c.opened, warm: 0.1, cold: 0.3, objective: 0.2 }));
    const line = describeEngagement({ kind: 'tuned', engagement: { ...DEFAULT_ENGAGEMENT, opened: chosen.opened }, figures, best: best.opened, standardError, againstDefault: { margin: 0, standardError: 0 } });
    expect(line).toBe(`open's weight: 0.3 of a like; the best, 0, won by less than its standard error (${standardError.toFixed(4)}): Sift's kept; NDCG@10 warm / cold by weight ${OPEN_WEIGHTS.map((o) => `${o}: 0.1000 / 0.3000`).join(', ')}`);
    expect(describeEngagement({ kind: 'skipped', reason: 'no validation reader has an open (a neutral row) in their history' })).toBe("open's weight: Sift's 0.3; no validation reader has an open (a neutral row) in their history");
  });

  it('is skipped, naming why, without neighbours or without any open', () => {
    const withoutNeighbors = buildCatalogueIndex(FILMS);
    const users = readers('liked');
    expect(tuneEngagement({ warm: { index: withoutNeighbors, users, weights: DEFAULT_SIGNAL_WEIGHTS }, cold: { index: withoutNeighbors, users, weights: DEFAULT_SIGNAL_WEIGHTS } }, DEFAULT_READER_SETTINGS)).toEqual({
      kind: 'skipped',
      reason: 'the catalogue has no neighbours for an open to lift',
    });
    const likesOnly = users.map((user) => ({ ...user, events: user.events.filter((event) => event.kind === 'like') }));
    expect(tuneEngagement(parts(likesOnly), DEFAULT_READER_SETTINGS)).toEqual({ kind: 'skipped', reason: 'no validation reader has an open (a neutral row) in their history' });
  });
});
