import Dexie from 'dexie';
import type { SiftDatabase } from './db';
import { EVENT_PAGE_SIZE, type StoredEvent, type StoredEventPage } from './records';

/**
 * The history, stored in pages (records.ts, StoredEventPage): appending fills the catalogue's
 * last page and opens new ones; reading takes whole pages and keeps the events asked for. Every
 * event gets a seq from one counter (settings `lastEventSeq`), in the same transaction as its
 * page, so two tabs never give the same seq and a deleted event's seq is never given again
 * (other tabs follow the history by seq).
 */
/** Appends events in order, giving each its seq. Joins the caller's transaction when it covers the pages and settings. */
export async function appendEvents(db: SiftDatabase, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.transaction('rw', [db.eventPages, db.settings], async () => {
    let seq = await lastGivenSeq(db);
    const byCatalogue = new Map<string, StoredEvent[]>();
    for (const event of events) {
      seq += 1;
      const list = byCatalogue.get(event.catalogueId) ?? [];
      list.push({ ...event, seq });
      byCatalogue.set(event.catalogueId, list);
    }
    const written: Array<{ catalogueId: string; firstSeq: number; lastSeq: number; events: StoredEvent[] }> = [];
    for (const [catalogueId, added] of byCatalogue) {
      const last = await pagesOf(db, catalogueId).last();
      let page = last !== undefined && last.events.length < EVENT_PAGE_SIZE ? { ...last, events: [...last.events] } : undefined;
      if (page !== undefined) written.push(page);
      for (const event of added) {
        if (page === undefined || page.events.length >= EVENT_PAGE_SIZE) {
          page = { catalogueId, firstSeq: event.seq!, lastSeq: event.seq!, events: [] };
          written.push(page);
        }
        page.events.push(event);
        page.lastSeq = event.seq!;
      }
    }
    await db.eventPages.bulkPut(written);
    await db.settings.put({ key: 'lastEventSeq', value: String(seq) });
  });
}

/** The last seq given to an event of any catalogue (0 before the first). */
async function lastGivenSeq(db: SiftDatabase): Promise<number> {
  const value = Number((await db.settings.get('lastEventSeq'))?.value ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/** A catalogue's pages, oldest first. */
export function pagesOf(db: SiftDatabase, catalogueId: string): Dexie.Collection<StoredEventPage, [string, number]> {
  return db.eventPages.where('[catalogueId+firstSeq]').between([catalogueId, Dexie.minKey], [catalogueId, Dexie.maxKey]);
}

/** Every stored event (of one catalogue, or of all), in seq order within a catalogue. */
export async function allEvents(db: SiftDatabase, catalogueId?: string): Promise<StoredEvent[]> {
  const pages = catalogueId === undefined ? await db.eventPages.toArray() : await pagesOf(db, catalogueId).toArray();
  return pages.flatMap((page) => page.events);
}

/**
 * Removes the events `remove` selects from these pages (rewriting the pages that change,
 * deleting those left empty) and returns them. Inside the caller's transaction.
 */
export async function removeFromPages(db: SiftDatabase, pages: readonly StoredEventPage[], remove: (event: StoredEvent) => boolean): Promise<StoredEvent[]> {
  const removed: StoredEvent[] = [];
  const rewritten: StoredEventPage[] = [];
  const emptied: Array<[string, number]> = [];
  for (const page of pages) {
    const kept = page.events.filter((event) => !remove(event));
    if (kept.length === page.events.length) continue;
    for (const event of page.events) if (remove(event)) removed.push(event);
    if (kept.length === 0) emptied.push([page.catalogueId, page.firstSeq]);
    else rewritten.push({ ...page, events: kept });
  }
  await db.eventPages.bulkDelete(emptied);
  await db.eventPages.bulkPut(rewritten);
  return removed;
}

/**
 * Pages read at a time by eventsSince: IndexedDB hands a read's records to the page in one task,
 * and after an import every page is read (100,000 events held the page for tens of ms at once).
 */
export const PAGES_PER_READ = 16;

/** Events of a catalogue after `afterSeq`, oldest first (to replay what a snapshot lacks). */
export async function eventsSince(db: SiftDatabase, catalogueId: string, afterSeq: number): Promise<StoredEvent[]> {
  // Only the pages given a seq above afterSeq (usually the last one or two), in the index's
  // lastSeq order, which is the pages' order: their seq ranges do not overlap.
  const events: StoredEvent[] = [];
  let from = afterSeq + 1;
  for (;;) {
    const pages = await db.eventPages.where('[catalogueId+lastSeq]').between([catalogueId, from], [catalogueId, Dexie.maxKey]).limit(PAGES_PER_READ).toArray();
    for (const page of pages) for (const event of page.events) if (event.seq! > afterSeq) events.push(event);
    if (pages.length < PAGES_PER_READ) return events;
    from = pages[pages.length - 1]!.lastSeq + 1;
  }
}

/** The catalogue's latest `limit` events, newest first. */
export async function recentEvents(db: SiftDatabase, catalogueId: string, limit: number): Promise<StoredEvent[]> {
  const newest: StoredEvent[] = [];
  await pagesOf(db, catalogueId)
    .reverse()
    .until(() => newest.length >= limit)
    .each((page) => {
      for (let i = page.events.length - 1; i >= 0 && newest.length < limit; i -= 1) newest.push(page.events[i]!);
    });
  return newest;
}

/** The catalogue's oldest `count` events (the ones compaction folds first). */
export async function oldestEvents(db: SiftDatabase, catalogueId: string, count: number): Promise<StoredEvent[]> {
  const oldest: StoredEvent[] = [];
  await pagesOf(db, catalogueId)
    .until(() => oldest.length >= count)
    .each((page) => {
      for (const event of page.events) if (oldest.length < count) oldest.push(event);
    });
  return oldest;
}

export async function countEvents(db: SiftDatabase, catalogueId: string): Promise<number> {
  let count = 0;
  await pagesOf(db, catalogueId).each((page) => void (count += page.events.length));
  return count;
}

/** The seq of the catalogue's latest stored event (0 when it has none). */
export async function lastEventSeq(db: SiftDatabase, catalogueId: string): Promise<number> {
  // No page is left empty (removeFromPages deletes those).
  return (await pagesOf(db, catalogueId).last())?.events.at(-1)?.seq ?? 0;
}

/** The catalogue's stated interests, oldest first (the profile page lists and edits them). */
export async function statedInterests(db: SiftDatabase, catalogueId: string): Promise<StoredEvent[]> {
  return (await allEvents(db, catalogueId)).filter((event) => event.kind === 'stated-interest');
}

/** The latest `limit` events of the catalogue that `match` accepts, newest first, and how many match in all. */
export async function searchEvents(db: SiftDatabase, catalogueId: string, match: (event: StoredEvent) => boolean, limit: number): Promise<{ events: StoredEvent[]; total: number }> {
  const matching = (await allEvents(db, catalogueId)).filter(match).reverse();
  return { events: matching.slice(0, limit), total: matching.length };
}
