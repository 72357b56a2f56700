import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ITEMS_PER_CHUNK } from '../../src/core/catalogue/item-chunks';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { CatalogueDownload } from '../../src/engines/catalogue/fetch-catalogue';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { NO_RERANK } from '../../src/core/rank/rank-catalogue';
import { CatalogueItems } from '../../src/engines/ranker/catalogue-items';
import { indexedDbCatalogueStore, openCatalogueStore } from '../../src/storage/catalogue-repository';
import { SiftDatabase } from '../../src/storage/db';
import { fakeFetch } from '../app/network-fixture';
import { FILMS, T0 } from '../core/catalogue-fixture';

const catalogue = { format: 'sift-catalog' as const, version: 1 as const, id: 'films', title: 'Films', language: 'en', items: FILMS };

describe('RankerEngine', () => {
  it('learns weights only from feedback on what was shown, and a replay of the same events learns the same', async () => {
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

    // What the page asks on every event, in one answer: the ranking, the marks, the items to show.
    const page = await engine.feedPage({ limit: 4, now: T0 + 2 });
    expect(page.ranked).toEqual(engine.rank({ limit: 4, now: T0 + 2 }));
    expect(page.marks).toEqual(engine.marks());
    const named = new Set(page.ranked.flatMap((r) => [r.itemId, ...r.explanation.because.map((b) => b.itemId)]));
    expect(new Set(page.items.map((item) => item.id))).toEqual(named);
    expect(page.items.every((item) => FILMS.some((film) => film.id === item.id && film.title === item.title))).toBe(true);
  });

  it('orders a given list with the learnt weights, names the ids it lacks, and ranks around an item', async () => {
    const engine = new RankerEngine();
    engine.setCatalogue(catalogue);
    engine.recordEvents([
      { kind: 'like', itemId: 'alien', at: T0 },
      { kind: 'like', itemId: 'gravity', at: T0 },
    ]);
    const page = await engine.listPage({ ids: ['notebook', 'nope', 'interstellar', 'amelie', 'solaris'], now: T0 + 1 });
    expect(page.unknown).toEqual(['nope']);
    expect(page.ranked.map((r) => r.itemId).sort()).toEqual(['amelie', 'interstellar', 'notebook', 'solaris']);
    // In the order the feed itself would put them (plain score order, the same learnt weights).
    const feed = engine.rank({ limit: FILMS.length, now: T0 + 1, rerank: NO_RERANK }).map((r) => r.itemId);
    expect(page.ranked.map((r) => r.itemId)).toEqual(feed.filter((id) => page.ranked.some((r) => r.itemId === id)));
    expect(page.ranked.map((r) => r.score)).toEqual([...page.ranked.map((r) => r.score)].sort((a, b) => b - a));
    expect(new Set(page.items.map((item) => item.id))).toEqual(new Set(page.ranked.flatMap((r) => [r.itemId, ...r.explanation.because.map((b) => b.itemId)])));
    const scored = engine.scoreCandidates({ ids: ['solaris', 'notebook'], now: T0 + 1 });
    expect(scored.scored.map((s) => s.itemId)).toEqual(['solaris', 'notebook']);

    const around = await engine.feedPage({ limit: 3, now: T0 + 1, context: 'shining' });
    expect(around.ranked.map((r) => r.itemId)).not.toContain('shining');
    expect(around.ranked.every((r) => r.explanation.context?.itemId === 'shining')).toBe(true);
    // The item being read comes with the page's items, for its title in the reasons.
    expect(around.items.map((item) => item.id)).toContain('shining');
  });

  it('warms its ranking up on a throwaway profile without changing what it knows or ranks, and lets calls in between', async () => {
    const warmed = new RankerEngine();
    const cold = new RankerEngine();
    for (const engine of [warmed, cold]) {
      engine.setCatalogue(catalogue);
      engine.recordEvents([{ kind: 'like', itemId: 'solaris', at: T0 }]);
    }
    warmed.warmRanking(0);
    // A call from the page between two of its steps.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(warmed.rank({ limit: 10, now: T0 + 1 })).toEqual(cold.rank({ limit: 10, now: T0 + 1 }));
    // It waits for the page's first ranking, then runs its steps.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(warmed.state()).toEqual(cold.state());
    expect(warmed.rank({ limit: 10, now: T0 + 2 })).toEqual(cold.rank({ limit: 10, now: T0 + 2 }));
    expect(warmed.describeProfile()).toEqual(cold.describeProfile());
  });

  it('keeps its catalogue when a fetch fails and swaps it when one succeeds', async () => {
    const network = fakeFetch({ 'https://x/films.json': JSON.stringify(catalogue), 'https://x/bad.json': '[]' });
    const engine = new RankerEngine(network.fetch);
    const first = await engine.fetchCatalogue('https://x/films.json', T0);
    expect(first).toMatchObject({ kind: 'loaded', record: { id: 'films', title: 'Films', itemCount: FILMS.length, fetchedAt: T0, sourceUrl: 'https://x/films.json' } });
    // Fetching the same content again with its hash re-indexes nothing and sends nothing back.
    expect(await engine.fetchCatalogue('https://x/films.json', T0, { id: 'films', contentHash: first.kind === 'loaded' ? first.record.contentHash : '', etag: null })).toEqual({ kind: 'unchanged', url: 'https://x/films.json' });
    expect(await engine.fetchCatalogue('https://x/bad.json', T0)).toMatchObject({ kind: 'failed', error: { kind: 'invalid', problem: { kind: 'not-an-object' } } });
    expect(await engine.fetchCatalogue('https://x/missing.json', T0)).toMatchObject({ kind: 'failed', error: { kind: 'http', status: 404 } });
    expect(engine.rank({ limit: 20, now: T0 })).toHaveLength(FILMS.length);
    expect(network.requests.every((r) => r.startsWith('GET '))).toBe(true);

    // A download started early (while the page opens its database) is the one the fetch uses.
    const before = network.requests.length;
    engine.prefetchCatalogue('https://x/films.json');
    engine.prefetchCatalogue('https://x/films.json');
    expect(await engine.fetchCatalogue('https://x/films.json', T0)).toMatchObject({ kind: 'loaded' });
    expect(network.requests.length).toBe(before + 1);
    expect(await engine.fetchCatalogue('https://x/films.json', T0)).toMatchObject({ kind: 'loaded' });
    expect(network.requests.length).toBe(before + 2);
    expect(engine.topTags(2).map((t) => t.label)).toEqual(['Sci-Fi', 'space']);

    // A download its worker started (parsing as it arrives) is taken over, and not started again.
    const adopted = new RankerEngine(network.fetch);
    adopted.adoptDownload(new CatalogueDownload('https://x/films.json', { fetchImpl: network.fetch, mode: 'parse' }));
    adopted.prefetchCatalogue('https://x/films.json');
    const counted = network.requests.length;
    const delivery = await adopted.fetchCatalogue('https://x/films.json', T0);
    expect(delivery).toMatchObject({ kind: 'loaded', record: { contentHash: first.kind === 'loaded' ? first.record.contentHash : '' } });
    expect(network.requests.length).toBe(counted);
    expect(adopted.rank({ limit: 20, now: T0 })).toEqual(engine.rank({ limit: 20, now: T0 }));
    // The page has this copy after all: the same hash answers unchanged, parsed or not.
    const known = new RankerEngine(network.fetch);
    known.adoptDownload(new CatalogueDownload('https://x/films.json', { fetchImpl: network.fetch, mode: 'parse' }));
    expect(await known.fetchCatalogue('https://x/films.json', T0, { id: 'films', contentHash: first.kind === 'loaded' ? first.record.contentHash : '', etag: null })).toEqual({ kind: 'unchanged', url: 'https://x/films.json' });
  });

  it('knows the stored copy by its ETag: a start reads no body of an unchanged catalogue, and a new ETag for the same text is remembered', async () => {
    const text = JSON.stringify(catalogue);
    let etag = '"v1"';
    const bodiesRead: string[] = [];
    // The body in four parts, one per pull.
    const bytes = new TextEncoder().encode(text);
    const part = Math.ceil(bytes.length / 4);
    const server: typeof fetch = async (input) => {
      let pulls = 0;
      const response = new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            bodiesRead.push(etag);
            controller.enqueue(bytes.slice(pulls * part, ++pulls * part));
            if (pulls === 4) controller.close();
          },
        }),
        { headers: { etag } },
      );
      Object.defineProperty(response, 'url', { value: String(input) });
      return response;
    };
    const name = `engine-etag-${Math.random()}`;
    const engine = new RankerEngine(server, undefined, openCatalogueStore);
    engine.useStorage(name);
    const first = await engine.fetchCatalogue('https://x/films.json', T0);
    expect(first).toMatchObject({ kind: 'loaded', record: { etag: '"v1"' } });
    expect(bodiesRead).toHaveLength(4);
    expect(await engine.saveCatalogue()).toEqual({ kind: 'saved' });
    const db = new SiftDatabase(name);
    const stored = async () => {
      const record = (await db.catalogues.get('films'))!;
      return { id: record.id, contentHash: record.contentHash, etag: record.etag ?? null };
    };
    expect((await stored()).etag).toBe('"v1"');

    const next = new RankerEngine(server, undefined, openCatalogueStore);
    next.useStorage(name);
    bodiesRead.length = 0;
    expect(await next.fetchCatalogue('https://x/films.json', T0, await stored())).toEqual({ kind: 'unchanged', url: 'https://x/films.json' });
    // The stream's own first pull may come before the headers are looked at; nothing after it.
    expect(bodiesRead.length).toBeLessThanOrEqual(1);

    // Redeployed unchanged: another ETag, the same text.
    etag = '"v2"';
    bodiesRead.length = 0;
    expect(await next.fetchCatalogue('https://x/films.json', T0, await stored())).toEqual({ kind: 'unchanged', url: 'https://x/films.json' });
    expect(bodiesRead).toHaveLength(4);
    expect((await stored()).etag).toBe('"v2"');
    db.close();
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

  it('ranks a fetched catalogue from its tags for a new user, and with every word once completed or once events need them', async () => {
    const network = fakeFetch({ 'https://x/films.json': JSON.stringify(catalogue) });
    const full = new RankerEngine();
    full.setCatalogue(catalogue);
    const fresh = new RankerEngine(network.fetch);
    const delivery = await fresh.fetchCatalogue('https://x/films.json', T0);
    expect(delivery).toMatchObject({ kind: 'loaded', coverage: 'tags-only' });
    expect(fresh.rank({ limit: 5, now: T0 })).toHaveLength(5);
    expect(fresh.topTags(3)).toEqual(full.topTags(3));
    expect(fresh.completeIndex()).toEqual({ kind: 'completed' });
    expect(fresh.completeIndex()).toEqual({ kind: 'complete-already' });
    expect(fresh.rank({ limit: 8, now: T0 })).toEqual(full.rank({ limit: 8, now: T0 }));

    // Events before completion: the engine indexes the words first, so it learns exactly as a full index does.
    const eager = new RankerEngine(network.fetch);
    await eager.fetchCatalogue('https://x/films.json', T0);
    const like: InteractionEvent[] = [{ kind: 'like', itemId: 'solaris', at: T0 }];
    eager.recordEvents(like);
    full.recordEvents(like);
    expect(eager.completeIndex()).toEqual({ kind: 'complete-already' });
    expect(eager.rank({ limit: 8, now: T0 })).toEqual(full.rank({ limit: 8, now: T0 }));
    expect(eager.state()).toEqual(full.state());
    expect(eager.search({ query: 'space', limit: 3, now: T0 })).toEqual(full.search({ query: 'space', limit: 3, now: T0 }));
  });

  it('reads items by chunk with a small cache, and warms it whole when the catalogue fits', async () => {
    const name = `engine-items-${Math.random()}`;
    const items = Array.from({ length: ITEMS_PER_CHUNK * 3 }, (_, i) => ({ id: `f${i}`, title: `Film ${i}`, tags: ['x'] }));
    const engine = new RankerEngine(fakeFetch({ 'https://x/c.json': JSON.stringify({ ...catalogue, id: 'c', items }) }).fetch, undefined, openCatalogueStore);
    engine.useStorage(name);
    await engine.fetchCatalogue('https://x/c.json', T0);
    await engine.saveCatalogue();
    const db = new SiftDatabase(name);
    const store = indexedDbCatalogueStore(db);
    const reads: number[][] = [];
    const counting = { ...store, readChunks: (id: string, chunks: readonly number[]) => (reads.push([...chunks]), store.readChunks(id, chunks)) };
    const stored = new CatalogueItems('c', items.length, { kind: 'stored' }, counting);
    expect((await stored.at([5, ITEMS_PER_CHUNK + 1, 6])).map((item) => item.id)).toEqual(['f5', `f${ITEMS_PER_CHUNK + 1}`, 'f6']);
    expect(reads).toEqual([[0, 1]]);
    await stored.at([7]);
    expect(reads).toHaveLength(1);
    await stored.warm();
    expect(reads.flat().sort()).toEqual([0, 1, 2]);
    expect((await stored.at([ITEMS_PER_CHUNK * 3 - 1]))[0]?.id).toBe(`f${ITEMS_PER_CHUNK * 3 - 1}`);
    expect(reads.flat()).toHaveLength(3);
    db.close();
  });
});
