import { startRankerWorker } from '../engines/ranker/ranker-client';
import { SiftDatabase } from '../storage/db';
import { appendEvents } from '../storage/event-repository';
import { EventWriter } from '../storage/event-writer';
import { SiftSession } from './session.svelte';
import { broadcastTabChannel, writeAndAnnounce } from './tab-channel';

export interface WidgetWiring {
  readonly session: SiftSession;
  /** Writes what is pending, stops the worker and closes the database (element removed). */
  dispose(): Promise<void>;
}

/** The database a widget uses for one catalogue: each catalogue learns on its own. */
export function widgetDatabaseName(catalogueUrl: string): string {
  return `sift-widget:${catalogueUrl}`;
}

/**
 * A session for one `<sift-recs>` element: the same core, storage and ranking worker as the
 * app, with a database per catalogue URL in the embedding site's origin.
 */
export function createWidgetSession(catalogueUrl: string): WidgetWiring {
  const db = new SiftDatabase(widgetDatabaseName(catalogueUrl));
  const { ranker, worker } = startRankerWorker();
  const tabs = broadcastTabChannel(`sift-events:${db.name}`);
  const events = new EventWriter({
    write: writeAndAnnounce((batch) => appendEvents(db, batch), tabs),
    flushAfterMs: 150,
    maxBatch: 64,
    onError: (error) => console.error('Sift widget: saving events failed; will retry', error),
  });
  const session = new SiftSession({
    db,
    ranker,
    events,
    clock: () => Date.now(),
    tabId: crypto.randomUUID(),
    tabs,
    defaultCatalogueUrl: catalogueUrl,
    requestedCatalogueUrl: catalogueUrl,
    afterPaint: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
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
      worker.terminate();
      db.close();
    },
  };
}
