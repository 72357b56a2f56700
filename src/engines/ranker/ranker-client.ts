import { wrap, type Remote } from 'comlink';
import rankerWorkerUrl from '../../../workers/ranker.worker.ts?worker&url';
import earlyRankerWorkerUrl from '../../../workers/ranker-early.worker.ts?worker&url';
import type { AsyncRanker, RankerApi } from './ranker-api';
import type { RankerEngineFactory } from './ranker-engine';
import { inThisThread } from './supervised-ranker';
import { PolicyViolations } from '../catalogue/policy-violations';
import { startModuleWorker } from '../module-worker';

export type RankerClient = Remote<RankerApi>;

/**
 * Starts the ranking worker (a separate module chunk); with `catalogueUrl`, the variant that
 * starts downloading and parsing that catalogue at once (see workers/ranker-early.worker.ts).
 * From another origin (the widget on a site) it starts through a blob stub (module-worker.ts).
 */
export function startRankerWorker(catalogueUrl?: string): { readonly ranker: RankerClient; readonly worker: Worker } {
  const sameOrigin = workerScriptUrl().origin === globalThis.origin;
  // The early variant is told the catalogue in a fragment (the script's request, its cache entry
  // and the service worker's copy stay the same).
  const url = catalogueUrl !== undefined && sameOrigin ? new URL(`#${new URLSearchParams({ catalog: catalogueUrl })}`, new URL(earlyRankerWorkerUrl, import.meta.url)) : workerScriptUrl();
  const worker = startModuleWorker(url, 'sift-ranker');
  return { ranker: wrap<RankerApi>(worker), worker };
}

function workerScriptUrl(): URL {
  return new URL(rankerWorkerUrl, import.meta.url);
}

/**
 * The engine on the page's own thread, for when the worker has failed: the worker script
 * imported as a module hands over its engine factory (see workers/ranker.worker.ts).
 */
export async function loadEngineInThisThread(): Promise<AsyncRanker> {
  await import(/* @vite-ignore */ workerScriptUrl().href);
  const makeEngine = (globalThis as unknown as Record<symbol, RankerEngineFactory | undefined>)[Symbol.for('sift.rankerEngine')];
  if (makeEngine === undefined) throw new Error('the ranking engine script did not provide the engine');
  const violations = new PolicyViolations(globalThis);
  return inThisThread(makeEngine((url) => violations.wasBlocked(url)));
}
