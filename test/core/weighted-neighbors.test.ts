import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEIGHBOR_WEIGHT_RANGE, parseCatalogue } from '../../src/core/catalogue/parse-catalogue';
import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import { cooccurrenceNeighbors, DEFAULT_COOCCURRENCE_OPTIONS, DEFAULT_NEIGHBOR_MODEL } from '../../src/core/collab/cooccurrence';
import { itemAggregates, withAggregates } from '../../src/core/collab/item-aggregates';
import { buildCatalogueIndex, featureSourceOf, type CatalogueIndex } from '../../src/core/index/catalogue-index';
import { restoreIndex, snapshotIndex } from '../../src/core/index/index-snapshot';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { DEFAULT_HISTORY_RAMP } from '../../src/core/rank/priors';
import { COLD_POPULARITY_EXPONENT, computeSignals, DEFAULT_SIGNAL_OPTIONS } from '../../src/core/rank/signals';
import { T0 } from './catalogue-fixture';

const WARM_FROM = DEFAULT_HISTORY_RAMP.warmFrom;

function catalogueOf(items: unknown[]) {
  const result = parseCatalogue({ format: 'sift-catalog', version: 1, id: 'w', title: 'W', items });
  if (result.kind !== 'ok') throw new Error(result.kind);
  return result.catalogue.items;
}

describe('neighbor_weights in a catalogue (untrusted input)', () => {
  it('keeps valid weights with their neighbours, heaviest first, and drops them with an unknown neighbour', () => {
    const [a] = catalogueOf([
      { id: 'a', title: 'A', neighbors: ['b', 'gone', 'c'], neighbor_weights: [0.2, 5, 0.9] },
      { id: 'b', title: 'B' },
      { id: 'c', title: 'C' },
    ]);
    expect(a!.neighbors).toEqual(['c', 'b']);
    expect(a!.neighbor_weights).toEqual([0.9, 0.2]);
  });

  it('a weights array that is not one valid number per neighbour is ignored as a whole; the neighbours stay, by rank', () => {
    for (const bad of [[1], [1, -1], [1, Number.NaN], [1, '2'], [1, 0], [1, 1e13], 'heavy', null]) {
      const [a] = catalogueOf([{ id: 'a', title: 'A', neighbors: ['b', 'c'], neighbor_weights: bad }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }]);
      expect(a!.neighbors).toEqual(['b', 'c']);
      expect(a!.neighbor_weights).toBeUndefined();
    }
  });

  it('whatever the input, weights are one per neighbour, in range and non-increasing (property)', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 7, '', null);
    const weight = fc.oneof(fc.double({ min: -1, max: 2 }), fc.constantFrom(NEIGHBOR_WEIGHT_RANGE.min, NEIGHBOR_WEIGHT_RANGE.max, Number.NaN, Infinity));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 70 }), fc.array(weight, { maxLength: 70 }), fc.boolean(), (ids, weights, sameLength) => {
        const given = sameLength ? ids.map((_, i) => weights[i % Math.max(1, weights.length)] ?? 1) : weights;
        const items = catalogueOf([{ id: 'a', title: 'A', neighbors: ids, neighbor_weights: given }, ...['b', 'c', 'd', 'e', '7'].map((x) => ({ id: x, title: x }))]);
        for (const item of items) {
          const w = item.neighbor_weights;
          expect(item.neighbors?.length ?? 0).toBeLessThanOrEqual(50);
          if (w === undefined) continue;
          expect(w.length).toBe(item.neighbors!.length);
          w.forEach((x, r) => {
            expect(x).toBeGreaterThanOrEqual(NEIGHBOR_WEIGHT_RANGE.min);
            expect(x).toBeLessThanOrEqual(NEIGHBOR_WEIGHT_RANGE.max);
            if (r > 0) expect(x).toBeLessThanOrEqual(w[r - 1]!);
          });
        }
      }),
    );
  });
});

describe('weighted neighbours in the index and the ranking', () => {
  const items: CatalogueItem[] = [
    { id: 'x', title: 'X', tags: ['xenon'], neighbors: ['p', 'q'], neighbor_weights: [4, 1] },
    { id: 'y', title: 'Y', tags: ['yarrow'], neighbors: ['p', 'q'] },
    { id: 'p', title: 'P', tags: ['pewter'] },
    { id: 'q', title: 'Q', tags: ['quartz'] },
    ...Array.from({ length: WARM_FROM }, (_, i) => ({ id: `f${i}`, title: `F${i}`, tags: ['filler'] })),
  ];
  const index = buildCatalogueIndex(items);

  it('stores a weighted list as √(w / best), an unweighted one as 1/√(1 + rank), and survives a snapshot', () => {
    const list = (i: number) => [...index.neighborWeights.subarray(index.neighborStart[i], index.neighborStart[i + 1])];
    expect(list(0)).toEqual([1, 0.5]);
    expect(list(1)[1]).toBeCloseTo(1 / Math.SQRT2, 6);
    expect([...index.neighborListWeighted.subarray(0, 2)]).toEqual([1, 0]);
    const restored = restoreIndex(structuredClone(snapshotIndex(index)));
    expect(restored.kind === 'restored' && [...restored.index.neighborWeights]).toEqual([...index.neighborWeights]);
    expect(restored.kind === 'restored' && [...restored.index.neighborListWeighted]).toEqual([...index.neighborListWeighted]);
  });

  /** How q's neighbour signal compares with p's (x lists p, then q at a quarter of p's weight) for a new reader and for one with a long history. */
  function ratios(on: CatalogueIndex): { fresh: number; warm: number } {
    const source = featureSourceOf(on);
    const fresh = new InterestProfile();
    fresh.apply({ kind: 'like', itemId: 'x', at: T0 }, source);
    const warm = new InterestProfile();
    for (let i = 0; i < WARM_FROM; i += 1) warm.apply({ kind: 'open', itemId: `f${i}`, at: T0 - 1000 * (i + 1) }, source);
    warm.apply({ kind: 'like', itemId: 'x', at: T0 }, source);
    const ratio = (profile: InterestProfile) => {
      const { values } = computeSignals(on, profile, { ...DEFAULT_SIGNAL_OPTIONS, now: T0 });
      return values.neighbors[3]! / values.neighbors[2]!;
    };
    return { fresh: ratio(fresh), warm: ratio(warm) };
  }

  it('every reader gets a weighted list by its weights and its ranks', () => {
    const { fresh, warm } = ratios(index);
    expect(fresh).toBeCloseTo(0.5 / Math.SQRT2, 5);
    expect(warm).toBeCloseTo(0.5 / Math.SQRT2, 5);
  });

  it('a new reader\'s weighted lists lean to what many people engaged with; a warm reader\'s do not', () => {
    const { fresh, warm } = ratios(buildCatalogueIndex(items.map((item) => (item.id === 'q' ? { ...item, popularity: 99 } : item))));
    expect(fresh).toBeCloseTo((0.5 / Math.SQRT2) * 100 ** COLD_POPULARITY_EXPONENT, 4);
    expect(warm).toBeCloseTo(0.5 / Math.SQRT2, 5);
  });

  it('a new reader\'s one visit lifts a flat list by rank, so its first entries lead (property of the reading)', () => {
    // RP3beta lists are nearly flat: without the rank discount all 20 would read alike.
    const flat: CatalogueItem[] = [
      { id: 'seed', title: 'Seed', tags: ['s'], neighbors: Array.from({ length: 20 }, (_, i) => `n${i}`), neighbor_weights: Array.from({ length: 20 }, (_, i) => 1 - i * 0.005) },
      ...Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, title: `N${i}`, tags: ['n'] })),
    ];
    const on = buildCatalogueIndex(flat);
    const reader = new InterestProfile();
    reader.apply({ kind: 'open', itemId: 'seed', at: T0 }, featureSourceOf(on));
    const { values } = computeSignals(on, reader, { ...DEFAULT_SIGNAL_OPTIONS, now: T0 });
    const signal = Array.from({ length: 20 }, (_, i) => values.neighbors[i + 1]!);
    for (let i = 1; i < 20; i += 1) expect(signal[i]).toBeLessThan(signal[i - 1]!);
    expect(signal[19]! / signal[0]!).toBeLessThan(0.25);
  });
});

describe('RP3beta neighbours from a log', () => {
  it('weighs each pair as deg(a)^-α · Σ n(u)^-α · deg(b)^-β over the users who share it', () => {
    // a: users 1–4; b: users 1–3; c: users 3–4. n(1) = n(2) = 2, n(3) = 3, n(4) = 2.
    const baskets = [['a', 'b'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'c']];
    const options = { ...DEFAULT_COOCCURRENCE_OPTIONS, model: DEFAULT_NEIGHBOR_MODEL, minItemSupport: 1, minPairUsers: 1 };
    const lists = cooccurrenceNeighbors(baskets, options);
    const expected = (degA: number, users: number[], degB: number) => degA ** -0.5 * users.reduce((s, n) => s + n ** -0.5, 0) * degB ** -0.4;
    const a = lists.get('a')!;
    expect(a.ids).toEqual(['b', 'c']);
    expect(a.weights[0]).toBeCloseTo(expected(4, [2, 2, 3], 3), 6);
    expect(a.weights[1]).toBeCloseTo(expected(4, [3, 2], 2), 6);
    // Float32 sums: 6 digits. k-anonymity comes first: with two users a pair needs, b–c (one user) is gone, whatever its score.
    expect(cooccurrenceNeighbors(baskets, { ...options, minPairUsers: 2 }).get('c')!.ids).toEqual(['a']);
  });

  it('publishes the weights to the catalogue, rounded to 4 significant digits, or none with weights off', () => {
    const log = [1, 2, 3, 4, 5, 6].flatMap((user) => ['a', 'b', ...(user < 4 ? ['c'] : [])].map((item, k) => ({ user, item, polarity: 1 as const, at: user * 10 + k })));
    const rp3beta = { ...DEFAULT_COOCCURRENCE_OPTIONS, model: DEFAULT_NEIGHBOR_MODEL, weights: true, minItemSupport: 1, minPairUsers: 2 };
    const weighted = itemAggregates(log, rp3beta);
    const w = weighted.neighborWeights.get('a')!;
    expect(weighted.neighbors.get('a')).toEqual(['b', 'c']);
    for (const x of w) expect(Number(x.toPrecision(4))).toBe(x);
    const [item] = withAggregates([{ id: 'a', title: 'A', tags: [] }], weighted);
    expect(item!.neighbor_weights).toEqual(w);
    const plain = itemAggregates(log, { ...rp3beta, weights: false });
    expect(plain.neighbors.get('a')).toEqual(['b', 'c']);
    expect(plain.neighborWeights.size).toBe(0);
  });
});
