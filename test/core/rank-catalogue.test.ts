import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { buildCatalogueIndex } from '../../src/core/index/catalogue-index';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { NO_RERANK, rankCatalogue, type RankRequest } from '../../src/core/rank/rank-catalogue';
import { DEFAULT_SIGNAL_WEIGHTS } from '../../src/core/rank/priors';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, robustScale, SignalScratch } from '../../src/core/rank/signals';
import { quantizeInt8 } from '../../src/core/vectors/item-vectors';
import { seededRandom } from '../../src/core/random/seeded-random';
import { largeCatalogue } from '../../src/bench/browser-bench';
import { DAY, FILMS, T0, featureSource, filmIndex } from './catalogue-fixture';

const index = filmIndex();
const source = featureSource(index);
/**
 * Weights that let content matching show (these tests pin the ranking's mechanics; the priors,
 * which on MovieLens let popularity lead when a catalogue has no neighbours, are tested on their own).
 */
const WARM = { ...DEFAULT_SIGNAL_WEIGHTS, neighbors: 0, listedBy: 0, interest: 2.1 };

function profileOf(events: InteractionEvent[], idx = index): InterestProfile {
  const profile = new InterestProfile();
  const features = idx === index ? source : featureSource(idx);
  for (const event of events) profile.apply(event, features);
  return profile;
}

function order(profile: InterestProfile, request: Partial<RankRequest> = {}, idx = index): string[] {
  return rankCatalogue(idx, profile, { limit: FILMS.length, now: T0 + DAY, rerank: NO_RERANK, ...request }).map((r) => r.itemId);
}

describe('freshness', () => {
  it('halves every half-life before now and is 1 from publication on, as 2^(−age / half-life)', () => {
    for (const now of [T0, T0 + 400 * DAY, T0 - 5000 * DAY]) {
      const { freshness } = computeSignals(index, new InterestProfile(), { ...DEFAULT_SIGNAL_OPTIONS, now }).values;
      index.publishedAt.forEach((published, i) => {
        const expected = Number.isNaN(published) ? 0 : published >= now ? 1 : Math.pow(2, -(now - published) / DEFAULT_SIGNAL_OPTIONS.freshnessHalfLifeMs);
        expect(freshness[i]).toBeCloseTo(expected, 6);
      });
    }
  });
});

describe('robustScale', () => {
  it('is the 99th percentile of the positive values (at least a tenth of the maximum), as sorting them gives', () => {
    const reference = (values: Float32Array, max: number): number => {
      const positive = Float32Array.from([...values].filter((v) => v > 0)).sort();
      return Math.max(positive[Math.min(positive.length - 1, Math.floor(0.99 * positive.length))] ?? max, max / 10);
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.float({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 0, max: 3 })), { maxLength: 400 }), (raw) => {
        const values = Float32Array.from(raw);
        const max = Math.max(0, ...values);
        expect(robustScale(values, max)).toBe(reference(values, max));
      }),
      { numRuns: 500 },
    );
  });
});

describe('rankCatalogue', () => {
  it('scores interest as each centroid’s own sum over the item’s row, best centroid first on ties, for any number of centroids', () => {
    const items = largeCatalogue(1_500, seededRandom(3));
    const big = buildCatalogueIndex(items);
    const bigSource = featureSource(big);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: items.length - 1 }), { minLength: 1, maxLength: 40 }), (liked) => {
        const profile = new InterestProfile();
        liked.forEach((k, n) => profile.apply({ kind: 'like', itemId: items[k]!.id, at: T0 + n * 60_000 }, bigSource));
        const table = computeSignals(big, profile, { ...DEFAULT_SIGNAL_OPTIONS, now: T0 + DAY, exclude: 'rejected' });
        const K = table.centroidCount;
        const { rowStart, featureIds, bm25 } = big.lexical;
        for (let i = 0; i < big.itemCount; i += 1) {
          let best = 0;
          let bestC = 255;
          for (let c = 0; c < K; c += 1) {
            let sum = 0;
            for (let j = rowStart[i]!; j < rowStart[i + 1]!; j += 1) sum += table.centroidMatrix[featureIds[j]! * table.centroidStride + c]! * bm25[j]!;
            const v = sum * table.centroidFactor[c]!;
            if (v > best) {
              best = v;
              bestC = c;
            }
          }
          expect(table.bestCentroid[i]).toBe(bestC);
          expect(table.values.interest[i]).toBe(Math.fround(Math.fround(best) * table.interestScale));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('ranks the same with a reused scratch as with fresh arrays, whatever was ranked in it before', () => {
    const scratch = new SignalScratch();
    const kinds = ['like', 'dislike', 'hide', 'open', 'save', 'skip'] as const;
    const event = fc.record({ kind: fc.constantFrom(...kinds), film: fc.integer({ min: 0, max: FILMS.length - 1 }), at: fc.integer({ min: 0, max: 10 * DAY }) });
    fc.assert(
      fc.property(fc.array(fc.array(event, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (histories) => {
        for (const history of histories) {
          const profile = profileOf(history.map((e) => ({ kind: e.kind, itemId: FILMS[e.film]!.id, at: T0 + e.at })));
          const request = { limit: 8, now: T0 + 11 * DAY };
          expect(rankCatalogue(index, profile, request, scratch)).toEqual(rankCatalogue(index, profile, request));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with no history, ranks by popularity', () => {
    const byPopularity = [...FILMS].sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0)).map((f) => f.id);
    expect(order(new InterestProfile())).toEqual(byPopularity);
  });

  it('a like pulls similar items above more popular ones', () => {
    const ranking = order(profileOf([{ kind: 'like', itemId: 'gravity', at: T0 }]), { weights: WARM });
    expect(ranking.slice(0, 3).sort()).toEqual(['alien', 'interstellar', 'solaris']);
  });

  it("one like already moves similar items up, while popularity still leads", () => {
    const before = order(new InterestProfile(), { weights: WARM });
    const after = order(profileOf([{ kind: 'like', itemId: 'gravity', at: T0 }]), { weights: WARM });
    expect(after.indexOf('solaris')).toBeLessThan(before.indexOf('solaris'));
    expect(after.indexOf('interstellar')).toBeLessThanOrEqual(before.indexOf('interstellar'));
    expect(after.indexOf('notebook')).toBeGreaterThan(before.indexOf('notebook'));
  });

  it('two separate interests both reach the top instead of their blurred average', () => {
    const profile = profileOf([
      { kind: 'like', itemId: 'gravity', at: T0 },
      { kind: 'like', itemId: 'before-sunrise', at: T0 },
    ]);
    const top4 = order(profile, { weights: WARM }).slice(0, 4);
    expect(top4.some((id) => ['interstellar', 'solaris', 'alien'].includes(id))).toBe(true);
    expect(top4.some((id) => ['amelie', 'notebook'].includes(id))).toBe(true);
  });

  it('a dislike removes the item and pushes items like it down', () => {
    const scores = (profile: InterestProfile): Map<string, number> =>
      new Map(rankCatalogue(index, profile, { limit: 20, now: T0, rerank: NO_RERANK, weights: WARM }).map((r) => [r.itemId, r.score]));
    const before = scores(new InterestProfile());
    const disliked = profileOf([{ kind: 'dislike', itemId: 'notebook', at: T0 }]);
    const after = scores(disliked);
    expect(after.has('notebook')).toBe(false);
    expect(after.get('amelie')!).toBeLessThan(before.get('amelie')!);
    expect(after.get('before-sunrise')!).toBeLessThan(before.get('before-sunrise')!);
    expect(after.get('gravity')!).toBe(before.get('gravity')!);
  });

  it('hidden items are left out; liked and opened ones sink but saved ones stay', () => {
    const profile = profileOf([
      { kind: 'hide', itemId: 'blockbuster', at: T0 },
      { kind: 'like', itemId: 'interstellar', at: T0 },
      { kind: 'open', itemId: 'shining', at: T0 },
      { kind: 'save', itemId: 'gravity', at: T0 },
    ]);
    const ranking = rankCatalogue(index, profile, { limit: 20, now: T0, rerank: NO_RERANK });
    const ids = ranking.map((r) => r.itemId);
    expect(ids).not.toContain('blockbuster');
    expect(ids.slice(-2).sort()).toEqual(['interstellar', 'shining']);
    expect(ranking.find((r) => r.itemId === 'gravity')!.explanation.signals.some((s) => s.signal === 'seen')).toBe(false);
  });

  it("'interacted' exclusion leaves out everything the user touched (offline evaluation)", () => {
    const profile = profileOf([
      { kind: 'open', itemId: 'amelie', at: T0 },
      { kind: 'like', itemId: 'alien', at: T0 },
    ]);
    expect(order(profile, { exclude: 'interacted' })).not.toContain('amelie');
    expect(order(profile, { exclude: 'interacted' })).toHaveLength(FILMS.length - 2);
  });

  it('co-occurrence neighbours of a liked item rise, and the explanation names the liked item', () => {
    const items = FILMS.map((f) => (f.id === 'hereditary' ? { ...f, neighbors: ['amelie'] } : f));
    const idx = buildCatalogueIndex(items);
    const profile = profileOf([{ kind: 'like', itemId: 'hereditary', at: T0 }], idx);
    const ranking = rankCatalogue(idx, profile, { limit: 3, now: T0, rerank: NO_RERANK });
    const amelie = ranking.find((r) => r.itemId === 'amelie');
    expect(amelie).toBeDefined();
    expect(amelie!.explanation.because).toEqual([{ itemId: 'hereditary', via: 'neighbors' }]);
  });

  it('a stated interest ranks matching items first from a cold start', () => {
    expect(order(profileOf([{ kind: 'stated-interest', text: 'romance in Paris', at: T0 }]))[0]).toBe('amelie');
  });

  it('fresher items get a freshness signal; undated ones none', () => {
    const items = [
      { id: 'new', title: 'New', tags: ['x'], published_at: '2024-01-01' },
      { id: 'old', title: 'Old', tags: ['x'], published_at: '1990-01-01' },
      { id: 'undated', title: 'Undated', tags: ['x'] },
    ];
    const idx = buildCatalogueIndex(items.map((i) => ({ ...i, published_at: i.published_at && new Date(i.published_at).toISOString() })));
    const ranking = rankCatalogue(idx, new InterestProfile(), { limit: 3, now: Date.UTC(2024, 6, 1), rerank: NO_RERANK });
    expect(ranking.map((r) => r.itemId)).toEqual(['new', 'old', 'undated']);
    expect(ranking[2]!.explanation.signals.find((s) => s.signal === 'freshness')).toBeUndefined();
  });

  it('uses semantic vectors when the catalogue has them (int8), and works the same without', () => {
    // 2-d toy embedding: x = "space", y = "love"; the tags deliberately say nothing.
    const items = [
      { id: 'a', title: 'A', tags: [] },
      { id: 'b', title: 'B', tags: [] },
      { id: 'c', title: 'C', tags: [] },
    ];
    const vectors = quantizeInt8(Float32Array.from([1, 0, 0.96, 0.28, 0, 1]), 2);
    const idx = buildCatalogueIndex(items, vectors);
    const profile = profileOf([{ kind: 'like', itemId: 'a', at: T0 }], idx);
    const ranking = rankCatalogue(idx, profile, { limit: 3, now: T0, rerank: NO_RERANK });
    expect(ranking[0]!.itemId).toBe('b');
    expect(ranking[0]!.explanation.signals.find((s) => s.signal === 'semantic')!.value).toBeGreaterThan(0.9);
    const without = rankCatalogue(buildCatalogueIndex(items), profileOf([{ kind: 'like', itemId: 'a', at: T0 }], buildCatalogueIndex(items)), { limit: 3, now: T0 });
    expect(without).toHaveLength(3);
  });

  it('explains each item with the tags that produced its interest score, adding up to it', () => {
    const [top] = rankCatalogue(index, profileOf([{ kind: 'like', itemId: 'hereditary', at: T0 }]), { limit: 1, now: T0, rerank: NO_RERANK, weights: WARM });
    expect(top!.itemId).not.toBe('hereditary');
    expect(top!.explanation.matched.map((m) => m.label)).toContain('Horror');
    const interest = top!.explanation.signals.find((s) => s.signal === 'interest')!.contribution;
    const matched = top!.explanation.matched.filter((m) => m.contribution > 0).reduce((sum, m) => sum + m.contribution, 0);
    expect(matched).toBeLessThanOrEqual(interest + 1e-9);
    expect(matched).toBeGreaterThan(0.5 * interest);
  });

  it('pages with offset consistently with one long ranking, re-ranked or not', () => {
    const profile = profileOf([{ kind: 'like', itemId: 'amelie', at: T0 }]);
    for (const rerank of [NO_RERANK, undefined]) {
      const full = rankCatalogue(index, profile, { limit: 8, now: T0, ...(rerank ? { rerank } : {}) }).map((r) => r.itemId);
      const page2 = rankCatalogue(index, profile, { limit: 4, offset: 4, now: T0, ...(rerank ? { rerank } : {}) }).map((r) => r.itemId);
      expect(page2).toEqual(full.slice(4, 8));
    }
  });

  const eventArb = fc.record({
    kind: fc.constantFrom('like', 'dislike', 'hide', 'save', 'open', 'unlike', 'unsave', 'skip' as const),
    itemId: fc.constantFrom(...FILMS.map((f) => f.id), 'unknown'),
    at: fc.integer({ min: T0, max: T0 + 100 * DAY }),
  }) as fc.Arbitrary<InteractionEvent>;

  it('for any history: scores finite, ids unique, signals sum to the score, plain order sorted by score', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.nat(), (events, limit, plain, seed) => {
        const ranking = rankCatalogue(index, profileOf(events), { limit, now: T0 + 100 * DAY, seed, ...(plain ? { rerank: NO_RERANK } : {}) });
        expect(ranking.length).toBeLessThanOrEqual(limit);
        expect(new Set(ranking.map((r) => r.itemId)).size).toBe(ranking.length);
        for (let i = 0; i < ranking.length; i += 1) {
          const { score, explanation } = ranking[i]!;
          expect(Number.isFinite(score)).toBe(true);
          if (plain && i > 0) expect(score).toBeLessThanOrEqual(ranking[i - 1]!.score);
          const total = explanation.signals.reduce((sum, s) => sum + s.contribution, 0);
          expect(total).toBeCloseTo(score, 5);
        }
      }),
    );
  });

  it('is deterministic for a given seed', () => {
    const profile = profileOf([{ kind: 'like', itemId: 'alien', at: T0 }]);
    const a = rankCatalogue(index, profile, { limit: 8, now: T0, seed: 7 });
    const b = rankCatalogue(index, profile, { limit: 8, now: T0, seed: 7 });
    expect(a).toEqual(b);
  });
});
