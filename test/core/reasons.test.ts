import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reasonsFor, reasonsForFeed } from '../../src/core/explain/reasons';
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

describe('reasons chosen by information (reasonsForFeed)', () => {
  const SIGNALS: SignalName[] = ['interest', 'neighbors', 'semantic', 'coread', 'context', 'session', 'popularity', 'freshness'];
  const liked = new Map([['l1', 'Liked one'], ['l2', 'Liked two'], ['ctx', 'The article']]);
  const titleOfLiked = (id: string): string | undefined => liked.get(id);

  const card = fc.record({
    contributions: fc.record(Object.fromEntries(SIGNALS.map((s) => [s, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }))])) as Record<SignalName, fc.Arbitrary<number>>),
    seen: fc.boolean(),
    disliked: fc.boolean(),
    labels: fc.array(fc.record({ label: fc.constantFrom('早餐', 'finance', 'Horror', 'space'), kind: fc.constantFrom('tag' as const, 'word' as const), contribution: fc.double({ min: -0.5, max: 0.5, noNaN: true }) }), { maxLength: 3 }),
    because: fc.option(fc.record({ itemId: fc.constantFrom('l1', 'l2', 'gone'), via: fc.constantFrom('neighbors' as const, 'similar' as const) }), { nil: undefined }),
    around: fc.boolean(),
    popularity: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
    published: fc.option(fc.constantFrom('2026-05-04', '2026-11-30', '1990-01-01'), { nil: undefined }),
  });
  const feed = fc.array(card, { minLength: 1, maxLength: 8 });

  type Card = typeof card extends fc.Arbitrary<infer T> ? T : never;
  function build(c: Card, i: number): { ranked: RankedItem; item: { id: string; title: string; tags: string[]; popularity?: number; published_at?: string } } {
    const contributions: Partial<Record<SignalName, number>> = { ...c.contributions, ...(c.seen ? { seen: -1 } : {}), ...(c.disliked ? { disliked: -0.2 } : {}) };
    const r = ranked(contributions, { matched: c.labels, because: c.because === undefined ? [] : [c.because], context: c.around ? { itemId: 'ctx' } : null });
    return {
      ranked: { ...r, itemId: `i${i}` },
      item: { id: `i${i}`, title: `Item ${i}`, tags: [], ...(c.popularity === undefined ? {} : { popularity: c.popularity }), ...(c.published === undefined ? {} : { published_at: c.published }) },
    };
  }
  const contributionOf = (r: RankedItem, name: string): number => r.explanation.signals.find((s) => s.signal === name)?.contribution ?? 0;

  it('every reason is true of its item (property)', () => {
    fc.assert(
      fc.property(feed, (cards) => {
        const built = cards.map(build);
        const reasons = reasonsForFeed(built, titleOfLiked);
        expect(reasons).toHaveLength(built.length);
        built.forEach(({ ranked: r, item: it }, i) => {
          for (const reason of reasons[i]!) {
            switch (reason.kind) {
              case 'matches-interests':
                expect(contributionOf(r, 'interest')).toBeGreaterThan(0);
                for (const label of reason.labels) expect(r.explanation.matched.some((m) => m.label === label && m.contribution > 0)).toBe(true);
                break;
              case 'because-you-liked': {
                const source = r.explanation.because[0]!;
                expect(reason.title).toBe(titleOfLiked(source.itemId));
                expect(source.via === 'neighbors' ? contributionOf(r, 'neighbors') : Math.max(contributionOf(r, 'interest'), contributionOf(r, 'semantic'))).toBeGreaterThan(0);
                break;
              }
              case 'readers-also-read':
              case 'because-reading':
                expect(r.explanation.context?.itemId).toBe('ctx');
                expect(reason.title).toBe('The article');
                break;
              case 'related-to-session':
                expect(contributionOf(r, 'session')).toBeGreaterThan(0);
                break;
              case 'popular':
                expect(it.popularity ?? 0).toBeGreaterThan(0);
                expect(reason.popularity).toBe(it.popularity);
                break;
              case 'new':
                expect(contributionOf(r, 'freshness')).toBeGreaterThan(0);
                expect(it.published_at?.slice(0, 4)).toBe(reason.year);
                break;
              case 'seen-before':
                expect(contributionOf(r, 'seen')).toBeLessThan(0);
                break;
              case 'unlike-dislikes':
                expect(contributionOf(r, 'disliked')).toBeLessThan(0);
                break;
              case 'exploring':
                throw new Error('no exploration was generated');
            }
          }
        });
      }),
      { numRuns: 400 },
    );
  });

  it('a generic reason every card would give is never the one on every card when a specific true reason exists (property)', () => {
    fc.assert(
      fc.property(feed, fc.nat(), (cards, pick) => {
        if (cards.length < 3) return;
        const built = cards.map(build);
        // Every card is new, and new weighs most; one card also clearly matches a liked tag.
        for (const b of built) {
          b.item.published_at = '2026-11-30';
          const { signals, ...rest } = b.ranked.explanation;
          b.ranked = ranked({ ...Object.fromEntries(signals.map((s) => [s.signal, s.contribution])), freshness: 3 }, rest);
        }
        const chosen = pick % built.length;
        const personal = built[chosen]!;
        personal.ranked = ranked({ freshness: 3, interest: 1.5 }, { matched: [{ label: '早餐', kind: 'tag', contribution: 1.5 }] });
        const reasons = reasonsForFeed(built, titleOfLiked);
        const firsts = reasons.map((list) => JSON.stringify(list[0] ?? null));
        expect(new Set(firsts).size).toBeGreaterThan(1);
        expect(reasons[chosen]![0]).toEqual({ kind: 'matches-interests', labels: ['早餐'] });
        expect(reasons.flat().some((r) => r.kind === 'new')).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('personal reasons come before co-engagement, co-engagement before generic, whatever their weight', () => {
    const cards = [
      { ranked: ranked({ popularity: 0.6, interest: 0.15 }, { matched: [{ label: 'space', kind: 'tag', contribution: 0.15 }] }), item },
      { ranked: ranked({ popularity: 0.6, coread: 0.25 }, { context: { itemId: 'alien' } }), item },
      { ranked: ranked({ popularity: 0.1, freshness: 0.6 }), item: { ...item, published_at: '1990-01-01' } },
    ];
    const reasons = reasonsForFeed(cards, titleOf);
    expect(reasons[0]!.map((r) => r.kind)).toEqual(['matches-interests', 'popular']);
    expect(reasons[1]!.map((r) => r.kind)).toEqual(['readers-also-read', 'popular']);
    expect(reasons[2]!.map((r) => r.kind)).toEqual(['new']);
  });

  it('"New" on every card of a news feed is dropped; "Popular" is the fallback where nothing else is true', () => {
    const fresh = { ...item, published_at: '2026-05-04' };
    const cards = [0, 1, 2, 3].map((i) => ({ ranked: ranked({ freshness: 0.6, popularity: i === 0 ? 0.3 : 0.01 }), item: fresh }));
    const reasons = reasonsForFeed(cards, titleOf);
    expect(reasons.map((list) => list.map((r) => r.kind))).toEqual([['popular'], ['popular'], ['popular'], ['popular']]);
    // The fallback "popular" (from the item's own count) is true of each; with no count, nothing is said.
    const unpopular = reasonsForFeed(cards.map((c) => ({ ...c, item: { ...fresh, popularity: 0 } })), titleOf);
    expect(unpopular).toEqual([[], [], [], []]);
  });
});
