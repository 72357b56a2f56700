import type { SiftDatabase } from './db';
import type { StoredVectorBatch } from './records';

/**
 * The batches embedded so far for a catalogue, model and text fingerprint, by start row.
 * Batches of an older fingerprint (the catalogue changed) are deleted on the way.
 */
export async function loadVectorBatches(db: SiftDatabase, catalogueId: string, model: string, textHash: string): Promise<StoredVectorBatch[]> {
  return db.transaction('rw', db.vectorBatches, async () => {
    const all = await db.vectorBatches.where('[catalogueId+model]').equals([catalogueId, model]).toArray();
    const stale = all.filter((batch) => batch.textHash !== textHash);
    if (stale.length > 0) await db.vectorBatches.bulkDelete(stale.map((b) => [b.catalogueId, b.model, b.start] as [string, string, number]));
    return all.filter((batch) => batch.textHash === textHash).sort((a, b) => a.start - b.start);
  });
}

export async function saveVectorBatch(db: SiftDatabase, batch: StoredVectorBatch): Promise<void> {
  await db.vectorBatches.put(batch);
}

/** Drops a catalogue's embedded vectors (every model), e.g. when storage runs short: they can be embedded again. */
export async function deleteVectorBatches(db: SiftDatabase, catalogueId: string): Promise<number> {
  return db.vectorBatches.where('[catalogueId+model]').between([catalogueId, ''], [catalogueId, '\uffff']).delete();
}
