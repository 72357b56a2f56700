import { wrap, type Remote } from 'comlink';
import rankerWorkerUrl from '../../../workers/ranker.worker.ts?worker&url';
import type { RankerApi } from './ranker-api';

export type RankerClient = Remote<RankerApi>;

/**
 * Starts the ranking worker (a separate module chunk). Browsers only start workers from the
 * page's own origin; when this code was loaded from another one (the widget on a site), a
 * same-origin blob module that imports the real worker script stands in (the script's server
 * must allow CORS).
 */
export function startRankerWorker(): { readonly ranker: RankerClient; readonly worker: Worker } {
  const url = new URL(rankerWorkerUrl, import.meta.url);
  const options: WorkerOptions = { type: 'module', name: 'sift-ranker' };
  const worker =
    url.origin === location.origin
      ? new Worker(url, options)
      : new Worker(URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' })), options);
  return { ranker: wrap<RankerApi>(worker), worker };
}
