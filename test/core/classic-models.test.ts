import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { easeModel, easeScores, invertSymmetricPositiveDefinite } from '../../src/core/collab/ease';
import { rp3betaWeights, scoreWithWeights } from '../../src/core/collab/rp3beta';
import { userItemMatrix } from '../../src/core/collab/user-item-matrix';
import type { LoggedInteraction } from '../../src/core/collab/interaction-log';

const positions = new Map(['a', 'b', 'c', 'd'].map((id, i) => [id, i]));
const rows = (baskets: ReadonlyArray<readonly string[]>): LoggedInteraction[] => baskets.flatMap((items, user) => items.map((item, k) => ({ user, item, polarity: 1 as const, at: k })));

describe('RP3beta', () => {
  it('weighs the walk item → user → item as the paper does', () => {
    // Users {a, b}, {a, b, c}, {c}; alpha 1, beta 0: W[a][b] = 1/2 · (1/2 + 1/3), W[a][c] = 1/2 · 1/3.
    const matrix = userItemMatrix(rows([['a', 'b'], ['a', 'b', 'c'], ['c']]), positions, 4, 'positives');
    const model = rp3betaWeights(matrix, { alpha: 1, beta: 0, neighbors: 10 });
    const row = (i: number): Map<number, number> => new Map(Array.from({ length: model.start[i + 1]! - model.start[i]! }, (_, k) => [model.targets[model.start[i]! + k]!, model.weights[model.start[i]! + k]!]));
    expect(row(0).get(1)).toBeCloseTo(5 / 12, 6);
    expect(row(0).get(2)).toBeCloseTo(1 / 6, 6);
    // beta divides by the landing item's popularity: c (2 users) against b (2 users) stays in ratio, d has none.
    const damped = rp3betaWeights(matrix, { alpha: 1, beta: 1, neighbors: 10 });
    expect(damped.weights[damped.start[0]!]).toBeCloseTo(5 / 24, 6);
    expect(Array.from(scoreWithWeights(model, [0], new Float32Array(4)))).toEqual([0, expect.closeTo(5 / 12, 6), expect.closeTo(1 / 6, 6), 0]);
  });
});

describe('EASE', () => {
  it('inverts symmetric positive-definite matrices (A · A⁻¹ = I)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 49, maxLength: 49 }), (n, values) => {
        // M Mᵀ + n I is symmetric positive-definite.
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i += 1) for (let j = 0; j < n; j += 1) for (let k = 0; k < n; k += 1) a[i * n + j]! += values[i * 7 + k]! * values[j * 7 + k]!;
        for (let i = 0; i < n; i += 1) a[i * n + i]! += n;
        const inverse = Float64Array.from(a);
        invertSymmetricPositiveDefinite(inverse, n);
        for (let i = 0; i < n; i += 1) {
          for (let j = 0; j < n; j += 1) {
            let sum = 0;
            for (let k = 0; k < n; k += 1) sum += a[i * n + k]! * inverse[k * n + j]!;
            expect(sum).toBeCloseTo(i === j ? 1 : 0, 9);
          }
        }
      }),
    );
  });

  it('recommends what goes with a user’s items, never the item itself, and leaves out items too rare to model', () => {
    const baskets = [['a', 'b'], ['a', 'b'], ['a', 'b', 'c'], ['c'], ['c', 'd'], ['a', 'b']];
    const matrix = userItemMatrix(rows(baskets), positions, 4, 'positives');
    const model = easeModel(matrix, { lambda: 0.5, minUsers: 2 });
    expect(Array.from(model.items)).toEqual([0, 1, 2]);
    const scores = easeScores(model, [0], new Float32Array(4));
    expect(scores[0]).toBe(0);
    expect(scores[1]!).toBeGreaterThan(scores[2]!);
    expect(scores[3]).toBe(0);
  });
});
