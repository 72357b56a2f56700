import { expose } from 'comlink';
import type { CatalogueDownload } from '../catalogue/fetch-catalogue';
import { PolicyViolations } from '../catalogue/policy-violations';
import { openCatalogueStore } from '../../storage/catalogue-repository';
import { RankerEngine, type RankerEngineFactory } from './ranker-engine';

/** The engine with its storage (IndexedDB) and the Content-Security-Policy check of its scope. */
export const makeRankerEngine: RankerEngineFactory = (blockedByPolicy) => new RankerEngine(undefined, blockedByPolicy, openCatalogueStore);

/**
 * Serves the engine to the page over Comlink, in the ranking worker. `held`: the page's calls
 * that arrived while this module was loading, answered now, in order. `early`: the catalogue
 * download the worker's first script started (see workers/ranker.worker.ts), and the policy watch
 * it set up for it.
 */
export function serveRanker(scope: DedicatedWorkerGlobalScope, held: readonly MessageEvent[], early?: { readonly download: CatalogueDownload; readonly violations: PolicyViolations }): void {
  const violations = early?.violations ?? new PolicyViolations(scope);
  const engine = makeRankerEngine((url) => violations.wasBlocked(url));
  if (early !== undefined) engine.adoptDownload(early.download);
  expose(engine, scope);
  for (const event of held) scope.dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] }));
}
