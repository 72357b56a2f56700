import Dexie from 'dexie';
import type { SiftDatabase } from './db';
import type { StoredEvent } from './records';

export async function appendEvents(db: SiftDatabase, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.events.bulkAdd(events as StoredEvent[]);
}

/** Events of a catalogue after `afterSeq`, oldest first (to replay what a snapshot lacks). */
export async function eventsSince(db: SiftDatabase, catalogueId: string, afterSeq: number): Promise<StoredEvent[]> {
  return db.events
    .where('[catalogueId+seq]')
    .between([catalogueId, afterSeq + 1], [catalogueId, Dexie.maxKey])
    .toArray();
}

export async function recentEvents(db: SiftDatabase, catalogueId: string, limit: number): Promise<StoredEvent[]> {
  return db.events
    .where('[catalogueId+seq]')
    .between([catalogueId, Dexie.minKey], [catalogueId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
}

export async function countEvents(db: SiftDatabase, catalogueId: string): Promise<number> {
  return db.events.where('catalogueId').equals(catalogueId).count();
}

export async function lastEventSeq(db: SiftDatabase, catalogueId: string): Promise<number> {
  const last = await db.events
    .where('[catalogueId+seq]')
    .between([catalogueId, Dexie.minKey], [catalogueId, Dexie.maxKey])
    .last();
  return last?.seq ?? 0;
}

/** The catalogue's stated interests, oldest first (the profile page lists and edits them). */
export async function statedInterests(db: SiftDatabase, catalogueId: string): Promise<StoredEvent[]> {
  return db.events.where('kind').equals('stated-interest').filter((event) => event.catalogueId === catalogueId).toArray();
}

/** The latest `limit` events of the catalogue that `match` accepts, newest first, and how many match in all. */
export async function searchEvents(db: SiftDatabase, catalogueId: string, match: (event: StoredEvent) => boolean, limit: number): Promise<{ events: StoredEvent[]; total: number }> {
  const matching = await db.events
    .where('[catalogueId+seq]')
    .between([catalogueId, Dexie.minKey], [catalogueId, Dexie.maxKey])
    .reverse()
    .filter(match)
    .toArray();
  return { events: matching.slice(0, limit), total: matching.length };
}
