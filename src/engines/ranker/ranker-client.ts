import { wrap, type Remote } from 'comlink';
import type { RankerApi } from './ranker-api';

export type RankerClient = Remote<RankerApi>;

/** Starts the ranking worker; the bundler emits it as a separate module chunk. */
export function startRankerWorker(): { readonly ranker: RankerClient; readonly worker: Worker } {
  const worker = new Worker(new URL('../../../workers/ranker.worker.ts', import.meta.url), { type: 'module', name: 'sift-ranker' });
  return { ranker: wrap<RankerApi>(worker), worker };
}
