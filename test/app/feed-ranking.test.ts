import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FILMS } from '../core/catalogue-fixture';
import { openParts } from './session-parts-fixture';

const films = { format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: FILMS } as const;

describe('FeedRanking', () => {
  it('turns the worker\'s ranked page into cards with reasons and marks, asking for each item once', async () => {
    const { deps, view, feed, calls, db } = openParts();
    await deps.ranker.setCatalogue(films);
    view.catalogue = { id: 'films', title: 'Films', sourceUrl: 'x', itemCount: FILMS.length, fetchedAt: 0, embeddings: null, thumbnails: null };
    await deps.ranker.recordEvents([{ kind: 'like', itemId: 'gravity', at: 1 }]);
    await feed.refresh();
    expect(view.feedSource).toBe('ranking');
    expect(view.feed.map((e) => e.item.id)).toContain('gravity');
    expect(view.marks.get('gravity')?.reaction).toBe('liked');
    expect(view.feed.find((e) => e.item.id === 'gravity')?.mark.reaction).toBe('liked');
    expect(view.feed[0]!.reasons.length).toBeGreaterThan(0);
    expect(feed.itemById('alien')?.title).toBe('Alien');
    // Everything on screen came with the page: nothing more to ask for.
    const asked = calls.filter((c) => c === 'itemsById').length;
    await feed.ensureItems(view.feed.map((e) => e.item.id));
    expect(calls.filter((c) => c === 'itemsById').length).toBe(asked);
    db.close();
  });

  it('drops items that arrive for a catalogue no longer on screen, and starts a new one with none', async () => {
    const { deps, view, feed, db } = openParts();
    await deps.ranker.setCatalogue(films);
    view.catalogue = { id: 'films', title: 'Films', sourceUrl: 'x', itemCount: FILMS.length, fetchedAt: 0, embeddings: null, thumbnails: null };
    const arriving = feed.ensureItems(['alien']);
    view.catalogue = { ...view.catalogue, id: 'other' };
    await arriving;
    expect(feed.itemById('alien')).toBeUndefined();
    view.catalogue = { ...view.catalogue, id: 'films' };
    await feed.ensureItems(['alien']);
    expect(feed.itemById('alien')?.title).toBe('Alien');
    feed.forgetItems();
    expect(feed.itemById('alien')).toBeUndefined();
    db.close();
  });

  it('shows one page more on grow, and the first page again after firstPage', async () => {
    const { deps, view, feed, db } = openParts();
    const many = { ...films, items: Array.from({ length: 50 }, (_, i) => ({ id: `i${i}`, title: `Item ${i}`, tags: ['t'], popularity: i })) };
    await deps.ranker.setCatalogue(many);
    view.catalogue = { id: 'films', title: 'Films', sourceUrl: 'x', itemCount: 50, fetchedAt: 0, embeddings: null, thumbnails: null };
    await feed.refresh();
    expect(view.feed.length).toBe(20);
    feed.grow();
    await feed.refresh();
    expect(view.feed.length).toBe(40);
    feed.firstPage();
    await feed.refresh();
    expect(view.feed.length).toBe(20);
    db.close();
  });
});
