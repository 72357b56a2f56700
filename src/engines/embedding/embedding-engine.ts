import { attemptWithFallback, type TransformersEngineDeps } from '../backend-fallback';
import { chooseBackend, type BackendChoice, type BackendPreference } from './embedding-backend';
import type { FileProgress, ModelSource } from '../model-files';
import type { EmbeddingModel } from './embedding-models';
import { loadTextEmbedder, type TextEmbedder } from './text-embedder';


export interface EmbeddingLoadRequest {
  readonly model: EmbeddingModel;
  readonly source: ModelSource;
  readonly preference: BackendPreference;
}

export type EmbeddingLoadProblem =
  /** A file could not be fetched (offline, blocked, 404) or the model would not start. */
  | { readonly kind: 'failed'; readonly detail: string }
  /** The model's output is not what its registry entry says (a different model under that name). */
  | { readonly kind: 'wrong-dimension'; readonly expected: number; readonly found: number };

export type EmbeddingLoadResult =
  | { readonly kind: 'loaded'; readonly modelId: string; readonly backend: BackendChoice; readonly dim: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly problem: EmbeddingLoadProblem };

/** The host's pieces (see TransformersEngineDeps). */
export type EmbeddingEngineDeps = TransformersEngineDeps;

/** Rows of unit vectors, `dim` floats each (a flat array: one transfer across the worker boundary). */
export interface EmbeddedRows {
  readonly modelId: string;
  readonly dim: number;
  readonly data: Float32Array;
}

/**
 * The embedding worker's engine: one model at a time, loaded with progress and cancellable,
 * then texts in, unit vectors out. WebGPU where a hardware adapter exists, WebAssembly
 * otherwise, and WebAssembly again if the model will not start on WebGPU.
 */
export class EmbeddingEngine {
  private embedder: TextEmbedder | null = null;
  private loading: AbortController | null = null;

  constructor(private readonly deps: EmbeddingEngineDeps) {}

  async load(request: EmbeddingLoadRequest, onProgress: (progress: FileProgress) => void): Promise<EmbeddingLoadResult> {
    this.cancel();
    await this.unload();
    const abort = new AbortController();
    this.loading = abort;
    const transformers = await this.deps.transformers();
    const first = chooseBackend(await this.deps.capability(), request.preference);
    const attempt = async (backend: BackendChoice): Promise<EmbeddingLoadResult> => {
      const embedder = await loadTextEmbedder(transformers, {
        model: request.model,
        source: request.source,
        device: backend.device === 'wasm' ? (this.deps.wasmDevice ?? 'wasm') : backend.device,
        onProgress,
        signal: abort.signal,
        cacheName: this.deps.cacheName,
      });
      // One probe text: proves the backend runs the graph and checks the width.
      const probe = await embedder.embed(['sift']);
      if (probe.dim !== request.model.dim) {
        await embedder.dispose();
        return { kind: 'failed', problem: { kind: 'wrong-dimension', expected: request.model.dim, found: probe.dim } };
      }
      this.embedder = embedder;
      return { kind: 'loaded', modelId: request.model.id, backend, dim: probe.dim };
    };
    try {
      const outcome = await attemptWithFallback(first, abort.signal, attempt);
      if (outcome.kind === 'done') return outcome.value;
      return outcome.kind === 'cancelled' ? outcome : { kind: 'failed', problem: { kind: 'failed', detail: outcome.detail } };
    } finally {
      if (this.loading === abort) this.loading = null;
    }
  }

  /** Stops a load in progress: its downloads are aborted and nothing partial is cached. */
  cancel(): void {
    this.loading?.abort();
    this.loading = null;
  }

  async embed(texts: readonly string[]): Promise<EmbeddedRows> {
    const embedder = this.embedder;
    if (embedder === null) throw new Error('no embedding model is loaded');
    const rows = await embedder.embed(texts);
    return { modelId: embedder.modelId, dim: rows.dim, data: rows.data };
  }

  async unload(): Promise<void> {
    const embedder = this.embedder;
    this.embedder = null;
    await embedder?.dispose();
  }
}
