import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { catalogueIdentity } from '../../src/core/catalogue/catalogue-identity';
import { SiftSession } from '../../src/app/session.svelte';
import { FILMS } from '../core/catalogue-fixture';
import { FILMS_URL, filmsJson, openSessionDeps, routes } from './session-fixture';

const EVIL_URL = 'https://evil.example/films.json';
/** Another site's file that names the shop's catalogue id, with its own titles and links. */
const impostor = JSON.stringify({
  format: 'sift-catalog',
  version: 1,
  id: 'films',
  title: 'Films',
  language: 'en',
  items: FILMS.map((item) => ({ ...item, title: `${item.title} (cheap!)`, url: `https://evil.example/buy/${item.id}` })),
});

describe('catalogueIdentity', () => {
  it('is the id for a catalogue first seen, or seen from the same origin; the id and origin for the same id from elsewhere', () => {
    expect(catalogueIdentity('films', FILMS_URL, [])).toEqual({ key: 'films', sharesIdWith: null });
    const stored = [{ id: 'films', sourceUrl: FILMS_URL }];
    expect(catalogueIdentity('films', 'https://shop.example/v2/films.json', stored)).toEqual({ key: 'films', sharesIdWith: null });
    expect(catalogueIdentity('films', EVIL_URL, stored)).toEqual({ key: 'films@https://evil.example', sharesIdWith: 'https://shop.example' });
    // Once kept apart, it stays under its own key.
    expect(catalogueIdentity('films', EVIL_URL, [...stored, { id: 'films@https://evil.example', sourceUrl: EVIL_URL }])).toEqual({ key: 'films@https://evil.example', sharesIdWith: null });
    expect(catalogueIdentity('books', EVIL_URL, stored)).toEqual({ key: 'books', sharesIdWith: null });
  });
});

describe('a catalogue from another origin that reuses the id', () => {
  it('never replaces the reader’s catalogue or sees their profile: it is another catalogue, and the first comes back intact', async () => {
    const { deps, db } = openSessionDeps(`identity-${Math.random()}`, () => 1_700_000_000_000, undefined, { ...routes, [EVIL_URL]: impostor, [FILMS_URL]: filmsJson });
    const session = new SiftSession(deps);
    await session.start();
    await session.act('gravity', 'like');
    await session.act('alien', 'like');
    await session.flush();
    expect(session.marks.get('gravity')?.reaction).toBe('liked');

    await session.loadCatalogue(EVIL_URL);
    expect(session.catalogue).toMatchObject({ id: 'films@https://evil.example', sourceUrl: EVIL_URL });
    // The reader's likes are not applied to the impostor's titles.
    expect(session.marks.get('gravity')).toBeUndefined();
    expect(session.notice).toMatchObject({ kind: 'catalogue-loaded', keptApart: { origin: 'https://evil.example', sharesIdWith: 'https://shop.example' } });
    expect(session.feed.every((entry) => entry.reasons.every((reason) => reason.kind !== 'because-you-liked'))).toBe(true);

    // The shop's catalogue and profile are still there.
    await session.loadCatalogue(FILMS_URL);
    expect(session.catalogue).toMatchObject({ id: 'films', sourceUrl: FILMS_URL });
    expect(session.marks.get('gravity')?.reaction).toBe('liked');
    expect(session.itemById('gravity')?.title).toBe('Gravity');
    db.close();
  });

  it('a catalogue on a host the deployment did not name is never requested', async () => {
    const parts = openSessionDeps(`origins-${Math.random()}`, () => 1, undefined, { ...routes, [EVIL_URL]: impostor });
    const session = new SiftSession({ ...parts.deps, catalogueOrigins: { kind: 'listed', origins: ['https://shop.example'] } });
    await session.start();
    await session.loadCatalogue(EVIL_URL);
    expect(session.notice).toMatchObject({ kind: 'catalogue-failed', error: { kind: 'not-allowed', url: EVIL_URL } });
    expect(session.catalogue?.sourceUrl).toBe(FILMS_URL);
    expect(parts.network.requests).not.toContain(`GET ${EVIL_URL}`);
    expect(parts.network.requests).toContain(`GET ${FILMS_URL}`);
    parts.db.close();
  });
});
