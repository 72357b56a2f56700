import 'fake-indexeddb/auto';
import { expose, wrap } from 'comlink';
import { afterEach } from 'vitest';
import type { SessionDeps } from '../../src/app/session-deps';
import { SiftSession } from '../../src/app/session.svelte';
import { broadcastTabChannel, writeAndAnnounce } from '../../src/app/tab-channel';
import type { RankerApi } from '../../src/engines/ranker/ranker-api';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { openCatalogueStore } from '../../src/storage/catalogue-repository';
import { SiftDatabase } from '../../src/storage/db';
import type { StoredEvent } from '../../src/storage/records';
import { appendEvents } from '../../src/storage/event-repository';
import { EventWriter } from '../../src/storage/event-writer';
import { FILMS } from '../core/catalogue-fixture';
import { fakeFetch } from './network-fixture';

export const FILMS_URL = 'https://shop.example/films.json';
/**
 * The site tuned its priors on its own logs (a small film shop without neighbours, where taste
 * matters more than popularity): the app ranks with them instead of Sift's defaults.
 */
export const FILMS_RANKING = { warm: { interest: 2.1, popularity: 0.8 }, cold: { interest: 1.35, popularity: 1.2 } };
export const filmsJson = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: FILMS, ranking: FILMS_RANKING });
export const routes = { [FILMS_URL]: filmsJson, 'https://shop.example/broken.json': '{"format":', 'https://shop.example/gone.json': 410 };

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** A session as the browser builds it, with the engine behind a real Comlink channel. */
export function openSession(
  dbName: string,
  clock: () => number,
  indexingGate?: Promise<void>,
  table: Record<string, string | number | null> = routes,
  tabId = `tab-${Math.random()}`,
  write?: (batch: readonly StoredEvent[], append: (batch: readonly StoredEvent[]) => Promise<void>) => Promise<void>,
) {
  let session: SiftSession | undefined;
  const parts = openSessionDeps(dbName, clock, indexingGate, table, tabId, write, (error) => session?.writeFailed(error));
  session = new SiftSession(parts.deps);
  return { ...parts, session };
}

/**
 * What a session is made of, as the browser makes it (the engine behind a real Comlink
 * channel, IndexedDB, the event writer, the tab channel): the session's parts are tested on it.
 */
export function openSessionDeps(
  dbName: string,
  clock: () => number,
  indexingGate?: Promise<void>,
  table: Record<string, string | number | null> = routes,
  tabId = `tab-${Math.random()}`,
  /** Stands in for IndexedDB's append (e.g. to fail like a full disk); gets the real one. */
  write?: (batch: readonly StoredEvent[], append: (batch: readonly StoredEvent[]) => Promise<void>) => Promise<void>,
  onWriteError: (error: unknown) => void = () => undefined,
) {
  const network = fakeFetch(table);
  const channel = new MessageChannel();
  ports.push(channel.port1, channel.port2);
  const engine = new RankerEngine(network.fetch, undefined, openCatalogueStore);
  const calls: string[] = [];
  // Records the worker calls; with a gate, installing a stored catalogue or index waits for it (a slow worker).
  const host = new Proxy(engine, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return async (...args: unknown[]) => {
        calls.push(String(property));
        if (indexingGate !== undefined && property === 'openCatalogue') await indexingGate;
        return method.apply(target, args);
      };
    },
  });
  expose(host, channel.port1);
  const ranker = wrap<RankerApi>(channel.port2);
  const db = new SiftDatabase(dbName);
  const tabs = broadcastTabChannel(`sift-events:${dbName}`);
  const append = (batch: readonly StoredEvent[]): Promise<void> => appendEvents(db, batch);
  const events = new EventWriter({
    write: writeAndAnnounce((batch) => (write === undefined ? append(batch) : write(batch, append)), tabs),
    flushAfterMs: 5,
    maxBatch: 50,
    onError: onWriteError,
  });
  const deps: SessionDeps = { db, ranker, events, clock, defaultCatalogueUrl: FILMS_URL, afterPaint, tabId, tabs };
  return { deps, db, network, events, calls, engine };
}

export const afterPaint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export const ids = (session: SiftSession): string[] => session.feed.map((entry) => entry.item.id);

