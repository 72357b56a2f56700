import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../src/core/catalogue/catalogue-types';
import { contentHashOfText } from '../../src/core/catalogue/content-hash';
import { chunkText } from '../../src/core/catalogue/item-chunks';
import { buildCatalogueIndex } from '../../src/core/index/catalogue-index';
import { snapshotIndex } from '../../src/core/index/index-snapshot';
import { indexedDbCatalogueStore, loadActiveCatalogue, loadCatalogueUrl } from '../../src/storage/catalogue-repository';
import { SiftDatabase } from '../../src/storage/db';
import { appendEvents, countEvents, eventsSince, lastEventSeq, recentEvents } from '../../src/storage/event-repository';
import { loadProfile, saveProfile } from '../../src/storage/profile-repository';
import { CURRENT_SCHEMA_VERSION } from '../../src/storage/schema';

const catalogue = (id: string, title = id): Catalogue => ({
  format: 'sift-catalog',
  version: 1,
  id,
  title,
  language: 'en',
  items: [{ id: 'a', title: 'A', tags: ['x'] }],
});

let db: SiftDatabase;
beforeEach(() => {
  db = new SiftDatabase(`repo-${Math.random()}`);
});
afterEach(() => db.close());

describe('catalogue repository', () => {
  it('stores a catalogue, marks it active and remembers its URL', async () => {
    expect(await loadActiveCatalogue(db)).toBeUndefined();
    const record = { id: 'shop', sourceUrl: 'https://x/c.json', fetchedAt: 5, contentHash: contentHashOfText(JSON.stringify(catalogue('shop'))), title: 'shop', itemCount: 1, ranking: null };
    const { items } = catalogue('shop');
    const store = indexedDbCatalogueStore(db);
    await store.replace({ record, chunks: [chunkText(items, 0)], index: snapshotIndex(buildCatalogueIndex(items)) });
    expect(await loadActiveCatalogue(db)).toEqual(record);
    expect((await store.readChunks('shop', [0, 1])).map((text) => (text === undefined ? undefined : JSON.parse(text)))).toEqual([items, undefined]);
    expect(await store.readChunks('other', [0])).toEqual([undefined]);
    expect(await store.loadIndex('shop', record.contentHash)).toBeDefined();
    expect(await store.loadIndex('shop', 'another version')).toBeUndefined();
    expect(await loadCatalogueUrl(db)).toBe('https://x/c.json');

    // A new ETag for the stored version is remembered; one for another version is not.
    await store.rememberEtag('shop', record.contentHash, '"v2"');
    expect(await loadActiveCatalogue(db)).toEqual({ ...record, etag: '"v2"' });
    await store.rememberEtag('shop', 'another version', '"v3"');
    await store.rememberEtag('other', record.contentHash, '"v4"');
    expect((await loadActiveCatalogue(db))?.etag).toBe('"v2"');
  });

  it('content hash changes with content and not otherwise', () => {
    const text = (id: string, title?: string): string => JSON.stringify(catalogue(id, title));
    expect(contentHashOfText(text('a'))).toBe(contentHashOfText(text('a')));
    expect(contentHashOfText(text('a'))).not.toBe(contentHashOfText(text('a', 'renamed')));
    expect(contentHashOfText('ab')).not.toBe(contentHashOfText('ba'));
  });
});

describe('event repository', () => {
  it('keeps events per catalogue, in order, and reads the tail after a sequence number', async () => {
    await appendEvents(db, [
      { kind: 'like', itemId: 'a', at: 1, catalogueId: 'one' },
      { kind: 'open', itemId: 'b', at: 2, catalogueId: 'two' },
      { kind: 'save', itemId: 'c', at: 3, catalogueId: 'one' },
      { kind: 'stated-interest', text: 'space opera', at: 4, catalogueId: 'one' },
    ]);
    expect(await countEvents(db, 'one')).toBe(3);
    const last = await lastEventSeq(db, 'one');
    const all = await eventsSince(db, 'one', 0);
    expect(all.map((e) => e.kind)).toEqual(['like', 'save', 'stated-interest']);
    expect(all[all.length - 1]!.seq).toBe(last);
    expect((await eventsSince(db, 'one', all[0]!.seq!)).map((e) => e.kind)).toEqual(['save', 'stated-interest']);
    expect((await recentEvents(db, 'one', 2)).map((e) => e.kind)).toEqual(['stated-interest', 'save']);
    expect(await lastEventSeq(db, 'none')).toBe(0);
  });
});

describe('profile repository', () => {
  it('round-trips a profile snapshot per catalogue', async () => {
    const profile = {
      catalogueId: 'one',
      updatedAt: 10,
      lastEventSeq: 3,
      snapshot: { version: 1 as const, halfLifeMs: 1000, referenceTime: 9, eventCount: 3, features: [['t:x', 0.5] as const], marks: [] },
    };
    await saveProfile(db, profile);
    expect(await loadProfile(db, 'one')).toEqual(profile);
    expect(await loadProfile(db, 'two')).toBeUndefined();
  });
});

describe('schema', () => {
  it('opens at the current version with every table', async () => {
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['catalogueItems', 'catalogues', 'eventPages', 'indexes', 'profiles', 'settings', 'summaries', 'tombstones', 'vectorBatches']);
  });

  it('opens a database written by an earlier build at schema 1 and reads its data', async () => {
    const name = `legacy-${Math.random()}`;
    const v1 = new SiftDatabase(name);
    await appendEvents(v1, [{ kind: 'like', itemId: 'a', at: 1, catalogueId: 'one' }]);
    v1.close();
    const reopened = new SiftDatabase(name);
    expect(await countEvents(reopened, 'one')).toBe(1);
    reopened.close();
  });
});
