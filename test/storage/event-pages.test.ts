import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { WeightLearner } from '../../src/core/learn/weight-learner';
import { SiftDatabase } from '../../src/storage/db';
import { appendEvents, countEvents, eventsSince, lastEventSeq, oldestEvents, PAGES_PER_READ, recentEvents } from '../../src/storage/event-repository';
import { deleteEvents, saveCompaction } from '../../src/storage/history-repository';
import { EVENT_PAGE_SIZE, type StoredEvent } from '../../src/storage/records';

// The history is stored in pages (records.ts): whatever mix of appends, deletions and
// compactions, every read must give what one record per event would, and no seq comes twice.

type Step =
  | { readonly kind: 'append'; readonly catalogue: 'a' | 'b'; readonly count: number }
  | { readonly kind: 'delete'; readonly catalogue: 'a' | 'b'; readonly modulo: number }
  | { readonly kind: 'compact'; readonly catalogue: 'a' | 'b'; readonly share: number };

const catalogue = fc.constantFrom('a' as const, 'b' as const);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('append' as const), catalogue, count: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: EVENT_PAGE_SIZE - 3, max: 2 * EVENT_PAGE_SIZE + 3 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), catalogue, modulo: fc.integer({ min: 1, max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), catalogue, share: fc.double({ min: 0, max: 1, noNaN: true }) }) },
);

describe('event pages', () => {
  it('read as one record per event would, across appends, deletions and compactions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const db = new SiftDatabase(`pages-${Math.random()}`);
        // The reference: every event with the seq it should have, in one list.
        let model: StoredEvent[] = [];
        let given = 0;
        let at = 0;
        for (const s of steps) {
          if (s.kind === 'append') {
            const batch: StoredEvent[] = Array.from({ length: s.count }, () => ({ kind: 'open', itemId: `i${at}`, at: (at += 1), catalogueId: s.catalogue }));
            await appendEvents(db, batch);
            model.push(...batch.map((event) => ({ ...event, seq: (given += 1) })));
          } else if (s.kind === 'delete') {
            const doomed = (event: StoredEvent): boolean => event.at % s.modulo === 0;
            expect(await deleteEvents(db, s.catalogue, doomed, 0)).toBe(model.filter((e) => e.catalogueId === s.catalogue && doomed(e)).length);
            model = model.filter((e) => e.catalogueId !== s.catalogue || !doomed(e));
          } else {
            const own = model.filter((e) => e.catalogueId === s.catalogue);
            if (own.length === 0) continue;
            const through = own[Math.floor(s.share * (own.length - 1))]!.seq!;
            await saveCompaction(db, { catalogueId: s.catalogue, throughSeq: through, eventCount: 0, compactedAt: 0, profile: new InterestProfile().snapshot(), weights: new WeightLearner().snapshot() });
            model = model.filter((e) => e.catalogueId !== s.catalogue || e.seq! > through);
          }
        }
        for (const c of ['a', 'b'] as const) {
          const own = model.filter((e) => e.catalogueId === c);
          expect(await eventsSince(db, c, 0)).toEqual(own);
          const middle = own[Math.floor(own.length / 2)]?.seq ?? 0;
          expect(await eventsSince(db, c, middle)).toEqual(own.filter((e) => e.seq! > middle));
          expect(await recentEvents(db, c, 300)).toEqual(own.slice(-300).reverse());
          expect(await oldestEvents(db, c, 300)).toEqual(own.slice(0, 300));
          expect(await countEvents(db, c)).toBe(own.length);
          expect(await lastEventSeq(db, c)).toBe(own.at(-1)?.seq ?? 0);
        }
        for (const page of await db.eventPages.toArray()) {
          expect(page.events.length).toBeGreaterThan(0);
          expect(page.events.length).toBeLessThanOrEqual(EVENT_PAGE_SIZE);
          expect(page.events.every((e) => e.catalogueId === page.catalogueId && e.seq! >= page.firstSeq && e.seq! <= page.lastSeq)).toBe(true);
        }
        // The next event's seq follows every seq ever given, deleted ones included.
        await appendEvents(db, [{ kind: 'like', itemId: 'x', at: 0, catalogueId: 'a' }]);
        expect(await lastEventSeq(db, 'a')).toBe(given + 1);
        db.close();
      }),
      { numRuns: 40 },
    );
  });
  it('reads a long history in slices of pages, whole and in order', async () => {
    const db = new SiftDatabase(`pages-${Math.random()}`);
    // Interleaved catalogues and a deletion leave pages of every fill across many slices.
    const count = EVENT_PAGE_SIZE * (3 * PAGES_PER_READ + 6) + 5;
    for (let start = 0; start < count; start += 1000) {
      await appendEvents(db, Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({ kind: 'open' as const, itemId: `i${start + i}`, at: start + i, catalogueId: (start / 1000) % 3 === 2 ? 'b' : 'a' })));
    }
    await deleteEvents(db, 'a', (event) => event.at % 5 === 0, 0);
    const all = await db.eventPages.where('catalogueId').equals('a').toArray();
    expect(all.length).toBeGreaterThan(2 * PAGES_PER_READ);
    const expected = all.flatMap((page) => page.events).sort((x, y) => x.seq! - y.seq!);
    expect(await eventsSince(db, 'a', 0)).toEqual(expected);
    const cut = expected[Math.floor(expected.length * 0.4)]!.seq!;
    expect(await eventsSince(db, 'a', cut)).toEqual(expected.filter((event) => event.seq! > cut));
    db.close();
  });
});
