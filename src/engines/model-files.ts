import { verifyingFetch } from './model-integrity';

/**
 * Where transformers.js fetches a model's files from, for every model Sift runs with it
 * (sentence embeddings, text generation): the hub, the app's own origin, or a folder on disk.
 */
type Transformers = typeof import('@huggingface/transformers');

export const HUGGING_FACE_HUB = 'https://huggingface.co/';

/** Where a model's files are fetched from: the app's own origin when self-hosted, else the hub. */
export type ModelSource =
  | { readonly kind: 'self-hosted'; readonly baseUrl: string }
  /** The Hugging Face hub, or a mirror with its layout (`<host><id>/resolve/main/<file>`). */
  | { readonly kind: 'hub'; readonly host: string }
  /** A folder on disk laid out like models/ (Node only: the catalogue builder offline). */
  | { readonly kind: 'directory'; readonly path: string };

/** One file's download, as transformers.js reports it (bytes; total 0 while unknown). */
export interface FileProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number;
}

export interface ModelFilesOptions {
  readonly source: ModelSource;
  /** Aborts the model's downloads (and so the load). */
  readonly signal?: AbortSignal;
  /** Cache Storage name for downloaded files (browser); null: none. Node keeps transformers.js' file cache (env.cacheDir). */
  readonly cacheName?: string | null;
}

/**
 * Points transformers.js at the model's files: the hub, or a self-hosted folder laid out as
 * `<baseUrl>/<model id>/<file>` (what `npm run models:fetch` writes). Every download goes
 * through one fetch that honours `signal`, so cancelling stops the bytes, not just the wait; a
 * cancelled file is never written to the cache (transformers.js caches a file only once it is
 * complete). Self-hosted files are checked against the deployment's manifest before
 * transformers.js sees their end, so a file that does not match is neither used nor cached.
 */
export function useModelFiles(transformers: Transformers, options: ModelFilesOptions): void {
  const { env } = transformers;
  const plainFetch = globalThis.fetch.bind(globalThis);
  const withSignal: typeof fetch = (input, init) => plainFetch(input, { ...init, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  // The site's own copies are checked against the SHA-256 its manifest records (model-integrity.ts).
  env.fetch = options.source.kind === 'self-hosted' ? verifyingFetch(withSlash(options.source.baseUrl), withSignal) : withSignal;
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
}

/** transformers.js' progress_callback, reduced to file downloads. */
export function fileProgressCallback(onProgress: ((progress: FileProgress) => void) | undefined): { progress_callback?: (info: { status: string; file?: string; loaded?: number; total?: number }) => void } {
  if (onProgress === undefined) return {};
  return {
    progress_callback: (info) => {
      if (info.status === 'progress' && info.file !== undefined) onProgress({ file: info.file, loaded: info.loaded ?? 0, total: info.total ?? 0 });
    },
  };
}

const withSlash = (path: string): string => (path.endsWith('/') ? path : `${path}/`);
