import { startRankerWorker } from '../engines/ranker/ranker-client';
import { SiftDatabase } from '../storage/db';
import { appendEvents } from '../storage/event-repository';
import { EventWriter } from '../storage/event-writer';
import { DataControls } from './data-controls.svelte';
import { PwaState } from './pwa.svelte';
import { SiftSession } from './session.svelte';
import { broadcastTabChannel, writeAndAnnounce } from './tab-channel';

export interface AppWiring {
  readonly session: SiftSession;
  readonly db: SiftDatabase;
  readonly pwa: PwaState;
  readonly data: DataControls;
}

/** Builds the session with the browser's real pieces: IndexedDB, the ranking worker, the clock. */
export function createBrowserSession(location: Location): AppWiring {
  const db = new SiftDatabase();
  const { ranker } = startRankerWorker();
  const tabs = broadcastTabChannel(`sift-events:${db.name}`);
  const events = new EventWriter({
    write: writeAndAnnounce((batch) => appendEvents(db, batch), tabs),
    flushAfterMs: 150,
    maxBatch: 64,
    onError: (error) => console.error('Sift: saving events failed; will retry', error),
  });
  const defaultCatalogueUrl = new URL(`${import.meta.env.BASE_URL}catalog/movielens-demo.json`, location.href).href;
  const requested = new URLSearchParams(location.search).get('catalog');
  const session = new SiftSession({
    db,
    ranker,
    events,
    clock: () => Date.now(),
    tabId: crypto.randomUUID(),
    tabs,
    // A frame, then a task: the frame's paint has happened by the time the task runs.
    afterPaint: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
    defaultCatalogueUrl,
    ...(requested === null || requested.trim() === '' ? {} : { requestedCatalogueUrl: new URL(requested, location.href).href }),
  });
  // Last chance to commit buffered events before the page goes away or to the background.
  const flush = (): void => {
    void session.flush();
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  const pwa = new PwaState();
  pwa.watch({ onCatalogueUpdated: (url) => void session.catalogueUpdated(url) });
  const data = new DataControls({
    db,
    session,
    clock: () => Date.now(),
    reload: () => location.reload(),
    storage: navigator.storage,
    indexedDB,
    caches: 'caches' in globalThis ? caches : undefined,
    localStorage,
  });
  return { session, db, pwa, data };
}
