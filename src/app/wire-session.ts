import { loadEngineInThisThread, startRankerWorker } from '../engines/ranker/ranker-client';
import { lazyInThisThread, SupervisedRanker } from '../engines/ranker/supervised-ranker';
import type { SiftDatabase } from '../storage/db';
import { appendEvents } from '../storage/event-repository';
import { EventWriter } from '../storage/event-writer';
import { catalogueAllowed, type CatalogueOriginPolicy } from './catalogue-origins';
import { SiftSession } from './session.svelte';
import { hasStoredCatalogue } from './stored-catalogue-hint';
import { broadcastTabChannel, writeAndAnnounce } from './tab-channel';

export interface WiredSession {
  readonly session: SiftSession;
  /** Writes what is pending, then stops the worker, the tab channel and the database. */
  dispose(): Promise<void>;
}

/**
 * A session over the browser's real pieces (the app's and each widget's): the database given,
 * a ranking worker, batched event writes announced to other tabs, the clock, and a last flush
 * when the page is hidden or goes away.
 */
export function wireBrowserSession(
  db: SiftDatabase,
  catalogue: { readonly defaultUrl: string; readonly requestedUrl?: string | undefined; readonly origins: CatalogueOriginPolicy },
  label: string,
  catalogueStorage: 'worker' | 'none' = 'worker',
): WiredSession {
  let firstWorker = true;
  const hints = storageOrNothing();
  const supervisor =
    catalogueStorage === 'none'
      ? null
      : new SupervisedRanker({
    startWorker: () => {
      // The first worker downloads (and parses) the catalogue named in the page's address at once
      // when the page has no copy of it; with a copy, the page's own start asks for it once the
      // stored feed is up. A restarted worker is brought back by replaying what the first was asked.
      const requested = firstWorker && catalogue.requestedUrl !== undefined && catalogueAllowed(catalogue.origins, catalogue.requestedUrl) ? catalogue.requestedUrl : undefined;
      const { ranker, worker } = startRankerWorker(requested === undefined || hasStoredCatalogue(hints, requested) ? undefined : requested);
      firstWorker = false;
      return {
        api: ranker,
        onError: (listener) => {
          worker.addEventListener('error', listener);
          worker.addEventListener('messageerror', listener);
        },
        terminate: () => worker.terminate(),
      };
    },
    mainThreadEngine: loadEngineInThisThread,
    onModeChange: (mode) => {
      console.warn(`${label}: ranking ${mode === 'worker' ? 'is back in its worker' : 'moved to the main thread while its worker restarts'}`);
      session.rankerModeChanged(mode);
    },
  });
  const ranker = supervisor?.api ?? lazyInThisThread(loadEngineInThisThread);
  const tabs = broadcastTabChannel(`sift-events:${db.name}`);
  const events = new EventWriter({
    write: writeAndAnnounce((batch) => appendEvents(db, batch), tabs),
    flushAfterMs: 150,
    maxBatch: 64,
    onError: (error) => {
      console.error(`${label}: saving events failed; will retry`, error);
      // Storage full: the session compacts the history and retries.
      session.writeFailed(error);
    },
  });
  const session = new SiftSession({
    db,
    ranker,
    events,
    clock: () => Date.now(),
    tabId: crypto.randomUUID(),
    tabs,
    afterPaint,
    defaultCatalogueUrl: catalogue.defaultUrl,
    catalogueOrigins: catalogue.origins,
    catalogueStorage,
    ...(catalogue.requestedUrl === undefined ? {} : { requestedCatalogueUrl: catalogue.requestedUrl }),
    ...(hints === undefined ? {} : { hints }),
  });
  const flush = (): void => {
    void session.flush();
  };
  const onVisibility = (): void => {
    if (document.visibilityState === 'hidden') flush();
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onVisibility);
  return {
    session,
    async dispose() {
      removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      await session.flush();
      supervisor?.dispose();
      tabs.close();
      db.close();
    },
  };
}

/** This origin's localStorage, where the page may use it (a sandboxed frame throws on reading it). */
function storageOrNothing(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves once what was just rendered is on screen: a frame, then a task (the frame's paint has
 * happened by the time the task runs). A page that is not being painted (a background tab, a
 * widget frame scrolled out of view, which browsers throttle) gets no frames at all, so a
 * short timer stands in: nothing waits on a paint that will not come.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      setTimeout(resolve, 0);
    };
    requestAnimationFrame(finish);
    setTimeout(finish, 100);
  });
}
