import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { rankCatalogue } from '../../src/core/rank/rank-catalogue';
import { DAY, FILMS, T0, featureSource, filmIndex } from './catalogue-fixture';

const index = filmIndex();
const source = featureSource(index);

function profileOf(events: InteractionEvent[]): InterestProfile {
  const profile = new InterestProfile();
  for (const event of events) profile.apply(event, source);
  return profile;
}

function order(profile: InterestProfile, limit = FILMS.length): string[] {
  return rankCatalogue(index, profile, { limit, now: T0 + DAY }).map((r) => r.itemId);
}

describe('rankCatalogue', () => {
  it('with no history, ranks by popularity', () => {
    const byPopularity = [...FILMS].sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0)).map((f) => f.id);
    expect(order(new InterestProfile())).toEqual(byPopularity);
  });

  it('a like pulls similar items above more popular ones', () => {
    const ranking = order(profileOf([{ kind: 'like', itemId: 'gravity', at: T0 }]));
    expect(ranking.slice(0, 3).sort()).toEqual(['alien', 'interstellar', 'solaris']);
    expect(ranking.indexOf('solaris')).toBeLessThan(ranking.indexOf('blockbuster'));
  });

  it('a dislike removes the item and pushes similar items down', () => {
    const scores = (profile: InterestProfile): Map<string, number> =>
      new Map(rankCatalogue(index, profile, { limit: 20, now: T0 }).map((r) => [r.itemId, r.score]));
    const before = scores(new InterestProfile());
    const disliked = profileOf([{ kind: 'dislike', itemId: 'notebook', at: T0 }]);
    const after = scores(disliked);
    expect(after.has('notebook')).toBe(false);
    expect(after.get('amelie')!).toBeLessThan(before.get('amelie')!);
    expect(after.get('before-sunrise')!).toBeLessThan(before.get('before-sunrise')!);
    // Amélie was more popular than Gravity; after the romance dislike it ranks below it.
    expect(before.get('amelie')!).toBeGreaterThan(before.get('gravity')!);
    expect(order(disliked).indexOf('amelie')).toBeGreaterThan(order(disliked).indexOf('gravity'));
  });

  it('hidden items are left out; liked and opened ones sink but saved ones stay', () => {
    const profile = profileOf([
      { kind: 'hide', itemId: 'blockbuster', at: T0 },
      { kind: 'like', itemId: 'interstellar', at: T0 },
      { kind: 'open', itemId: 'shining', at: T0 },
      { kind: 'save', itemId: 'gravity', at: T0 },
    ]);
    const ranking = rankCatalogue(index, profile, { limit: 20, now: T0 });
    const ids = ranking.map((r) => r.itemId);
    expect(ids).not.toContain('blockbuster');
    expect(ids.slice(-2).sort()).toEqual(['interstellar', 'shining']);
    expect(ranking.find((r) => r.itemId === 'interstellar')!.explanation.signals.some((s) => s.signal === 'seen')).toBe(true);
    expect(ranking.find((r) => r.itemId === 'gravity')!.explanation.signals.some((s) => s.signal === 'seen')).toBe(false);
  });

  it('a stated interest ranks matching items first from a cold start', () => {
    expect(order(profileOf([{ kind: 'stated-interest', text: 'romance in Paris', at: T0 }]))[0]).toBe('amelie');
  });

  it('explains each item with the tags that produced its interest score', () => {
    const [top] = rankCatalogue(index, profileOf([{ kind: 'like', itemId: 'hereditary', at: T0 }]), { limit: 1, now: T0 });
    expect(top!.itemId).not.toBe('hereditary');
    const labels = top!.explanation.matched.map((m) => m.label);
    expect(labels).toContain('Horror');
  });

  it('pages with offset consistently with one long ranking', () => {
    const profile = profileOf([{ kind: 'like', itemId: 'amelie', at: T0 }]);
    const full = rankCatalogue(index, profile, { limit: 8, now: T0 }).map((r) => r.itemId);
    const page2 = rankCatalogue(index, profile, { limit: 4, offset: 4, now: T0 }).map((r) => r.itemId);
    expect(page2).toEqual(full.slice(4, 8));
  });

  const eventArb = fc.record({
    kind: fc.constantFrom('like', 'dislike', 'hide', 'save', 'open', 'unlike', 'unsave' as const),
    itemId: fc.constantFrom(...FILMS.map((f) => f.id), 'unknown'),
    at: fc.integer({ min: T0, max: T0 + 100 * DAY }),
  }) as fc.Arbitrary<InteractionEvent>;

  it('for any history: scores are finite, sorted, ids unique, and signals sum to the score', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.integer({ min: 0, max: 12 }), (events, limit) => {
        const ranking = rankCatalogue(index, profileOf(events), { limit, now: T0 + 100 * DAY });
        expect(ranking.length).toBeLessThanOrEqual(limit);
        expect(new Set(ranking.map((r) => r.itemId)).size).toBe(ranking.length);
        for (let i = 0; i < ranking.length; i += 1) {
          const { score, explanation } = ranking[i]!;
          expect(Number.isFinite(score)).toBe(true);
          if (i > 0) expect(score).toBeLessThanOrEqual(ranking[i - 1]!.score);
          const total = explanation.signals.reduce((sum, s) => sum + s.contribution, 0);
          expect(total).toBeCloseTo(score, 5);
        }
      }),
    );
  });
});
