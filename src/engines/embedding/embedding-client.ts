import { proxy, wrap, type Remote } from 'comlink';
import embeddingWorkerUrl from '../../../workers/embedding.worker.ts?worker&url';
import type { EmbeddedRows, EmbeddingEngine, EmbeddingLoadRequest, EmbeddingLoadResult } from './embedding-engine';
import type { FileProgress } from '../model-files';

/** The page's handle on the embedding worker (started on the first use, stopped with `stop`). */
export interface EmbeddingClient {
  load(request: EmbeddingLoadRequest, onProgress: (progress: FileProgress) => void): Promise<EmbeddingLoadResult>;
  cancel(): Promise<void>;
  embed(texts: readonly string[]): Promise<EmbeddedRows>;
  stop(): void;
}

export function startEmbeddingWorker(): EmbeddingClient {
  let worker: Worker | null = null;
  let remote: Remote<EmbeddingEngine> | null = null;
  const engine = (): Remote<EmbeddingEngine> => {
    if (remote === null) {
      worker = new Worker(new URL(embeddingWorkerUrl, import.meta.url), { type: 'module', name: 'sift-embedding' });
      remote = wrap<EmbeddingEngine>(worker);
    }
    return remote;
  };
  return {
    load: (request, onProgress) => engine().load(request, proxy(onProgress)),
    cancel: () => engine().cancel(),
    embed: (texts) => engine().embed(texts),
    stop() {
      worker?.terminate();
      worker = null;
      remote = null;
    },
  };
}
