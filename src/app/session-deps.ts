import type { AsyncRanker } from '../engines/ranker/ranker-api';
import type { CatalogueOriginPolicy } from './catalogue-origins';
import type { SiftDatabase } from '../storage/db';
import type { EventWriter } from '../storage/event-writer';

export interface SessionDeps {
  readonly db: SiftDatabase;
  readonly ranker: AsyncRanker;
  readonly events: EventWriter;
  readonly clock: () => number;
  /** Absolute URL of the bundled demo catalogue. */
  readonly defaultCatalogueUrl: string;
  /** A catalogue asked for in the page URL (`?catalog=`), if any. */
  readonly requestedCatalogueUrl?: string;
  /** Where catalogues may come from (see catalogue-origins.ts); any URL when absent. */
  readonly catalogueOrigins?: CatalogueOriginPolicy;
  /** Where the page notes which catalogue it has stored (see stored-catalogue-hint.ts). */
  readonly hints?: Storage;
  /** Resolves once what was just rendered is on screen (before long main-thread work). */
  readonly afterPaint: () => Promise<void>;
  /** This page load's id, stored with its events. */
  readonly tabId: string;
  /** Other tabs of the same database announce written events here (BroadcastChannel). */
  readonly tabs?: TabChannel;
  /**
   * 'none' where the browser gives this page no storage (a widget frame in a strict mode): the
   * worker keeps the catalogue in memory instead of storing it.
   */
  readonly catalogueStorage?: 'worker' | 'none';
}

/** What another tab did to a catalogue's history: appended events, or deleted some. */
export type TabChange = 'events-written' | 'history-rewritten';

/** Tells the other tabs that events were written or deleted; calls back when they did. */
export interface TabChannel {
  announce(catalogueId: string, change: TabChange): void;
  listen(listener: (catalogueId: string, change: TabChange) => void): void;
  close(): void;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
