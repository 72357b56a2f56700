/// <reference lib="webworker" />
import { makeRankerEngine, serveRanker } from '../src/engines/ranker/ranker-host';
import type { RankerEngineFactory } from '../src/engines/ranker/ranker-engine';

/** Where this script, imported by the page rather than run as a worker, leaves its engine factory. */
const RANKER_ENGINE_KEY = Symbol.for('sift.rankerEngine');

// In its worker, the engine serves the page over Comlink (ranker-early.worker.ts is the variant
// that first starts downloading a new user's catalogue). Imported by the page itself (when the
// worker has failed, see SupervisedRanker), it only hands the page a way to make its engine: the
// same file, already cached, and nothing listens for messages on the page.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) serveRanker(self as unknown as DedicatedWorkerGlobalScope, []);
else (globalThis as unknown as Record<symbol, RankerEngineFactory>)[RANKER_ENGINE_KEY] = makeRankerEngine;
