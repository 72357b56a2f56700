import type { Catalogue } from '../core/catalogue/catalogue-types';
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

/** A cheap fingerprint of a catalogue's content (FNV-1a over its JSON), to skip no-op updates. */
export function catalogueContentHash(catalogue: Catalogue): string {
  const text = JSON.stringify(catalogue);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}
