import type { EmbeddingModel, ModelSource } from './embedding-models';

/** Where inference runs: WebGPU or WebAssembly in a browser, onnxruntime-node's CPU in Node (the catalogue builder). */
export type EmbeddingDevice = 'webgpu' | 'wasm' | 'cpu';

/** One file's download, as transformers.js reports it (bytes; total 0 while unknown). */
export interface FileProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number;
}

/** Turns texts into unit vectors (mean pooled, normalised), batch by batch. */
export interface TextEmbedder {
  readonly modelId: string;
  readonly device: EmbeddingDevice;
  /** Rows of `dim` floats, one per text, in order. */
  embed(texts: readonly string[]): Promise<{ readonly data: Float32Array; readonly dim: number }>;
  dispose(): Promise<void>;
}

type Transformers = typeof import('@huggingface/transformers');

export interface LoadEmbedderOptions {
  readonly model: Pick<EmbeddingModel, 'id' | 'dtype'>;
  readonly source: ModelSource;
  readonly device: EmbeddingDevice;
  readonly onProgress?: (progress: FileProgress) => void;
  /** Aborts the model's downloads (and so the load). */
  readonly signal?: AbortSignal;
  /** Cache Storage name for downloaded files (browser); null: none. Node keeps transformers.js' file cache (env.cacheDir). */
  readonly cacheName?: string | null;
}

/**
 * Loads a feature-extraction pipeline with transformers.js from the model hub or from a
 * self-hosted folder laid out as `<baseUrl>/<model id>/<file>` (what `npm run models:fetch`
 * writes). Every download goes through one fetch that honours `signal`, so cancelling stops
 * the bytes, not just the wait; a cancelled file is never written to the cache (transformers.js
 * caches a file only once it is complete).
 */
export async function loadTextEmbedder(transformers: Transformers, options: LoadEmbedderOptions): Promise<TextEmbedder> {
  const { env, pipeline } = transformers;
  const baseFetch = globalThis.fetch.bind(globalThis);
  env.fetch = (input: RequestInfo | URL, init?: RequestInit) => baseFetch(input, { ...init, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  env.allowLocalModels = options.source.kind === 'directory';
  env.allowRemoteModels = options.source.kind !== 'directory';
  if (options.source.kind === 'directory') {
    env.localModelPath = withSlash(options.source.path);
  } else if (options.source.kind === 'self-hosted') {
    env.remoteHost = withSlash(options.source.baseUrl);
    env.remotePathTemplate = '{model}/';
  } else {
    env.remoteHost = withSlash(options.source.host);
    env.remotePathTemplate = '{model}/resolve/{revision}/';
  }
  const cacheName = options.cacheName ?? null;
  env.useBrowserCache = cacheName !== null && typeof caches !== 'undefined';
  if (cacheName !== null) env.cacheKey = cacheName;
  const onProgress = options.onProgress;
  const extractor = await pipeline('feature-extraction', options.model.id, {
    dtype: options.model.dtype,
    device: options.device,
    ...(onProgress === undefined
      ? {}
      : {
          progress_callback: (info: { status: string; file?: string; loaded?: number; total?: number }) => {
            if (info.status === 'progress' && info.file !== undefined) onProgress({ file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
          },
        }),
  });
  return {
    modelId: options.model.id,
    device: options.device,
    async embed(texts) {
      if (texts.length === 0) return { data: new Float32Array(0), dim: 0 };
      const output = await extractor([...texts], { pooling: 'mean', normalize: true });
      const dim = output.dims[output.dims.length - 1]!;
      // A copy: the tensor's buffer may belong to the backend (and is reused on WebGPU).
      return { data: Float32Array.from(output.data as Float32Array), dim };
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}

const withSlash = (path: string): string => (path.endsWith('/') ? path : `${path}/`);
