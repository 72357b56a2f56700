import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeProfile } from '../../src/core/explain/describe-profile';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { tagKey } from '../../src/core/lexical/lexical-index';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { DAY, FILMS, T0, featureSource, filmIndex } from './catalogue-fixture';

const index = filmIndex();
const source = featureSource(index);

function profileOf(events: readonly InteractionEvent[]): InterestProfile {
  const profile = new InterestProfile();
  for (const event of events) profile.apply(event, source);
  return profile;
}

const interestIn = (profile: InterestProfile, tag: string): number => profile.centroids().reduce((sum, c) => sum + (c.features.get(tagKey(tag)) ?? 0), 0);

const LIKES: InteractionEvent[] = [
  { kind: 'like', itemId: 'gravity', at: T0 },
  { kind: 'like', itemId: 'interstellar', at: T0 + DAY },
  { kind: 'like', itemId: 'amelie', at: T0 + 2 * DAY },
  { kind: 'dislike', itemId: 'shining', at: T0 + 3 * DAY },
];

describe('profile edits', () => {
  it('"less" halves a tag, "more" raises it, "remove" takes it out of interests, dislikes and counts alike', () => {
    const before = interestIn(profileOf(LIKES), 'space');
    expect(before).toBeGreaterThan(0);
    expect(interestIn(profileOf([...LIKES, { kind: 'tag-weight', tag: 'space', factor: 0.5, at: T0 + 4 * DAY }]), 'space')).toBeCloseTo(before / 2, 9);
    expect(interestIn(profileOf([...LIKES, { kind: 'tag-weight', tag: 'Space', factor: 1.5, at: T0 + 4 * DAY }]), 'space')).toBeCloseTo(before * 1.5, 9);
    const removed = profileOf([...LIKES, { kind: 'tag-weight', tag: 'space', factor: 0, at: T0 + 4 * DAY }, { kind: 'tag-weight', tag: 'hotel', factor: 0, at: T0 + 4 * DAY }]);
    expect(interestIn(removed, 'space')).toBe(0);
    expect(removed.negativeFeatures().has(tagKey('hotel'))).toBe(false);
    expect(removed.tagStatistics().has(tagKey('space'))).toBe(false);
    // Other tags of the same items stay.
    expect(interestIn(removed, 'survival')).toBeGreaterThan(0);
  });

  it('a factor out of range is clamped, never multiplies without bound', () => {
    const profile = profileOf(LIKES);
    const before = interestIn(profile, 'space');
    profile.reweighTag(tagKey('space'), 1e9);
    expect(interestIn(profile, 'space')).toBeCloseTo(before * 4, 9);
    profile.reweighTag(tagKey('space'), Number.NaN);
    expect(interestIn(profile, 'space')).toBeCloseTo(before * 4, 9);
  });

  it('forgetting an interest removes the centroid its tags describe and keeps the others', () => {
    const profile = profileOf([...LIKES, { kind: 'forget-interest', tags: ['Romance', 'Paris'], at: T0 + 4 * DAY }]);
    expect(profile.centroids()).toHaveLength(1);
    expect(interestIn(profile, 'space')).toBeGreaterThan(0);
    expect(interestIn(profile, 'Romance')).toBe(0);
  });

  it('forgetItem takes back a like and a save exactly, decayed to the moment of forgetting', () => {
    const profile = profileOf([
      { kind: 'like', itemId: 'gravity', at: T0 },
      { kind: 'like', itemId: 'alien', at: T0 + DAY },
      { kind: 'save', itemId: 'alien', at: T0 + 2 * DAY },
    ]);
    profile.forgetItem('alien', T0 + 30 * DAY, source);
    const reference = profileOf([{ kind: 'like', itemId: 'gravity', at: T0 }]);
    expect(profile.markOf('alien').reaction).toBe('none');
    expect(profile.markedItems().has('alien')).toBe(false);
    // Same interests as if alien had never been touched, decayed to the same moment.
    const decay = Math.pow(2, (-30 * DAY) / (365 * DAY));
    for (const [key, weight] of reference.centroids()[0]!.features) expect(profile.centroids()[0]!.features.get(key) ?? 0).toBeCloseTo(weight * decay, 9);
    expect(profile.centroids()[0]!.features.get(tagKey('Horror')) ?? 0).toBeCloseTo(0, 9);
  });

  it('describes interests by tags, share and nearest items, and what is avoided', () => {
    const description = describeProfile(index, profileOf(LIKES));
    expect(description.eventCount).toBe(4);
    expect(description.interests).toHaveLength(2);
    const [space, romance] = description.interests;
    expect(space!.share).toBeGreaterThan(romance!.share);
    expect(space!.share + romance!.share).toBeCloseTo(1, 9);
    expect(space!.tags.map((t) => t.tag)).toContain('space');
    expect(space!.nearestItemIds).toHaveLength(3);
    expect(space!.nearestItemIds.every((id) => ['gravity', 'interstellar', 'solaris', 'alien'].includes(id))).toBe(true);
    expect(romance!.nearestItemIds[0]).toBe('amelie');
    // Tag labels as the catalogue writes them; weights relative to the heaviest.
    expect(description.tags[0]!.weight).toBe(1);
    expect(description.tags.map((t) => t.tag)).toContain('Sci-Fi');
    expect(description.avoided.map((t) => t.tag)).toContain('hotel');
    expect(describeProfile(index, new InterestProfile())).toEqual({ interests: [], tags: [], avoided: [], eventCount: 0 });
  });

  it('property: any sequence of events and edits keeps every weight finite, non-negative and the description consistent', () => {
    const ids = [...FILMS.map((f) => f.id), 'unknown-item'];
    const tags = ['space', 'Sci-Fi', 'Romance', 'hotel', 'nope', ''];
    const event: fc.Arbitrary<InteractionEvent> = fc.oneof(
      fc.record({ kind: fc.constantFrom('like', 'dislike', 'hide', 'save', 'unsave', 'unlike', 'open', 'skip', 'impression' as const), itemId: fc.constantFrom(...ids), at: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ kind: fc.constant('dwell' as const), itemId: fc.constantFrom(...ids), at: fc.integer({ min: 0, max: 400 }), seconds: fc.double({ min: -10, max: 1e6, noNaN: true }) }),
      fc.record({ kind: fc.constant('tag-weight' as const), tag: fc.constantFrom(...tags), factor: fc.oneof(fc.double({ min: -5, max: 10 }), fc.constant(Number.NaN)), at: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ kind: fc.constant('forget-interest' as const), tags: fc.array(fc.constantFrom(...tags), { maxLength: 4 }), at: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ kind: fc.constant('stated-interest' as const), text: fc.string(), at: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ kind: fc.constant('search' as const), query: fc.string(), at: fc.integer({ min: 0, max: 400 }) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.array(fc.constantFrom(...ids), { maxLength: 3 }), (events, forgotten) => {
        const profile = new InterestProfile();
        for (const e of events) profile.apply({ ...e, at: T0 + e.at * DAY }, source);
        for (const id of forgotten) profile.forgetItem(id, T0 + 500 * DAY, source);
        for (const c of profile.centroids()) {
          expect(Number.isFinite(c.mass) && c.mass >= 0).toBe(true);
          for (const w of c.features.values()) expect(Number.isFinite(w) && w >= 0).toBe(true);
        }
        for (const w of profile.negativeFeatures().values()) expect(Number.isFinite(w) && w >= 0).toBe(true);
        for (const id of forgotten) expect(profile.markedItems().has(id)).toBe(false);
        const description = describeProfile(index, profile);
        for (const t of [...description.tags, ...description.avoided]) expect(t.weight > 0 && t.weight <= 1).toBe(true);
        // The snapshot round trip is exact whatever happened.
        expect(InterestProfile.fromSnapshot(profile.snapshot()).snapshot()).toEqual(profile.snapshot());
      }),
      { numRuns: 300 },
    );
  });
});
