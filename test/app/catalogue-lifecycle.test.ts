import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CatalogueLifecycle } from '../../src/app/catalogue-lifecycle';
import { hasStoredCatalogue } from '../../src/app/stored-catalogue-hint';
import { memoryStorage } from './memory-storage';
import { FILMS_URL } from './session-fixture';
import { openParts } from './session-parts-fixture';

describe('CatalogueLifecycle', () => {
  it('with nothing stored and an unreachable catalogue, says so in the state', async () => {
    const { catalogues, view, db } = openParts(undefined, { [FILMS_URL]: null });
    await catalogues.start();
    expect(view.state).toEqual({ kind: 'no-catalogue', error: expect.objectContaining({ kind: 'network', url: FILMS_URL }) });
    expect(view.catalogue).toBeNull();
    db.close();
  });

  it('installs the catalogue, tells the listeners, and keeps it (with a notice) when another fails to load', async () => {
    const { catalogues, view, db } = openParts();
    const installed: string[] = [];
    catalogues.onInstalled((catalogue) => installed.push(catalogue.id));
    await catalogues.start();
    await Promise.resolve();
    expect(view.state.kind).toBe('ready');
    expect(view.catalogue?.id).toBe('films');
    expect(installed).toEqual(['films']);
    expect((await catalogues.titlesOfItems()).length).toBe(10);
    await catalogues.load('https://shop.example/broken.json');
    expect(view.catalogue?.id).toBe('films');
    expect(view.notice).toEqual({ kind: 'catalogue-failed', keptTitle: 'Films', error: expect.objectContaining({ kind: 'invalid' }) });
    expect(await db.catalogues.get('films')).toBeDefined();
    db.close();
  });

  it('notes which catalogue it stored, so that the next start knows before the database opens', async () => {
    const hints = memoryStorage();
    const { deps, view, queue, feed, profile, db } = openParts();
    const first = new CatalogueLifecycle({ ...deps, hints, requestedCatalogueUrl: FILMS_URL }, view, queue, feed, profile);
    expect(hasStoredCatalogue(hints, FILMS_URL)).toBe(false);
    await first.start();
    expect(hasStoredCatalogue(hints, FILMS_URL)).toBe(true);
    // A start that finds the stored copy says so too (a hint lost some other way comes back).
    hints.clear();
    const second = new CatalogueLifecycle({ ...deps, hints, requestedCatalogueUrl: FILMS_URL }, view, queue, feed, profile);
    await second.start();
    expect(hasStoredCatalogue(hints, FILMS_URL)).toBe(true);
    db.close();
  });

  it('checks a stored catalogue named in the address with its ETag once the database has said what it holds: no body is read', async () => {
    const hints = memoryStorage();
    const { deps, view, queue, feed, profile, db, network } = openParts();
    await new CatalogueLifecycle({ ...deps, hints, requestedCatalogueUrl: FILMS_URL }, view, queue, feed, profile).start();
    expect(network.bodiesRead).toEqual([FILMS_URL]);
    await new CatalogueLifecycle({ ...deps, hints, requestedCatalogueUrl: FILMS_URL }, view, queue, feed, profile).start();
    expect(network.requests).toEqual([`GET ${FILMS_URL}`, `GET ${FILMS_URL}`]);
    expect(network.bodiesRead).toEqual([FILMS_URL]);
    // Without the hint the download starts at once and is read (a lost hint costs time, never correctness).
    hints.clear();
    await new CatalogueLifecycle({ ...deps, hints, requestedCatalogueUrl: FILMS_URL }, view, queue, feed, profile).start();
    expect(view.catalogue?.id).toBe('films');
    expect(network.requests).toHaveLength(3);
    db.close();
  });
});
