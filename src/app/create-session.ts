import { SiftDatabase } from '../storage/db';
import { DataControls } from './data-controls.svelte';
import { PwaState } from './pwa.svelte';
import type { SiftSession } from './session.svelte';
import { wireBrowserSession } from './wire-session';
import { checkGpuCapability, type GpuLike } from '../engines/generation/capability';
import { Writer, writingLanguageOf } from './writer.svelte';

export interface AppWiring {
  readonly session: SiftSession;
  readonly writer: Writer;
  readonly db: SiftDatabase;
  readonly pwa: PwaState;
  readonly data: DataControls;
}

/** Builds the session with the browser's real pieces: IndexedDB, the ranking worker, the clock. */
export function createBrowserSession(location: Location): AppWiring {
  const db = new SiftDatabase();
  const defaultUrl = new URL(`${import.meta.env.BASE_URL}catalog/movielens-demo.json`, location.href).href;
  const requested = new URLSearchParams(location.search).get('catalog');
  const requestedUrl = requested === null || requested.trim() === '' ? undefined : new URL(requested, location.href).href;
  const { session } = wireBrowserSession(db, { defaultUrl, requestedUrl }, 'Sift');
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
  const writer = new Writer(writingLanguageOf(navigator.languages));
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  void checkGpuCapability(gpu, memory ?? null).then((capability) => writer.capabilityChecked(capability));
  return { session, db, pwa, data, writer };
}
