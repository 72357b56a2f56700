import Dexie from 'dexie';
import type { SiftDatabase, StoredEvent } from './db';

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
