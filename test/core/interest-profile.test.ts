import { describe, expect, it } from 'vitest';
import { tagKey } from '../../src/core/lexical/lexical-index';
import { DEFAULT_PROFILE_OPTIONS, InterestProfile } from '../../src/core/profile/interest-profile';
import { DAY, T0, featureSource, filmIndex } from './catalogue-fixture';

const index = filmIndex();
const source = featureSource(index);
const halfLife = DEFAULT_PROFILE_OPTIONS.halfLifeMs;

function weight(profile: InterestProfile, tag: string, at: number): number {
  return profile.weightsAt(at).get(tagKey(tag)) ?? 0;
}

describe('InterestProfile', () => {
  it('a like adds the item features, a dislike subtracts them', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    expect(weight(profile, 'space', T0)).toBeGreaterThan(0);
    profile.apply({ kind: 'dislike', itemId: 'shining', at: T0 }, source);
    expect(weight(profile, 'hotel', T0)).toBeLessThan(0);
    expect(profile.markOf('shining').reaction).toBe('disliked');
  });

  it('old interests fade by half every half-life', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    const fresh = weight(profile, 'survival', T0);
    expect(weight(profile, 'survival', T0 + halfLife)).toBeCloseTo(fresh / 2, 9);
    // A later event rebases the stored weights without changing their decayed value.
    profile.apply({ kind: 'like', itemId: 'notebook', at: T0 + 2 * halfLife }, source);
    expect(weight(profile, 'survival', T0 + 2 * halfLife)).toBeCloseTo(fresh / 4, 9);
  });

  it('a recent like outweighs an old one', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'hereditary', at: T0 }, source);
    profile.apply({ kind: 'like', itemId: 'before-sunrise', at: T0 + 90 * DAY }, source);
    expect(weight(profile, 'Romance', T0 + 90 * DAY)).toBeGreaterThan(weight(profile, 'Horror', T0 + 90 * DAY));
  });

  it('unlike and unsave cancel exactly what they undo, even after time has passed', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    profile.apply({ kind: 'save', itemId: 'solaris', at: T0 + DAY }, source);
    profile.apply({ kind: 'unlike', itemId: 'alien', at: T0 + 10 * DAY }, source);
    profile.apply({ kind: 'unsave', itemId: 'solaris', at: T0 + 12 * DAY }, source);
    for (const value of profile.weightsAt(T0 + 12 * DAY).values()) expect(Math.abs(value)).toBeLessThan(1e-9);
    expect(profile.markedItems().size).toBe(0);
  });

  it('changing a like into a dislike flips the sign instead of adding both', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'hereditary', at: T0 }, source);
    profile.apply({ kind: 'dislike', itemId: 'hereditary', at: T0 }, source);
    const reference = new InterestProfile();
    reference.apply({ kind: 'dislike', itemId: 'hereditary', at: T0 }, source);
    expect(weight(profile, 'family', T0)).toBeCloseTo(weight(reference, 'family', T0), 12);
  });

  it('repeating a like changes nothing', () => {
    const once = new InterestProfile();
    once.apply({ kind: 'like', itemId: 'amelie', at: T0 }, source);
    const twice = new InterestProfile();
    twice.apply({ kind: 'like', itemId: 'amelie', at: T0 }, source);
    twice.apply({ kind: 'like', itemId: 'amelie', at: T0 + 1 }, source);
    expect(weight(twice, 'Paris', T0 + 1)).toBeCloseTo(weight(once, 'Paris', T0 + 1), 12);
  });

  it('stated interests and searches count through the catalogue vocabulary', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'stated-interest', text: 'films about time travel', at: T0 }, source);
    expect(weight(profile, 'time travel', T0)).toBeGreaterThan(0);
  });

  it('a late event (e.g. from another tab) counts as decayed, not as new', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'notebook', at: T0 + halfLife }, source);
    profile.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    const reference = new InterestProfile();
    reference.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    expect(weight(profile, 'survival', T0 + halfLife)).toBeCloseTo(weight(reference, 'survival', T0 + halfLife), 9);
  });

  it('survives a snapshot round trip exactly', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    profile.apply({ kind: 'open', itemId: 'amelie', at: T0 + DAY }, source);
    profile.apply({ kind: 'hide', itemId: 'blockbuster', at: T0 + 2 * DAY }, source);
    const snapshot = JSON.parse(JSON.stringify(profile.snapshot()));
    const restored = InterestProfile.fromSnapshot(snapshot);
    expect(restored.snapshot()).toEqual(profile.snapshot());
    expect(restored.markOf('blockbuster').reaction).toBe('hidden');
    expect(restored.markOf('amelie').opened).toBe(true);
  });
});
