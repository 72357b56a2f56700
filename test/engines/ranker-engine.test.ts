import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ITEMS_PER_CHUNK } from '../../src/core/catalogue/item-chunks';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { openCatalogueStore } from '../../src/storage/catalogue-repository';
import { SiftDatabase } from '../../src/storage/db';
import { fakeFetch } from '../app/network-fixture';
import { FILMS, T0 } from '../core/catalogue-fixture';

const catalogue = { format: 'sift-catalog' as const, version: 1 as const, id: 'films', title: 'Films', language: 'en', items: FILMS };

describe('RankerEngine', () => {
  it('learns weights only from feedback on what was shown, and a replay of the same events learns the same', () => {
    const engine = new RankerEngine();
    engine.setCatalogue(catalogue);
    const shown = engine.rank({ limit: 5, now: T0 });
    const signalsOf = (id: string) => Object.fromEntries(shown.find((r) => r.itemId === id)!.explanation.signals.map((s) => [s.signal, s.value]));
    const events: InteractionEvent[] = [
      { kind: 'skip', itemId: shown[0]!.itemId, at: T0, shown: signalsOf(shown[0]!.itemId) },
      { kind: 'like', itemId: shown[1]!.itemId, at: T0, shown: signalsOf(shown[1]!.itemId) },
      { kind: 'like', itemId: 'solaris', at: T0 + 1 },
    ];
    engine.recordEvents(events);
    const state = engine.state();
    expect(state.weights.updates).toBe(2);

    const replayed = new RankerEngine();
    replayed.setCatalogue(catalogue);
    replayed.restore(null, events);
    expect(replayed.state()).toEqual(state);
    expect(replayed.rank({ limit: 10, now: T0 + 2 })).toEqual(engine.rank({ limit: 10, now: T0 + 2 }));
  });

  it('keeps its catalogue when a fetch fails and swaps it when one succeeds', async () => {
    const network = fakeFetch({ 'https://x/films.json': JSON.stringify(catalogue), 'https://x/bad.json': '[]' });
    const engine = new RankerEngine(network.fetch);
    const first = await engine.fetchCatalogue('https://x/films.json', T0);
    expect(first).toMatchObject({ kind: 'loaded', record: { id: 'films', title: 'Films', itemCount: FILMS.length, fetchedAt: T0, sourceUrl: 'https://x/films.json' } });
    // Fetching the same content again with its hash re-indexes nothing and sends nothing back.
    expect(await engine.fetchCatalogue('https://x/films.json', T0, first.kind === 'loaded' ? first.record.contentHash : '')).toEqual({ kind: 'unchanged', url: 'https://x/films.json' });
    expect(await engine.fetchCatalogue('https://x/bad.json', T0)).toMatchObject({ kind: 'failed', error: { kind: 'invalid', problem: { kind: 'not-an-object' } } });
    expect(await engine.fetchCatalogue('https://x/missing.json', T0)).toMatchObject({ kind: 'failed', error: { kind: 'http', status: 404 } });
    expect(engine.rank({ limit: 20, now: T0 })).toHaveLength(FILMS.length);
    expect(network.requests.every((r) => r.startsWith('GET '))).toBe(true);
    expect(engine.topTags(2).map((t) => t.label)).toEqual(['Sci-Fi', 'space']);
  });

  it('stores what it fetched in chunks with its index, and a new engine opens it from storage alone', async () => {
    // Enough items for several chunks, so reads by id cross chunk boundaries.
    const items = Array.from({ length: ITEMS_PER_CHUNK * 2 + 5 }, (_, i) => {
      const { neighbors: _neighbors, ...film } = FILMS[i % FILMS.length]!;
      return { ...film, id: `f${i}`, title: `Film ${i}` };
    });
    const big = { ...catalogue, id: 'big', items };
    const network = fakeFetch({ 'https://x/big.json': JSON.stringify(big) });
    const name = `engine-store-${Math.random()}`;
    const engine = new RankerEngine(network.fetch, undefined, openCatalogueStore);
    engine.useStorage(name);
    const delivery = await engine.fetchCatalogue('https://x/big.json', T0);
    if (delivery.kind !== 'loaded') throw new Error('not loaded');
    expect(await engine.itemsById(['f3', 'f200'])).toEqual([items[3], items[200]]);
    expect(await engine.saveCatalogue()).toEqual({ kind: 'saved' });
    expect(await engine.saveCatalogue()).toEqual({ kind: 'nothing-to-save' });

    const db = new SiftDatabase(name);
    expect(await db.catalogueItems.where('catalogueId').equals('big').count()).toBe(3);
    expect((await db.catalogues.get('big'))?.contentHash).toBe(delivery.record.contentHash);

    const reopened = new RankerEngine(fakeFetch({}).fetch, undefined, openCatalogueStore);
    reopened.useStorage(name);
    expect(await reopened.openCatalogue(delivery.record)).toEqual({ kind: 'restored' });
    expect(await reopened.itemsById(['f260', 'f0', 'nope', 'f129'])).toEqual([items[260], items[0], items[129]]);
    expect(reopened.rank({ limit: 10, now: T0 })).toEqual(engine.rank({ limit: 10, now: T0 }));
    expect(await reopened.catalogueTitles()).toEqual(items.map((item) => item.title));

    // Without its index (cleared to free space), the engine builds one from the stored items.
    await db.indexes.clear();
    const rebuilt = new RankerEngine(fakeFetch({}).fetch, undefined, openCatalogueStore);
    rebuilt.useStorage(name);
    expect(await rebuilt.openCatalogue(delivery.record)).toEqual({ kind: 'rebuilt' });
    expect(rebuilt.rank({ limit: 10, now: T0 })).toEqual(engine.rank({ limit: 10, now: T0 }));
    expect(await db.indexes.count()).toBe(1);

    // Items gone too: the catalogue must be fetched again.
    await db.transaction('rw', [db.indexes, db.catalogueItems], async () => {
      await db.indexes.clear();
      await db.catalogueItems.delete(['big', 1]);
    });
    const lost = new RankerEngine(fakeFetch({}).fetch, undefined, openCatalogueStore);
    lost.useStorage(name);
    expect(await lost.openCatalogue(delivery.record)).toEqual({ kind: 'missing' });
    db.close();
  });

  it('a changed catalogue replaces the stored one in one transaction: no chunk or index of the old copy is left', async () => {
    const name = `engine-replace-${Math.random()}`;
    const many = Array.from({ length: ITEMS_PER_CHUNK * 3 }, (_, i) => ({ ...FILMS[i % FILMS.length]!, id: `f${i}`, neighbors: [] }));
    const routes: Record<string, string> = { 'https://x/c.json': JSON.stringify({ ...catalogue, id: 'c', items: many }), 'https://x/other.json': JSON.stringify({ ...catalogue, id: 'other' }) };
    const engine = new RankerEngine(fakeFetch(routes).fetch, undefined, openCatalogueStore);
    engine.useStorage(name);
    await engine.fetchCatalogue('https://x/c.json', T0);
    await engine.saveCatalogue();
    const db = new SiftDatabase(name);
    expect(await db.catalogueItems.count()).toBe(3);
    // The site shrank its catalogue: one chunk now, and the two old ones must not linger.
    routes['https://x/c.json'] = JSON.stringify({ ...catalogue, id: 'c', items: many.slice(0, 10) });
    const changed = await engine.fetchCatalogue('https://x/c.json', T0 + 1);
    await engine.saveCatalogue();
    expect(await db.catalogueItems.count()).toBe(1);
    expect((await db.indexes.toArray()).map((i) => [i.catalogueId, i.contentHash])).toEqual([['c', changed.kind === 'loaded' ? changed.record.contentHash : '']]);
    // Another catalogue takes the place of this one (its description and history stay).
    await engine.fetchCatalogue('https://x/other.json', T0 + 2);
    await engine.saveCatalogue();
    expect(await db.catalogueItems.toCollection().primaryKeys()).toEqual([['other', 0]]);
    expect((await db.catalogues.toCollection().primaryKeys()).sort()).toEqual(['c', 'other']);
    expect((await db.settings.get('activeCatalogueId'))?.value).toBe('other');
    db.close();
  });
});
