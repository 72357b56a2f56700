import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../src/core/catalogue/catalogue-types';
import { buildCatalogueIndex, withRanking } from '../../src/core/index/catalogue-index';
import { snapshotIndex } from '../../src/core/index/index-snapshot';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { loadActiveCatalogue, openCatalogueStore } from '../../src/storage/catalogue-repository';
import { SiftDatabase } from '../../src/storage/db';
import type { StoredCatalogueV1, StoredCatalogueV2 } from '../../src/storage/records';
import { appendEvents, eventsSince, lastEventSeq } from '../../src/storage/event-repository';
import { loadProfile } from '../../src/storage/profile-repository';
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSIONS } from '../../src/storage/schema';

const catalogue: Catalogue = {
  format: 'sift-catalog',
  version: 1,
  id: 'films',
  title: 'Films',
  language: 'en',
  items: [
    { id: 'solaris', title: 'Solaris', tags: ['Sci-Fi'], neighbors: ['stalker'] },
    { id: 'stalker', title: 'Stalker', summary: 'A zone.', tags: ['Sci-Fi', 'Drama'], published_at: '1979-05-25' },
  ],
};

/** Every stored item of a catalogue, chunk by chunk (as the ranking worker reads them). */
async function storedItems(db: SiftDatabase, catalogueId: string): Promise<unknown[]> {
  const chunks = await db.catalogueItems.where('catalogueId').equals(catalogueId).sortBy('chunk');
  return chunks.flatMap((chunk) => JSON.parse(chunk.json) as unknown[]);
}

/** A database exactly as the release with schema `version` left it. */
function databaseAtVersion(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (const schema of SCHEMA_VERSIONS.filter((s) => s.version <= version)) {
    const v = db.version(schema.version).stores(schema.stores);
    if (schema.upgrade !== undefined) v.upgrade(schema.upgrade);
  }
  return db;
}

describe('schema migrations', () => {
  it('opens a database filled under schema v1 with everything kept and catalogues upgraded to description + JSON text', async () => {
    const name = `migrate-v1-${Math.random()}`;
    const old = databaseAtVersion(name, 1);
    const v1Record: StoredCatalogueV1 = { id: 'films', sourceUrl: 'https://x/films.json', fetchedAt: 7, contentHash: 'abc', catalogue };
    await old.table('catalogues').put(v1Record);
    await old.table('settings').bulkPut([
      { key: 'activeCatalogueId', value: 'films' },
      { key: 'catalogueUrl', value: 'https://x/films.json' },
    ]);
    await old.table('events').bulkAdd([
      { catalogueId: 'films', kind: 'like', itemId: 'solaris', at: 1 },
      { catalogueId: 'films', kind: 'stated-interest', text: 'space', at: 2 },
    ]);
    const snapshot = { version: 1, halfLifeMs: 1, referenceTime: 1, eventCount: 1, features: [['t:sci-fi', 1]], marks: [] };
    await old.table('profiles').put({ catalogueId: 'films', updatedAt: 3, lastEventSeq: 1, snapshot });
    expect(old.verno).toBe(1);
    old.close();

    const db = new SiftDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    const stored = await loadActiveCatalogue(db);
    expect(stored).toEqual({ id: 'films', sourceUrl: 'https://x/films.json', fetchedAt: 7, contentHash: 'abc', title: 'Films', itemCount: 2, ranking: null });
    expect(await storedItems(db, 'films')).toEqual(catalogue.items);
    expect((await eventsSince(db, 'films', 0)).map((e) => e.kind)).toEqual(['like', 'stated-interest']);
    expect((await loadProfile(db, 'films'))?.snapshot).toEqual(snapshot);
    db.close();
  });

  it('opens a database filled under schema v2 with the catalogue text moved to its own table', async () => {
    const name = `migrate-v2-${Math.random()}`;
    const old = databaseAtVersion(name, 2);
    const v2Record: StoredCatalogueV2 = { id: 'films', sourceUrl: 'https://x/films.json', fetchedAt: 7, contentHash: 'abc', title: 'Films', itemCount: 2, json: JSON.stringify(catalogue) };
    await old.table('catalogues').put(v2Record);
    await old.table('settings').put({ key: 'activeCatalogueId', value: 'films' });
    await old.table('events').add({ catalogueId: 'films', kind: 'save', itemId: 'stalker', at: 1 });
    old.close();

    const db = new SiftDatabase(name);
    expect(await loadActiveCatalogue(db)).toEqual({ id: 'films', sourceUrl: 'https://x/films.json', fetchedAt: 7, contentHash: 'abc', title: 'Films', itemCount: 2, ranking: null });
    expect(await storedItems(db, 'films')).toEqual(catalogue.items);
    expect(await db.indexes.count()).toBe(0);
    expect((await eventsSince(db, 'films', 0)).map((e) => e.kind)).toEqual(['save']);
    db.close();
  });

  it('opens a database filled under schema v5 with the catalogue text split into item chunks, its index and ranking kept', async () => {
    const name = `migrate-v5-${Math.random()}`;
    const ranked: Catalogue = { ...catalogue, ranking: { warm: { popularity: 2 }, cold: {} } };
    const old = databaseAtVersion(name, 5);
    const record = { id: 'films', sourceUrl: 'https://x/films.json', fetchedAt: 7, contentHash: 'abc', title: 'Films', itemCount: 2 };
    const index = withRanking(buildCatalogueIndex(catalogue.items), ranked.ranking ?? null);
    await old.table('catalogues').put(record);
    await old.table('catalogueTexts').put({ id: 'films', json: JSON.stringify(ranked) });
    await old.table('indexes').put({ catalogueId: 'films', contentHash: 'abc', snapshot: snapshotIndex(index) });
    await old.table('settings').put({ key: 'activeCatalogueId', value: 'films' });
    old.close();

    const db = new SiftDatabase(name);
    expect(await loadActiveCatalogue(db)).toEqual({ ...record, ranking: ranked.ranking });
    expect(await storedItems(db, 'films')).toEqual(catalogue.items);
    expect(db.tables.map((t) => t.name)).not.toContain('catalogueTexts');
    db.close();
    // The ranking worker opens it from the stored index, and names items from the chunks.
    const engine = new RankerEngine(undefined, undefined, openCatalogueStore);
    engine.useStorage(name);
    expect(await engine.openCatalogue({ ...record, ranking: ranked.ranking ?? null })).toEqual({ kind: 'restored' });
    expect((await engine.itemsById(['stalker'])).map((item) => item.title)).toEqual(['Stalker']);
  });

  it('opens a database filled under schema v7 with its events in pages, every seq kept and the next one after them', async () => {
    const name = `migrate-v7-${Math.random()}`;
    const old = databaseAtVersion(name, 7);
    // 600 films events around one books event: three films pages and one books page.
    const rows = Array.from({ length: 601 }, (_, i) => (i === 300 ? { catalogueId: 'books', kind: 'open', itemId: 'b1', at: i } : { catalogueId: 'films', kind: 'open', itemId: `f${i}`, at: i }));
    await old.table('events').bulkAdd(rows);
    await old.table('events').delete(5);
    old.close();

    const db = new SiftDatabase(name);
    const films = await eventsSince(db, 'films', 0);
    expect(films).toHaveLength(599);
    expect(films.map((e) => e.seq)).toEqual(Array.from({ length: 601 }, (_, i) => i + 1).filter((seq) => seq !== 5 && seq !== 301));
    expect(films.every((e) => e.catalogueId === 'films' && e.kind === 'open')).toBe(true);
    expect((await eventsSince(db, 'books', 0)).map((e) => [e.seq, 'itemId' in e ? e.itemId : ''])).toEqual([[301, 'b1']]);
    expect(await db.eventPages.count()).toBe(4);
    expect(await eventsSince(db, 'films', 590)).toHaveLength(11);
    await appendEvents(db, [{ catalogueId: 'films', kind: 'like', itemId: 'f1', at: 700 }]);
    expect(await lastEventSeq(db, 'films')).toBe(602);
    db.close();
  });

  it('every released schema version upgrades to the current one', async () => {
    for (const schema of SCHEMA_VERSIONS) {
      const name = `migrate-any-${schema.version}-${Math.random()}`;
      const old = databaseAtVersion(name, schema.version);
      await old.open();
      await old.table('settings').put({ key: 'catalogueUrl', value: `v${schema.version}` });
      old.close();
      const db = new SiftDatabase(name);
      expect((await db.settings.get('catalogueUrl'))?.value).toBe(`v${schema.version}`);
      expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
      db.close();
    }
  });
});
