import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FILMS_URL, filmsJson, ids, openSession, routes } from './session-fixture';
import { allEvents } from '../../src/storage/event-repository';

describe('SiftSession', () => {
  it('loads the catalogue, learns from a like, and a new session on the same database restores feed and profile', async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const name = `session-${Math.random()}`;
    const first = openSession(name, clock);
    await first.session.start();
    expect(first.session.state.kind).toBe('ready');
    expect(ids(first.session)[0]).toBe('blockbuster');
    expect(first.session.feed[0]!.reasons[0]!.kind).toBe('popular');

    now += 1000;
    await first.session.act('gravity', 'like');
    const learnt = ids(first.session);
    expect(learnt.slice(0, 3).sort()).toEqual(['alien', 'interstellar', 'solaris']);
    expect(first.session.marks.get('gravity')?.reaction).toBe('liked');
    await first.session.flush();
    first.db.close();

    // "Reload": a fresh session, engine and connection over the same IndexedDB.
    const second = openSession(name, clock);
    await second.session.start();
    expect(ids(second.session)).toEqual(learnt);
    // The first start had the worker store the catalogue and the index it built on fetch; this one
    // opens them from storage instead of indexing again, and fetches only to check for a newer copy.
    expect(first.calls).toContain('saveCatalogue');
    // A new user's first page is ranked from the tags, painted, then ranked again with the words.
    const completed = first.calls.indexOf('completeIndex');
    expect(completed).toBeGreaterThan(first.calls.indexOf('feedPage'));
    expect(first.calls.indexOf('feedPage', completed)).toBeGreaterThan(completed);
    expect(first.calls.indexOf('saveCatalogue')).toBeGreaterThan(completed);
    expect(second.calls).toContain('openCatalogue');
    expect(second.calls).not.toContain('saveCatalogue');
    // It asked for the catalogue, and the response's ETag said it was the stored copy: no body was read.
    expect(first.network.bodiesRead).toEqual([FILMS_URL]);
    expect(second.network.requests).toEqual([`GET ${FILMS_URL}`]);
    expect(second.network.bodiesRead).toEqual([]);
    expect(await second.engine.openCatalogue((await second.db.catalogues.get('films'))!)).toEqual({ kind: 'restored' });
    expect(second.session.marks.get('gravity')?.reaction).toBe('liked');
    second.db.close();
  });

  it('a reload paints the page ranked last time before the worker has indexed, then the fresh ranking; never a page older than the last event', async () => {
    const clock = () => 1_700_000_000_000;
    const name = `session-${Math.random()}`;
    const first = openSession(name, clock);
    await first.session.start();
    await first.session.act('gravity', 'like');
    await first.session.flush();
    const learnt = ids(first.session);
    first.db.close();

    let open!: () => void;
    const second = openSession(name, clock, new Promise<void>((resolve) => (open = resolve)));
    const started = second.session.start();
    await expect.poll(() => second.session.state.kind).toBe('ready');
    expect(ids(second.session)).toEqual(learnt);
    expect(second.session.marks.get('gravity')?.reaction).toBe('liked');
    expect(second.session.feed[0]!.reasons.length).toBeGreaterThan(0);
    // Acting on the painted page waits for the real ranking, then applies.
    const liked = second.session.act('solaris', 'like');
    open();
    await started;
    await liked;
    expect(second.session.marks.get('solaris')?.reaction).toBe('liked');
    // The like was stored as an event but the profile and page were not saved (sudden close).
    await second.events.flush();
    second.db.close();

    let openThird!: () => void;
    const third = openSession(name, clock, new Promise<void>((resolve) => (openThird = resolve)));
    const thirdStarted = third.session.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(third.session.state.kind).toBe('starting');
    expect(third.session.feed).toHaveLength(0);
    openThird();
    await thirdStarted;
    expect(third.session.marks.get('solaris')?.reaction).toBe('liked');
    third.db.close();
  });

  it('each start shows the stored catalogue, then installs a copy changed on the server; without a network it keeps the stored one quietly', async () => {
    const name = `session-${Math.random()}`;
    const first = openSession(name, () => 1);
    await first.session.start();
    expect(first.session.catalogue?.title).toBe('Films');
    first.db.close();

    const offline = openSession(name, () => 2, undefined, { [FILMS_URL]: null });
    await offline.session.start();
    expect(offline.network.requests).toEqual([`GET ${FILMS_URL}`]);
    expect(offline.session.catalogue?.title).toBe('Films');
    expect(offline.session.feed.length).toBeGreaterThan(0);
    expect(offline.session.notice).toBeNull();
    offline.db.close();

    const revised = openSession(name, () => 3, undefined, { [FILMS_URL]: filmsJson.replace('"title":"Films"', '"title":"Films, revised"') });
    await revised.session.start();
    expect(revised.session.catalogue?.title).toBe('Films, revised');
    expect(revised.session.notice).toBeNull();
    revised.db.close();
  });

  it('two tabs on one database: events from both are kept, each feed takes in the other tab\'s, and a restart agrees', async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const name = `session-${Math.random()}`;
    const a = openSession(name, clock, undefined, routes, 'tab-a');
    await a.session.start();
    const b = openSession(name, clock, undefined, routes, 'tab-b');
    await b.session.start();

    now += 1000;
    await a.session.act('gravity', 'like');
    await a.events.flush();
    await expect.poll(() => b.session.marks.get('gravity')?.reaction).toBe('liked');
    now += 1000;
    await b.session.act('amelie', 'dislike');
    await b.events.flush();
    await expect.poll(() => a.session.marks.get('amelie')?.reaction).toBe('disliked');
    expect(ids(a.session)).toEqual(ids(b.session));

    // Both snapshot; neither loses the other's event. A third start agrees with both.
    await a.session.flush();
    await b.session.flush();
    const stored = await allEvents(a.db);
    expect(stored.map((e) => [e.kind, 'itemId' in e ? e.itemId : '', e.origin])).toEqual(
      expect.arrayContaining([['like', 'gravity', 'tab-a'], ['dislike', 'amelie', 'tab-b']]),
    );
    const c = openSession(name, clock, undefined, routes, 'tab-c');
    await c.session.start();
    expect(c.session.marks.get('gravity')?.reaction).toBe('liked');
    expect(c.session.marks.get('amelie')?.reaction).toBe('disliked');
    expect(ids(c.session)).toEqual(ids(a.session));
    for (const tab of [a, b, c]) tab.db.close();
  });

  it('events written but not yet folded into the saved profile are replayed on the next start', async () => {
    const clock = () => 1_700_000_000_000;
    const name = `session-${Math.random()}`;
    const first = openSession(name, clock);
    await first.session.start();
    await first.session.act('amelie', 'like');
    await first.session.flush();
    const afterOne = ids(first.session);
    await first.session.act('notebook', 'dislike');
    // Only the event buffer is flushed (as on a sudden close), not the profile snapshot.
    await first.events.flush();
    const afterTwo = ids(first.session);
    expect(afterTwo).not.toEqual(afterOne);
    first.db.close();

    const second = openSession(name, clock);
    await second.session.start();
    expect(ids(second.session)).toEqual(afterTwo);
    second.db.close();
  });

  it('a stored catalogue whose items were cleared underneath is fetched again, with the history kept and saved items named', async () => {
    const clock = () => 1_700_000_000_000;
    const name = `session-${Math.random()}`;
    const first = openSession(name, clock);
    await first.session.start();
    await first.session.act('solaris', 'save');
    await first.session.flush();
    first.db.close();
    const cleared = openSession(name, clock);
    await cleared.db.transaction('rw', [cleared.db.catalogueItems, cleared.db.indexes], async () => {
      await cleared.db.catalogueItems.clear();
      await cleared.db.indexes.clear();
    });
    await cleared.session.start();
    expect(cleared.session.state.kind).toBe('ready');
    expect(cleared.calls.filter((call) => call === 'fetchCatalogue')).toHaveLength(1);
    expect(cleared.network.requests).toEqual([`GET ${FILMS_URL}`]);
    expect(cleared.session.marks.get('solaris')?.saved).toBe(true);
    expect(cleared.session.itemById('solaris')?.title).toBe('Solaris');
    expect(await cleared.db.catalogueItems.count()).toBeGreaterThan(0);
    cleared.db.close();
  });

  it('a failing catalogue URL leaves the current catalogue, feed and URL in place and says why', async () => {
    const { session, db } = openSession(`session-${Math.random()}`, () => 1);
    await session.start();
    const before = ids(session);
    for (const [url, kind] of [
      ['https://shop.example/missing.json', 'http'],
      ['https://shop.example/broken.json', 'invalid'],
      ['https://shop.example/gone.json', 'http'],
    ] as const) {
      await session.loadCatalogue(url);
      expect(session.notice).toMatchObject({ kind: 'catalogue-failed', keptTitle: 'Films', error: { kind, url } });
      expect(ids(session)).toEqual(before);
      expect(session.catalogue?.sourceUrl).toBe(FILMS_URL);
    }
    db.close();
  });

  it('with nothing stored and an unreachable catalogue, the state says so', async () => {
    const { session, db } = openSession(`session-${Math.random()}`, () => 1, undefined, {});
    await session.start();
    expect(session.state).toMatchObject({ kind: 'no-catalogue', error: { kind: 'http', status: 404 } });
    db.close();
  });
});
