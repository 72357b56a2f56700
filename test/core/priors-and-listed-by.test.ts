import { describe, expect, it } from 'vitest';
import { buildCatalogueIndex, featureSourceOf } from '../../src/core/index/catalogue-index';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { NO_RERANK, rankCatalogue } from '../../src/core/rank/rank-catalogue';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS } from '../../src/core/rank/signals';
import { DEFAULT_PRIORS, NO_NEIGHBOR_PRIORS, priorsForCatalogue, priorWeights, STATED_ONLY_INTEREST } from '../../src/core/rank/priors';
import { T0 } from './catalogue-fixture';

const items = [
  { id: 'a', title: 'A', tags: ['xenon'], popularity: 1, neighbors: ['b'] },
  { id: 'b', title: 'B', tags: ['yarrow'], popularity: 1 },
  { id: 'c', title: 'C', tags: ['zebra'], popularity: 1, neighbors: ['a'] },
  { id: 'd', title: 'D', tags: ['walrus'], popularity: 50 },
];
const index = buildCatalogueIndex(items);

describe('listed-by signal', () => {
  it('an item whose neighbour list names a liked item gets credit, though the liked item does not list it', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'a', at: T0 }, featureSourceOf(index));
    const table = computeSignals(index, profile, { ...DEFAULT_SIGNAL_OPTIONS, now: T0 });
    expect(table.values.neighbors[1]).toBe(1); // a lists b
    expect(table.values.listedBy[2]).toBe(1); // c lists a
    expect(table.values.listedBy[1]).toBe(0);
    expect(index.listedByPositions.length).toBe(index.neighborPositions.length);
  });
});

describe('prior weights', () => {
  it('a catalogue without neighbours gets the priors tuned for that case, one with them the defaults', () => {
    const plain = buildCatalogueIndex(items.map(({ neighbors: _n, ...rest }) => rest));
    expect(priorsForCatalogue(plain)).toBe(NO_NEIGHBOR_PRIORS);
    expect(priorsForCatalogue(index)).toBe(DEFAULT_PRIORS);
    expect(NO_NEIGHBOR_PRIORS.warm.neighbors).toBe(0);
  });

  it('a user who has only stated interests is ranked by them, until they engage with items', () => {
    const profile = new InterestProfile();
    profile.apply({ kind: 'stated-interest', text: 'I like zebras and a zebra', at: T0 }, featureSourceOf(index));
    expect(priorWeights(index, profile).interest).toBe(STATED_ONLY_INTEREST);
    expect(rankCatalogue(index, profile, { limit: 1, now: T0, rerank: NO_RERANK })[0]!.itemId).toBe('c');
    profile.apply({ kind: 'like', itemId: 'd', at: T0 }, featureSourceOf(index));
    expect(priorWeights(index, profile).interest).toBeLessThan(STATED_ONLY_INTEREST);
  });
});
