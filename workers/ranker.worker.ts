/// <reference lib="webworker" />
import type { RankerEngineFactory } from '../src/engines/ranker/ranker-engine';

/** Where this script, imported by the page rather than run as a worker, leaves its engine factory. */
const RANKER_ENGINE_KEY = Symbol.for('sift.rankerEngine');

// Small and with no imports of its own, so that it runs at once: the engine (about 170 KB) then
// loads beside the download and parse of the catalogue the page named in this script's address
// (`#catalog=<url>`), instead of before them.
const host = import('../src/engines/ranker/ranker-host');
// Asked for beside the engine, even with no catalogue to download: it brings the catalogue code
// the engine imports too, which would otherwise be found (and fetched) only once the engine is in.
const downloading = import('../src/engines/ranker/early-download');

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  // The page's calls start at once; they wait here until the engine can answer them.
  const held: MessageEvent[] = [];
  const hold = (event: MessageEvent): void => void held.push(event);
  scope.addEventListener('message', hold);
  const url = new URLSearchParams(scope.location.hash.slice(1)).get('catalog');
  const early = url === null ? undefined : (await downloading).startEarlyDownload(url, scope);
  const { serveRanker } = await host;
  scope.removeEventListener('message', hold);
  serveRanker(scope, held, early);
} else {
  // In the page (its worker failed, see SupervisedRanker): only hand over a way to make the engine.
  const { makeRankerEngine } = await host;
  (globalThis as unknown as Record<symbol, RankerEngineFactory>)[RANKER_ENGINE_KEY] = makeRankerEngine;
}
