import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/core/rank/top-k';

describe('TopK', () => {
  it('keeps exactly the k best of any stream, best first, ties by position', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 200 }), fc.integer({ min: 0, max: 30 }), (scores, k) => {
        const heap = new TopK(k);
        scores.forEach((score, position) => heap.push(position, score));
        const expected = scores
          .map((score, position) => ({ position, score }))
          .sort((a, b) => b.score - a.score || a.position - b.position)
          .slice(0, k);
        expect(heap.drain()).toEqual(expected);
      }),
    );
  });
});
