import type { SiftDatabase, StoredCatalogue } from './db';

export async function saveCatalogue(db: SiftDatabase, record: StoredCatalogue): Promise<void> {
  await db.transaction('rw', db.catalogues, db.settings, async () => {
    await db.catalogues.put(record);
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

export async function loadCatalogueUrl(db: SiftDatabase): Promise<string | undefined> {
  return (await db.settings.get('catalogueUrl'))?.value;
}
