/// <reference lib="webworker" />
import { expose } from 'comlink';
import { PolicyViolations } from '../src/engines/catalogue/policy-violations';
import { RankerEngine, RANKER_ENGINE_KEY } from '../src/engines/ranker/ranker-engine';

// In its worker, the engine serves the page over Comlink. Imported by the page itself (when the
// worker has failed, see SupervisedRanker), it only hands the page its engine class: the same
// file, already cached, and nothing listens for messages on the page.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  const violations = new PolicyViolations(self);
  expose(new RankerEngine(undefined, (url) => violations.wasBlocked(url)));
}
else (globalThis as unknown as Record<symbol, typeof RankerEngine>)[RANKER_ENGINE_KEY] = RankerEngine;
