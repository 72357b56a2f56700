import type { CatalogueIndexSnapshot } from '../core/index/index-snapshot';
import type { CatalogueStore, CatalogueStoreFactory } from '../engines/ranker/catalogue-store';
import { SiftDatabase } from './db';
import type { StoredCatalogue } from './records';

export async function loadActiveCatalogue(db: SiftDatabase): Promise<StoredCatalogue | undefined> {
  const active = await db.settings.get('activeCatalogueId');
  return active === undefined ? undefined : db.catalogues.get(active.value);
}

export async function loadCatalogueUrl(db: SiftDatabase): Promise<string | undefined> {
  return (await db.settings.get('catalogueUrl'))?.value;
}

/** The catalogue store the ranking worker writes and reads, on the app's (or a widget's) database. */
export function indexedDbCatalogueStore(db: SiftDatabase): CatalogueStore {
  return {
    async replace({ record, chunks, index }) {
      await db.transaction('rw', [db.catalogues, db.catalogueItems, db.indexes, db.settings], async () => {
        // Items and indexes are only ever kept for the active catalogue: a switch back fetches again.
        await db.catalogueItems.clear();
        await db.indexes.clear();
        await db.catalogues.put(record);
        await db.catalogueItems.bulkPut(chunks.map((json, chunk) => ({ catalogueId: record.id, chunk, json })));
        await db.indexes.put({ catalogueId: record.id, contentHash: record.contentHash, snapshot: index });
        await db.settings.bulkPut([
          { key: 'activeCatalogueId', value: record.id },
          { key: 'catalogueUrl', value: record.sourceUrl },
        ]);
      });
    },
    async loadIndex(catalogueId, contentHash) {
      const stored = await db.indexes.get(catalogueId);
      return stored?.contentHash === contentHash ? stored.snapshot : undefined;
    },
    async saveIndex(catalogueId: string, contentHash: string, snapshot: CatalogueIndexSnapshot) {
      await db.indexes.put({ catalogueId, contentHash, snapshot });
    },
    async rememberEtag(catalogueId, contentHash, etag) {
      await db.transaction('rw', db.catalogues, async () => {
        const stored = await db.catalogues.get(catalogueId);
        if (stored?.contentHash === contentHash) await db.catalogues.put({ ...stored, etag });
      });
    },
    async storedSources() {
      return (await db.catalogues.toArray()).map(({ id, sourceUrl }) => ({ id, sourceUrl }));
    },
    async readChunks(catalogueId, chunks) {
      const rows = await db.catalogueItems.bulkGet(chunks.map((chunk): [string, number] => [catalogueId, chunk]));
      return rows.map((row) => row?.json);
    },
  };
}

/** What the ranking worker opens: the named database's catalogue store. */
export const openCatalogueStore: CatalogueStoreFactory = (databaseName) => indexedDbCatalogueStore(new SiftDatabase(databaseName));
