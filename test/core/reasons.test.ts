import { describe, expect, it } from 'vitest';
import { reasonsFor } from '../../src/core/explain/reasons';
import type { Explanation, RankedItem } from '../../src/core/rank/ranked-item';
import type { SignalName } from '../../src/core/rank/signals';

const item = { id: 'x', title: 'X', tags: ['Horror', 'space'], popularity: 120 };
const titles = new Map([['alien', 'Alien']]);
const titleOf = (id: string): string | undefined => titles.get(id);

function ranked(contributions: Partial<Record<SignalName, number>>, extra: Partial<Explanation> = {}): RankedItem {
  const signals = Object.entries(contributions).map(([signal, contribution]) => ({
    signal: signal as SignalName,
    value: Math.abs(contribution),
    weight: 1,
    contribution,
  }));
  const score = signals.reduce((sum, s) => sum + s.contribution, 0);
  return { itemId: 'x', score, explanation: { signals, matched: [], because: [], exploration: null, context: null, ...extra } };
}

describe('reasonsFor', () => {
  it('cites matched tags (preferred over title words) when interest drives the score', () => {
    const reasons = reasonsFor(
      ranked(
        { interest: 0.5, popularity: 0.05 },
        {
          matched: [
            { label: 'alien', kind: 'word', contribution: 0.3 },
            { label: 'Horror', kind: 'tag', contribution: 0.1 },
            { label: 'space', kind: 'tag', contribution: 0.1 },
          ],
        },
      ),
      item,
      titleOf,
    );
    expect(reasons).toEqual([{ kind: 'matches-interests', labels: ['Horror', 'space'] }]);
  });

  it('names the liked item that brought it in through neighbours', () => {
    const reasons = reasonsFor(ranked({ neighbors: 0.6, popularity: 0.1 }, { because: [{ itemId: 'alien', via: 'neighbors' }] }), item, titleOf);
    expect(reasons[0]).toEqual({ kind: 'because-you-liked', title: 'Alien', via: 'neighbors' });
  });

  it('says "popular" when popularity is what put it there', () => {
    expect(reasonsFor(ranked({ popularity: 0.15 }), item, titleOf)).toEqual([{ kind: 'popular', popularity: 120 }]);
  });

  it('an exploration pick says so first', () => {
    const reasons = reasonsFor(ranked({ popularity: 0.15 }, { exploration: { tag: 'Film-Noir' } }), item, titleOf);
    expect(reasons[0]).toEqual({ kind: 'exploring', tag: 'Film-Noir' });
  });

  it('mentions a dislike echo and a previous visit', () => {
    const reasons = reasonsFor(ranked({ popularity: 0.15, disliked: -0.2, seen: -1 }, { matched: [{ label: 'Horror', kind: 'tag', contribution: -0.2 }] }), item, titleOf);
    expect(reasons.map((r) => r.kind)).toEqual(['popular', 'unlike-dislikes', 'seen-before']);
  });
});

describe('reasons around the item being read', () => {
  const around = { context: { itemId: 'alien' } } as const;

  it('say what the item being read brought in, by co-reading or by likeness', () => {
    expect(reasonsFor(ranked({ coread: 0.4, popularity: 0.05 }, around), item, titleOf)).toEqual([{ kind: 'readers-also-read', title: 'Alien' }]);
    expect(reasonsFor(ranked({ context: 0.5, popularity: 0.05 }, around), item, titleOf)).toEqual([{ kind: 'because-reading', title: 'Alien' }]);
  });

  it('tell the recorded visit neighbours as the readers of the item, not as a like', () => {
    const reasons = reasonsFor(ranked({ neighbors: 0.3, coread: 0.05, popularity: 0.04 }, { ...around, because: [{ itemId: 'alien', via: 'neighbors' }] }), item, titleOf);
    expect(reasons).toEqual([{ kind: 'readers-also-read', title: 'Alien' }]);
  });

  it('are never given without a context', () => {
    expect(reasonsFor(ranked({ coread: 0.4, context: 0.4 }), item, titleOf).map((r) => r.kind)).not.toContain('readers-also-read');
  });
});
