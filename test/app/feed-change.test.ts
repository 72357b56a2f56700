import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedChange } from '../../src/app/feed-change';
import { describeFeedChange } from '../../src/ui/text/describe';

describe('feedChange', () => {
  it('moves focus to the card that followed the one liked, hidden or marked not for me', () => {
    expect(feedChange(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'e'], 'a', 'hide')).toEqual({ newCount: 1, focus: { kind: 'card', itemId: 'b' } });
    // The next one went too (re-ranked away): the one after it.
    expect(feedChange(['a', 'b', 'c', 'd'], ['a', 'd', 'x', 'y'], 'a', 'like')).toEqual({ newCount: 2, focus: { kind: 'card', itemId: 'd' } });
    // The last card: the first new one, else the heading.
    expect(feedChange(['a', 'b'], ['a', 'n'], 'b', 'dislike')).toEqual({ newCount: 1, focus: { kind: 'card', itemId: 'n' } });
    expect(feedChange(['a', 'b'], ['a'], 'b', 'dislike')).toEqual({ newCount: 0, focus: { kind: 'heading' } });
    expect(feedChange(['a'], [], 'a', 'hide')).toEqual({ newCount: 0, focus: { kind: 'heading' } });
  });

  it('leaves focus where it is after a save or an undo', () => {
    for (const action of ['save', 'unsave', 'unlike'] as const) expect(feedChange(['a', 'b'], ['b', 'a'], 'a', action).focus).toEqual({ kind: 'stay' });
  });

  it('never sends focus to the card acted on or to one that is gone, and counts exactly the new items', () => {
    const ids = fc.uniqueArray(fc.constantFrom(...'abcdefghijkl'.split('')), { maxLength: 12 });
    fc.assert(
      fc.property(ids, ids, fc.nat(), fc.constantFrom('like' as const, 'dislike' as const, 'hide' as const), (before, after, pick, action) => {
        const acted = before.length === 0 ? 'z' : before[pick % before.length]!;
        const change = feedChange(before, after, acted, action);
        expect(change.newCount).toBe(after.filter((id) => !before.includes(id)).length);
        if (change.focus.kind === 'card') {
          expect(change.focus.itemId).not.toBe(acted);
          expect(after).toContain(change.focus.itemId);
        } else expect(change.focus.kind).toBe('heading');
      }),
    );
  });

  it('is announced in words', () => {
    expect(describeFeedChange('like', 'Alien', 3)).toBe('Liked Alien. 3 new recommendations.');
    expect(describeFeedChange('hide', 'Alien', 1)).toBe('Hid Alien. 1 new recommendation.');
    expect(describeFeedChange('dislike', 'Alien', 0)).toBe('Marked Alien as not for you. No new recommendations.');
  });
});
