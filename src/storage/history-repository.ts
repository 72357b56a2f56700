import Dexie from 'dexie';
import type { SiftDatabase } from './db';
import type { StoredEvent, StoredSummary } from './records';
import type { InteractionEvent } from '../core/events/interaction-event';
import { eventKey } from '../core/personal/personal-data';
import { pagesOf, removeFromPages } from './event-repository';

/** The event as the reader made it (without what storage adds: its seq, catalogue and origin). */
export function withoutStorageFields(event: StoredEvent): InteractionEvent {
  const { seq: _seq, catalogueId: _catalogueId, origin: _origin, ...rest } = event;
  return rest as InteractionEvent;
}

/**
 * Rewriting the history: deleting events the user asked Sift to forget, and compacting the
 * oldest ones into a summary when storage runs short. The profile is derived (summary + events
 * after it) and is rebuilt by the caller afterwards.
 */

export async function loadSummary(db: SiftDatabase, catalogueId: string): Promise<StoredSummary | undefined> {
  return db.summaries.get(catalogueId);
}

/**
 * Deletes the catalogue's events that `match` selects, in one transaction, and leaves a tombstone
 * for each (so that an export made before cannot bring it back: core/personal/merge-history.ts);
 * returns how many.
 */
export async function deleteEvents(db: SiftDatabase, catalogueId: string, match: (event: StoredEvent) => boolean, deletedAt: number): Promise<number> {
  return db.transaction('rw', [db.eventPages, db.profiles, db.settings, db.tombstones], async () => {
    const deleted = await removeFromPages(db, await pagesOf(db, catalogueId).toArray(), match);
    await db.tombstones.bulkPut(deleted.map((event) => ({ catalogueId, key: eventKey(withoutStorageFields(event)), deletedAt })));
    if (deleted.length > 0) {
      // Both fold the deleted events in: neither may outlive them.
      await db.profiles.delete(catalogueId);
      await db.settings.delete('feedCache');
    }
    return deleted.length;
  });
}

export async function replaceSummary(db: SiftDatabase, summary: StoredSummary): Promise<void> {
  await db.summaries.put(summary);
}

/**
 * Stores the new summary and deletes the events it folds, together: either both happen or
 * neither. Deletes come first so that the transaction shrinks the database before it grows it.
 */
export async function saveCompaction(db: SiftDatabase, summary: StoredSummary): Promise<void> {
  await db.transaction('rw', [db.eventPages, db.summaries, db.profiles], async () => {
    const folded = await db.eventPages.where('[catalogueId+firstSeq]').between([summary.catalogueId, Dexie.minKey], [summary.catalogueId, summary.throughSeq], true, true).toArray();
    await removeFromPages(db, folded, (event) => event.seq! <= summary.throughSeq);
    const profile = await db.profiles.get(summary.catalogueId);
    // A stored profile older than the summary would replay from events that are gone.
    if (profile !== undefined && profile.lastEventSeq < summary.throughSeq) await db.profiles.delete(summary.catalogueId);
    await db.summaries.put(summary);
  });
}

/**
 * Drops what is only a start-up shortcut and can be rebuilt: stored indexes of catalogues other
 * than the active one, and the cached first page. Returns how many records went.
 */
export async function dropRebuildableData(db: SiftDatabase, activeCatalogueId: string): Promise<number> {
  return db.transaction('rw', [db.indexes, db.settings], async () => {
    const others = (await db.indexes.toCollection().primaryKeys()).filter((id) => id !== activeCatalogueId);
    await db.indexes.bulkDelete(others);
    const hadCache = (await db.settings.get('feedCache')) !== undefined;
    await db.settings.delete('feedCache');
    return others.length + (hadCache ? 1 : 0);
  });
}

/** Is this a "storage is full" failure (as the browser or Dexie reports it)? */
export function isQuotaError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 4; depth += 1) {
    if ((current as { name?: unknown }).name === 'QuotaExceededError') return true;
    current = (current as { inner?: unknown }).inner;
  }
  return false;
}
