import type { SiftDatabase, StoredCatalogue, StoredIndex } from './db';

/** Stores a catalogue (description and JSON text) and makes it the active one. */
export async function saveCatalogue(db: SiftDatabase, record: StoredCatalogue, json: string): Promise<void> {
  await db.transaction('rw', [db.catalogues, db.catalogueTexts, db.settings], async () => {
    await db.catalogues.put(record);
    await db.catalogueTexts.put({ id: record.id, json });
    await db.settings.bulkPut([
      { key: 'activeCatalogueId', value: record.id },
      { key: 'catalogueUrl', value: record.sourceUrl },
    ]);
  });
}

export async function loadActiveCatalogue(db: SiftDatabase): Promise<StoredCatalogue | undefined> {
  const active = await db.settings.get('activeCatalogueId');
  return active === undefined ? undefined : db.catalogues.get(active.value);
}

export async function loadCatalogueText(db: SiftDatabase, catalogueId: string): Promise<string | undefined> {
  return (await db.catalogueTexts.get(catalogueId))?.json;
}

export async function loadCatalogueUrl(db: SiftDatabase): Promise<string | undefined> {
  return (await db.settings.get('catalogueUrl'))?.value;
}

/** The active catalogue's stored index, if any (the caller checks its content hash). */
export async function loadActiveIndex(db: SiftDatabase): Promise<StoredIndex | undefined> {
  const active = await db.settings.get('activeCatalogueId');
  return active === undefined ? undefined : db.indexes.get(active.value);
}

export async function saveIndex(db: SiftDatabase, record: StoredIndex): Promise<void> {
  await db.indexes.put(record);
}
