/// <reference lib="webworker" />
import { expose } from 'comlink';
import { PolicyViolations } from '../src/engines/catalogue/policy-violations';
import { RankerEngine, RANKER_ENGINE_KEY, type RankerEngineFactory } from '../src/engines/ranker/ranker-engine';
import { openCatalogueStore } from '../src/storage/catalogue-repository';

const makeEngine: RankerEngineFactory = (blockedByPolicy) => new RankerEngine(undefined, blockedByPolicy, openCatalogueStore);

// In its worker, the engine serves the page over Comlink. Imported by the page itself (when the
// worker has failed, see SupervisedRanker), it only hands the page a way to make its engine: the
// same file, already cached, and nothing listens for messages on the page.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  const violations = new PolicyViolations(self);
  expose(makeEngine((url) => violations.wasBlocked(url)));
}
else (globalThis as unknown as Record<symbol, RankerEngineFactory>)[RANKER_ENGINE_KEY] = makeEngine;
