import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { mergeHistories, type HistoryCopy } from '../../src/core/personal/merge-history';
import { eventKey } from '../../src/core/personal/personal-data';

// Histories over a small world, so that copies share events and deletions often.
const event: fc.Arbitrary<InteractionEvent> = fc.oneof(
  fc.record({ kind: fc.constantFrom('like' as const, 'save' as const, 'dislike' as const, 'open' as const), itemId: fc.constantFrom('a', 'b', 'c', 'd'), at: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('stated-interest' as const), text: fc.constantFrom('sea', 'jazz'), at: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('tag-weight' as const), tag: fc.constantFrom('Horror', 'Drama'), factor: fc.constantFrom(0, 2), at: fc.integer({ min: 0, max: 20 }) }),
) as fc.Arbitrary<InteractionEvent>;
const copy: fc.Arbitrary<HistoryCopy> = fc
  .record({ events: fc.array(event, { maxLength: 15 }), deleted: fc.array(event, { maxLength: 4 }) })
  .map(({ events, deleted }) => mergeHistories({ events, tombstones: deleted.map(eventKey) }, { events: [], tombstones: [] }));

const keys = (c: HistoryCopy): string[] => c.events.map(eventKey);

describe('mergeHistories', () => {
  it('is commutative, idempotent and associative (property)', () => {
    fc.assert(
      fc.property(copy, copy, copy, (a, b, c) => {
        expect(mergeHistories(a, b)).toEqual(mergeHistories(b, a));
        expect(mergeHistories(a, a)).toEqual(a);
        expect(mergeHistories(mergeHistories(a, b), b)).toEqual(mergeHistories(a, b));
        expect(mergeHistories(mergeHistories(a, b), c)).toEqual(mergeHistories(a, mergeHistories(b, c)));
      }),
      { numRuns: 300 },
    );
  });

  it('loses nothing but what a tombstone names, and brings back nothing a tombstone names (property)', () => {
    fc.assert(
      fc.property(copy, copy, (a, b) => {
        const merged = mergeHistories(a, b);
        const dead = new Set([...a.tombstones, ...b.tombstones]);
        for (const e of [...a.events, ...b.events]) expect(dead.has(eventKey(e)) || keys(merged).includes(eventKey(e))).toBe(true);
        for (const key of keys(merged)) expect(dead.has(key)).toBe(false);
        expect(new Set(keys(merged)).size).toBe(merged.events.length);
        expect(merged.events.map((e) => e.at)).toEqual([...merged.events.map((e) => e.at)].sort((x, y) => x - y));
      }),
      { numRuns: 300 },
    );
  });

  it('a like forgotten on one device stays gone when an old export from the other is merged in', () => {
    const like: InteractionEvent = { kind: 'like', itemId: 'a', at: 5 };
    const oldExport: HistoryCopy = { events: [like, { kind: 'save', itemId: 'b', at: 6 }], tombstones: [] };
    const afterForgetting: HistoryCopy = { events: [{ kind: 'save', itemId: 'b', at: 6 }], tombstones: [eventKey(like)] };
    expect(mergeHistories(afterForgetting, oldExport)).toEqual(afterForgetting);
  });
});
