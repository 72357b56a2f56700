import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InterestCentroids } from '../../src/core/profile/interest-centroids';
import { addScaled, DecayingVector, PRUNE_BELOW, scaleInPlace, type SparseVector } from '../../src/core/profile/sparse';

// The profile decays lazily (sparse.ts): these pin it to what decaying every weight at every
// step gives, within the pruning threshold (a weight eager decay had pruned may linger below it).

type Step = { readonly kind: 'add'; readonly features: Array<[string, number]>; readonly weight: number } | { readonly kind: 'decay'; readonly factor: number };

const keys = fc.constantFrom('t:space', 't:drama', 'w:ship', 'w:love', 't:noir', 'w:rain');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('add' as const), features: fc.uniqueArray(fc.tuple(keys, fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: 1, maxLength: 4, selector: ([k]) => k }), weight: fc.double({ min: -1.5, max: 1.5, noNaN: true }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('decay' as const), factor: fc.double({ min: 0.5, max: 1, noNaN: true }) }) },
  // Now and then a deep one: a few of these force a settlement (a factor below 2^-20).
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decay' as const), factor: fc.double({ min: 1e-4, max: 0.01, noNaN: true }) }) },
);

function closeTo(actual: ReadonlyMap<string, number>, expected: ReadonlyMap<string, number>, slack: number): void {
  for (const key of new Set([...actual.keys(), ...expected.keys()])) expect(Math.abs((actual.get(key) ?? 0) - (expected.get(key) ?? 0))).toBeLessThanOrEqual(slack);
}

describe('lazy decay', () => {
  it('a decaying vector holds the weights eager decay gives', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const lazy = new DecayingVector();
        const eager: SparseVector = new Map();
        for (const s of steps) {
          if (s.kind === 'add') {
            lazy.add(s.features, s.weight, true);
            addScaled(eager, s.features, s.weight, true);
          } else {
            lazy.decay(s.factor);
            scaleInPlace(eager, s.factor);
          }
        }
        // Each add can leave at most one lingering sub-threshold residue per key.
closeTo(lazy.weights, eager, 2 * PRUNE_BELOW);
        for (const weight of lazy.weights.values()) expect(Math.abs(weight)).toBeGreaterThanOrEqual(PRUNE_BELOW);
      }),
    );
  });

  it('interests cluster as with eager decay: same centroids, masses and weights', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const lazy = new InterestCentroids();
        const eager: Array<{ features: SparseVector; mass: number }> = [];
        for (const s of steps) {
          if (s.kind === 'decay') {
            lazy.decay(s.factor);
            for (const c of eager) {
              scaleInPlace(c.features, s.factor);
              c.mass *= s.factor;
            }
            for (let i = eager.length - 1; i >= 0; i -= 1) if (eager[i]!.mass < 1e-3) eager.splice(i, 1);
            continue;
          }
          lazy.add({ features: s.features, vector: null }, s.weight);
          eagerAdd(eager, s.features, s.weight);
        }
        const settled = lazy.centroids;
        expect(settled.length).toBe(eager.length);
        settled.forEach((c, i) => {
          expect(c.mass).toBeCloseTo(eager[i]!.mass, 9);
          closeTo(c.features, eager[i]!.features, 2 * PRUNE_BELOW);
        });
      }),
    );
  });
});

/** InterestCentroids.add as it was with eager decay, with the plain norm: the reference. */
function eagerAdd(centroids: Array<{ features: SparseVector; mass: number }>, features: Array<[string, number]>, weight: number): void {
  if (weight === 0) return;
  let best: { c: { features: SparseVector; mass: number }; similarity: number } | undefined;
  for (const c of centroids) {
    let n = 0;
    for (const w of c.features.values()) n += w * w;
    let dot = 0;
    for (const [k, v] of features) dot += v * (c.features.get(k) ?? 0);
    const similarity = n === 0 ? 0 : dot / Math.sqrt(n);
    if (best === undefined || similarity > best.similarity) best = { c, similarity };
  }
  const addTo = (c: { features: SparseVector; mass: number }): void => {
    addScaled(c.features, features, weight, true);
    c.mass = Math.max(0, c.mass + weight);
  };
  if (weight < 0) {
    if (best === undefined) return;
    addTo(best.c);
    if (best.c.mass < 1e-3 || best.c.features.size === 0) centroids.splice(centroids.indexOf(best.c), 1);
    return;
  }
  if (best !== undefined && (best.similarity >= 0.2 || centroids.length >= 4)) return addTo(best.c);
  const c = { features: new Map<string, number>(), mass: 0 };
  addTo(c);
  centroids.push(c);
}
