import { describe, expect, it } from 'vitest';
import { tagKey } from '../../src/core/lexical/lexical-index';
import { DEFAULT_PROFILE_OPTIONS, InterestProfile, type ProfileSnapshotV1 } from '../../src/core/profile/interest-profile';
import { DAY, T0, featureSource, filmIndex } from './catalogue-fixture';

const index = filmIndex();
const source = featureSource(index);
const halfLife = DEFAULT_PROFILE_OPTIONS.halfLifeMs;

function interestIn(profile: InterestProfile, tag: string): number {
  return profile.centroids().reduce((sum, c) => sum + (c.features.get(tagKey(tag)) ?? 0), 0);
}

describe('InterestProfile', () => {
  it('a like feeds the interests, a dislike the negative vector', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    expect(interestIn(profile, 'space')).toBeGreaterThan(0);
    profile.apply({ kind: 'dislike', itemId: 'shining', at: T0 }, source);
    expect(profile.negativeFeatures().get(tagKey('hotel'))).toBeGreaterThan(0);
    expect(interestIn(profile, 'hotel')).toBe(0);
    expect(profile.markOf('shining').reaction).toBe('disliked');
  });

  it('keeps separate interests apart: space films and romance make two centroids, more space joins the first', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    profile.apply({ kind: 'like', itemId: 'before-sunrise', at: T0 + 1 }, source);
    expect(profile.centroids()).toHaveLength(2);
    profile.apply({ kind: 'like', itemId: 'interstellar', at: T0 + 2 }, source);
    expect(profile.centroids()).toHaveLength(2);
    const space = profile.centroids().find((c) => c.features.has(tagKey('space')))!;
    expect(space.features.has(tagKey('Romance'))).toBe(false);
    expect(space.mass).toBeGreaterThan(profile.centroids().find((c) => c !== space)!.mass);
  });

  it('never keeps more centroids than allowed', () => {
    const profile = new InterestProfile({ ...DEFAULT_PROFILE_OPTIONS, centroids: { maxCentroids: 2, joinSimilarity: 0.99 } });
    for (const id of ['gravity', 'shining', 'amelie', 'blockbuster']) profile.apply({ kind: 'like', itemId: id, at: T0 }, source);
    expect(profile.centroids()).toHaveLength(2);
  });

  it('old interests fade by half every half-life; a recent like outweighs an old one', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'hereditary', at: T0 }, source);
    const fresh = profile.centroids()[0]!.mass;
    profile.apply({ kind: 'like', itemId: 'before-sunrise', at: T0 + halfLife }, source);
    const [old, recent] = profile.centroids();
    expect(old!.mass).toBeCloseTo(fresh / 2, 9);
    expect(recent!.mass).toBeCloseTo(1, 9);
  });

  it('unlike and unsave cancel exactly what they undo, even after time has passed', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    profile.apply({ kind: 'save', itemId: 'alien', at: T0 + DAY }, source);
    profile.apply({ kind: 'unlike', itemId: 'alien', at: T0 + 10 * DAY }, source);
    profile.apply({ kind: 'unsave', itemId: 'alien', at: T0 + 12 * DAY }, source);
    expect(profile.centroids()).toHaveLength(0);
    expect(profile.markedItems().size).toBe(0);
  });

  it('changing a like into a dislike moves the item from interests to the negative vector', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'hereditary', at: T0 }, source);
    profile.apply({ kind: 'dislike', itemId: 'hereditary', at: T0 + 1 }, source);
    expect(profile.centroids()).toHaveLength(0);
    expect(profile.negativeFeatures().get(tagKey('family'))).toBeGreaterThan(0);
  });

  it('repeating a like changes nothing', () => {
    const once = new InterestProfile();
    once.apply({ kind: 'like', itemId: 'amelie', at: T0 }, source);
    const twice = new InterestProfile();
    twice.apply({ kind: 'like', itemId: 'amelie', at: T0 }, source);
    twice.apply({ kind: 'like', itemId: 'amelie', at: T0 }, source);
    expect(twice.centroids()[0]!.mass).toBe(once.centroids()[0]!.mass);
  });

  it('stated interests found a centroid through the catalogue vocabulary; searches feed the session', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'stated-interest', text: 'films about time travel', at: T0 }, source);
    expect(interestIn(profile, 'time travel')).toBeGreaterThan(0);
    profile.apply({ kind: 'search', query: 'Paris', at: T0 }, source);
    expect(profile.sessionFeatures().get(tagKey('Paris'))).toBeGreaterThan(0);
  });

  it('the session vector fades within hours, the long-term profile does not', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'open', itemId: 'amelie', at: T0 }, source);
    expect(profile.sessionStrength(T0)).toBe(1);
    expect(profile.sessionStrength(T0 + DEFAULT_PROFILE_OPTIONS.sessionHalfLifeMs)).toBeCloseTo(0.5, 9);
    expect(profile.sessionStrength(T0 + DAY)).toBeLessThan(0.001);
  });

  it('counts clicks and skips per tag, and skips per item', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    profile.apply({ kind: 'skip', itemId: 'notebook', at: T0 }, source);
    profile.apply({ kind: 'skip', itemId: 'notebook', at: T0 }, source);
    expect(profile.tagStatistics().get(tagKey('Horror'))).toEqual({ clicks: 1, skips: 0 });
    expect(profile.tagStatistics().get(tagKey('Romance'))).toEqual({ clicks: 0, skips: 2 });
    expect(profile.markOf('notebook').skips).toBe(2);
  });

  it('a late event (e.g. from another tab) counts as decayed, not as new', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'notebook', at: T0 + halfLife }, source);
    profile.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    const gravity = profile.centroids().find((c) => c.features.has(tagKey('survival')))!;
    expect(gravity.mass).toBeCloseTo(0.5, 9);
  });

  it('survives a snapshot round trip exactly', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    profile.apply({ kind: 'open', itemId: 'amelie', at: T0 + DAY }, source);
    profile.apply({ kind: 'hide', itemId: 'blockbuster', at: T0 + 2 * DAY }, source);
    profile.apply({ kind: 'skip', itemId: 'notebook', at: T0 + 2 * DAY }, source);
    const snapshot = JSON.parse(JSON.stringify(profile.snapshot()));
    const restored = InterestProfile.fromSnapshot(snapshot);
    expect(restored.snapshot()).toEqual(profile.snapshot());
    expect(restored.markOf('blockbuster').reaction).toBe('hidden');
  });

  it('reads a first-release (v1) snapshot: positives become an interest, negatives the negative vector', () => {
    const v1: ProfileSnapshotV1 = {
      version: 1,
      halfLifeMs: halfLife,
      referenceTime: T0,
      eventCount: 2,
      features: [
        ['t:space', 0.8],
        ['t:hotel', -0.5],
      ],
      marks: [['gravity', { reaction: 'liked', reactedAt: T0, saved: false, savedAt: 0, opened: false }]],
    };
    const profile = InterestProfile.fromSnapshot(v1);
    expect(interestIn(profile, 'space')).toBeCloseTo(0.8, 9);
    expect(profile.negativeFeatures().get('t:hotel')).toBeCloseTo(0.5, 9);
    expect(profile.markOf('gravity')).toMatchObject({ reaction: 'liked', skips: 0 });
    expect(profile.snapshot().version).toBe(2);
  });
});
