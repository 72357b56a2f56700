import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/core/catalogue/parse-catalogue';
import { MAX_PRIOR_WEIGHT, OPEN_WEIGHT_RANGE, parseRankingPriors } from '../../src/core/catalogue/ranking-priors';
import { buildCatalogueIndex, featureSourceOf, withRanking } from '../../src/core/index/catalogue-index';
import { restoreIndex, snapshotIndex } from '../../src/core/index/index-snapshot';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { NO_RERANK, rankCatalogue } from '../../src/core/rank/rank-catalogue';
import { DEFAULT_ENGAGEMENT, DEFAULT_PRIORS, engagementFor, NO_NEIGHBOR_PRIORS, priorsForCatalogue, priorWeights, profileOptionsFor, STATED_INTEREST_FLOOR, weightsForHistory } from '../../src/core/rank/priors';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS } from '../../src/core/rank/signals';
import { FILMS, T0 } from './catalogue-fixture';

describe('a catalogue\'s ranking priors (untrusted input)', () => {
  it('keeps known signals within bounds and the half-life', () => {
    const result = parseRankingPriors({ warm: { interest: 0.5, popularity: 1.2 }, cold: { popularity: 2 }, half_life_days: 90 });
    expect(result).toEqual({ priors: { warm: { interest: 0.5, popularity: 1.2 }, cold: { popularity: 2 }, half_life_days: 90 }, issues: [] });
  });

  it('ignores unknown signals, values out of range and wrong shapes, naming each', () => {
    const result = parseRankingPriors({ warm: { interest: 0.4, boost_sponsored: 3, popularity: 99, session: -1, freshness: '1' }, cold: [1], half_life_days: 0 });
    expect(result.priors).toEqual({ warm: { interest: 0.4 }, cold: {} });
    expect(result.issues).toEqual([
      { kind: 'unknown-signal', field: 'ranking.warm.boost_sponsored' },
      { kind: 'out-of-range', field: 'ranking.warm.popularity', min: 0, max: MAX_PRIOR_WEIGHT },
      { kind: 'out-of-range', field: 'ranking.warm.session', min: 0, max: MAX_PRIOR_WEIGHT },
      { kind: 'out-of-range', field: 'ranking.warm.freshness', min: 0, max: MAX_PRIOR_WEIGHT },
      { kind: 'not-an-object', field: 'ranking.cold' },
      { kind: 'out-of-range', field: 'ranking.half_life_days', min: 1, max: 3650 },
    ]);
    expect(parseRankingPriors('fast')).toEqual({ priors: undefined, issues: [{ kind: 'not-an-object', field: 'ranking' }] });
  });

  it('keeps a cold-to-warm ramp of whole event counts, cold_until below warm_from, and ignores any other', () => {
    expect(parseRankingPriors({ history: { cold_until: 0, warm_from: 12 } })).toEqual({ priors: { warm: {}, cold: {}, history: { cold_until: 0, warm_from: 12 } }, issues: [] });
    const notARamp = { kind: 'not-a-ramp', field: 'ranking.history', min: 0, max: 1000 };
    for (const history of [{ cold_until: 10, warm_from: 10 }, { cold_until: 20, warm_from: 5 }, { cold_until: 2.5, warm_from: 9 }, { cold_until: -1, warm_from: 9 }, { cold_until: 0, warm_from: 5000 }, { cold_until: 0 }, { cold_until: '0', warm_from: 9 }]) {
      expect(parseRankingPriors({ warm: { interest: 1 }, history })).toEqual({ priors: { warm: { interest: 1 }, cold: {} }, issues: [notARamp] });
    }
    expect(parseRankingPriors({ history: [5, 30] })).toEqual({ priors: undefined, issues: [{ kind: 'not-an-object', field: 'ranking.history' }] });
    expect(parseRankingPriors(undefined)).toEqual({ priors: undefined, issues: [] });
  });

  it('keeps an open\'s neighbour weight between 0 and a like\'s, and ignores any other', () => {
    expect(parseRankingPriors({ engagement: { opened: 0 } })).toEqual({ priors: { warm: {}, cold: {}, engagement: { opened: 0 } }, issues: [] });
    expect(parseRankingPriors({ engagement: { opened: 0.8, saved: 9 } }).priors?.engagement).toEqual({ opened: 0.8 });
    const outOfRange = { kind: 'out-of-range', field: 'ranking.engagement.opened', ...OPEN_WEIGHT_RANGE };
    for (const engagement of [{ opened: 1.5 }, { opened: -0.1 }, { opened: '0.3' }, { opened: Number.NaN }, {}]) {
      expect(parseRankingPriors({ warm: { interest: 1 }, engagement })).toEqual({ priors: { warm: { interest: 1 }, cold: {} }, issues: [outOfRange] });
    }
    expect(parseRankingPriors({ engagement: 0.3 })).toEqual({ priors: undefined, issues: [{ kind: 'not-an-object', field: 'ranking.engagement' }] });
  });

  it('never throws, and whatever it keeps is a known signal with a bounded, finite weight', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom('interest', 'popularity', 'nope', '__proto__'), fc.oneof(fc.double(), fc.jsonValue())), (raw, weights) => {
        for (const input of [raw, { warm: weights, cold: raw, history: raw, engagement: raw }, { engagement: { opened: raw } }]) {
          const { priors, issues } = parseRankingPriors(input);
          if (priors?.engagement !== undefined) expect(Number.isFinite(priors.engagement.opened) && priors.engagement.opened >= 0 && priors.engagement.opened <= 1).toBe(true);
          if (priors?.history !== undefined) {
            const { cold_until, warm_from } = priors.history;
            expect(Number.isInteger(cold_until) && Number.isInteger(warm_from) && cold_until >= 0 && cold_until < warm_from && warm_from <= 1000).toBe(true);
          }
          expect(issues.length).toBeLessThanOrEqual(42);
          for (const set of priors === undefined ? [] : [priors.warm, priors.cold]) {
            for (const [name, value] of Object.entries(set)) {
              expect(['interest', 'popularity', 'semantic', 'session', 'neighbors', 'listedBy', 'freshness', 'disliked', 'seen', 'skipped']).toContain(name);
              expect(Number.isFinite(value) && value >= 0 && value <= MAX_PRIOR_WEIGHT).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('travels with the catalogue through validation, and what was ignored is reported', () => {
    const parsed = parseCatalogue({ format: 'sift-catalog', version: 1, id: 'films', items: FILMS, ranking: { warm: { interest: 2, made_up: 1 } } });
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.catalogue.ranking).toEqual({ warm: { interest: 2 }, cold: {} });
    expect(parsed.rankingIssues).toEqual([{ kind: 'unknown-signal', field: 'ranking.warm.made_up' }]);
  });
});

describe('priors for a catalogue', () => {
  const plain = buildCatalogueIndex(FILMS);
  const tuned = withRanking(plain, { warm: { interest: 3, popularity: 0 }, cold: { popularity: 0.5 }, half_life_days: 30 });

  it('a catalogue\'s tuned priors override Sift\'s, signal by signal; the rest stay', () => {
    const priors = priorsForCatalogue(tuned);
    expect(priors.warm).toEqual({ ...NO_NEIGHBOR_PRIORS.warm, interest: 3, popularity: 0 });
    expect(priors.cold).toEqual({ ...NO_NEIGHBOR_PRIORS.cold, popularity: 0.5 });
    expect(weightsForHistory(1_000, priors).interest).toBe(3);
    expect(priors.ramp).toEqual(NO_NEIGHBOR_PRIORS.ramp);
    expect(profileOptionsFor(tuned).halfLifeMs).toBe(30 * 86_400_000);
  });

  it('a catalogue\'s ramp decides how many events take a reader from its cold weights to its warm ones', () => {
    const ramped = priorsForCatalogue(withRanking(plain, { warm: { interest: 3 }, cold: { interest: 1 }, history: { cold_until: 0, warm_from: 4 } }));
    expect(ramped.ramp).toEqual({ coldUntil: 0, warmFrom: 4 });
    expect(weightsForHistory(2, ramped).interest).toBe(2);
    expect(weightsForHistory(4, ramped).interest).toBe(3);
    // Sift's own ramp would still hold the cold weights at 4 events.
    expect(weightsForHistory(4, { ...ramped, ramp: DEFAULT_PRIORS.ramp }).interest).toBe(1);
    expect(profileOptionsFor(plain).halfLifeMs).toBe(365 * 86_400_000);
  });

  it('the app ranks with the catalogue\'s priors when present', () => {
    const profile = new InterestProfile();
    const source = featureSourceOf(plain);
    for (let i = 0; i < 40; i += 1) profile.apply({ kind: 'open', itemId: i % 2 === 0 ? 'before-sunrise' : 'amelie', at: T0 + i }, source);
    const top = (index: typeof plain): string => rankCatalogue(index, profile, { limit: 1, now: T0 + 100, rerank: NO_RERANK })[0]!.itemId;
    // Sift's no-neighbour prior lets popularity lead; this site tuned content matching to lead.
    expect(top(plain)).toBe('blockbuster');
    expect(top(tuned)).toBe('notebook');
  });

  it('an open lifts its item\'s neighbours by the catalogue\'s weight for it', () => {
    const withNeighbors = buildCatalogueIndex(FILMS.map((film, i) => ({ ...film, neighbors: [FILMS[(i + 1) % FILMS.length]!.id] })));
    const profile = new InterestProfile();
    const source = featureSourceOf(withNeighbors);
    profile.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    profile.apply({ kind: 'open', itemId: 'shining', at: T0 }, source);
    const neighbourOfOpen = (index: typeof plain): number => {
      const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, engagement: engagementFor(index), now: T0 + 1 });
      return table.values.neighbors[index.lexical.positionById.get('hereditary')!]!;
    };
    expect(engagementFor(withNeighbors)).toEqual(DEFAULT_ENGAGEMENT);
    // The like's neighbour (solaris) is the maximum the signal is scaled by.
    expect(neighbourOfOpen(withNeighbors)).toBeCloseTo(DEFAULT_ENGAGEMENT.opened, 6);
    const published = withRanking(withNeighbors, { warm: {}, cold: {}, engagement: { opened: 0 } });
    expect(engagementFor(published)).toEqual({ ...DEFAULT_ENGAGEMENT, opened: 0 });
    expect(neighbourOfOpen(published)).toBe(0);
    expect(neighbourOfOpen(withRanking(withNeighbors, { warm: {}, cold: {}, engagement: { opened: 0.9 } }))).toBeCloseTo(0.9, 6);
    // The app's feed: a reader who only opened The Shining is shown its neighbour, unless opens count for nothing here.
    const reader = new InterestProfile();
    reader.apply({ kind: 'open', itemId: 'shining', at: T0 }, source);
    const top = (index: typeof plain): string => rankCatalogue(index, reader, { limit: 1, now: T0 + 1, rerank: NO_RERANK })[0]!.itemId;
    expect(top(withNeighbors)).toBe('hereditary');
    expect(top(published)).not.toBe('hereditary');
  });

  it('survives the index snapshot a reload restores, its ramp too', () => {
    const ramped = withRanking(tuned, { ...tuned.ranking!, history: { cold_until: 2, warm_from: 20 } });
    const restored = restoreIndex(snapshotIndex(ramped));
    expect(restored.kind).toBe('restored');
    if (restored.kind === 'restored') expect(priorsForCatalogue(restored.index)).toEqual(priorsForCatalogue(ramped));
    if (restored.kind === 'restored') expect(restored.index.ranking).toEqual(ramped.ranking);
  });

  it('interests stated in words keep a floor under the interest weight; learnt-only profiles follow the priors', () => {
    const withNeighbors = buildCatalogueIndex(FILMS.map((film, i) => ({ ...film, neighbors: [FILMS[(i + 1) % FILMS.length]!.id] })));
    const source = featureSourceOf(withNeighbors);
    const learnt = new InterestProfile();
    learnt.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    expect(priorWeights(withNeighbors, learnt).interest).toBe(DEFAULT_PRIORS.cold.interest);
    const stated = new InterestProfile();
    stated.apply({ kind: 'stated-interest', text: 'space films', at: T0 }, source);
    stated.apply({ kind: 'like', itemId: 'alien', at: T0 }, source);
    expect(DEFAULT_PRIORS.cold.interest).toBeLessThan(STATED_INTEREST_FLOOR);
    expect(priorWeights(withNeighbors, stated).interest).toBe(STATED_INTEREST_FLOOR);
    expect(InterestProfile.fromSnapshot(stated.snapshot()).statedInterests).toBe(1);
  });
});
