import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/core/catalogue/parse-catalogue';
import { MAX_PRIOR_WEIGHT, parseRankingPriors } from '../../src/core/catalogue/ranking-priors';
import { buildCatalogueIndex, featureSourceOf, withRanking } from '../../src/core/index/catalogue-index';
import { restoreIndex, snapshotIndex } from '../../src/core/index/index-snapshot';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { NO_RERANK, rankCatalogue } from '../../src/core/rank/rank-catalogue';
import { DEFAULT_PRIORS, NO_NEIGHBOR_PRIORS, priorsForCatalogue, priorWeights, profileOptionsFor, STATED_INTEREST_FLOOR, weightsForHistory } from '../../src/core/rank/priors';
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
    expect(parseRankingPriors(undefined)).toEqual({ priors: undefined, issues: [] });
  });

  it('never throws, and whatever it keeps is a known signal with a bounded, finite weight', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom('interest', 'popularity', 'nope', '__proto__'), fc.oneof(fc.double(), fc.jsonValue())), (raw, weights) => {
        for (const input of [raw, { warm: weights, cold: raw }]) {
          const { priors, issues } = parseRankingPriors(input);
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
    expect(profileOptionsFor(tuned).halfLifeMs).toBe(30 * 86_400_000);
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

  it('survives the index snapshot a reload restores', () => {
    const restored = restoreIndex(snapshotIndex(tuned));
    expect(restored.kind).toBe('restored');
    if (restored.kind === 'restored') expect(restored.index.ranking).toEqual(tuned.ranking);
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
