import { describe, expect, it } from 'vitest';
import { reasonsFor } from '../../src/core/explain/reasons';
import type { RankedItem } from '../../src/core/rank/ranked-item';

const item = { id: 'x', title: 'X', tags: ['Horror', 'space'], popularity: 120 };

function ranked(interest: number, popularity: number, matched: RankedItem['explanation']['matched'] = [], seen = 0): RankedItem {
  const signals = [
    { signal: 'interest' as const, contribution: interest },
    { signal: 'popularity' as const, contribution: popularity },
    ...(seen > 0 ? [{ signal: 'seen' as const, contribution: -seen }] : []),
  ];
  return { itemId: 'x', score: interest + popularity - seen, explanation: { signals, matched } };
}

describe('reasonsFor', () => {
  it('cites matched tags (preferred over title words) when interest drives the score', () => {
    const reasons = reasonsFor(
      ranked(0.5, 0.05, [
        { label: 'alien', kind: 'word', contribution: 0.3 },
        { label: 'Horror', kind: 'tag', contribution: 0.1 },
        { label: 'space', kind: 'tag', contribution: 0.1 },
      ]),
      item,
    );
    expect(reasons).toEqual([{ kind: 'matches-interests', labels: ['Horror', 'space'] }]);
  });

  it('says "popular" when popularity is what put it there', () => {
    expect(reasonsFor(ranked(0, 0.15), item)).toEqual([{ kind: 'popular', popularity: 120 }]);
  });

  it('mentions a dislike echo and a previous visit', () => {
    const reasons = reasonsFor(ranked(-0.2, 0.15, [{ label: 'Horror', kind: 'tag', contribution: -0.2 }], 1), item);
    expect(reasons.map((r) => r.kind)).toEqual(['popular', 'unlike-dislikes', 'seen-before']);
  });
});
