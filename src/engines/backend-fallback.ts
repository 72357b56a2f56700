import type { BackendChoice } from './embedding/embedding-backend';
import type { GpuCapability } from './generation/capability';

type Transformers = typeof import('@huggingface/transformers');

/** What a transformers.js engine in a worker (or in Node) is given by its host. */
export interface TransformersEngineDeps {
  /** transformers.js, imported lazily and configured for where the runtime's WebAssembly lives. */
  readonly transformers: () => Promise<Transformers>;
  readonly capability: () => Promise<GpuCapability>;
  /** Cache Storage for model files (null in Node). */
  readonly cacheName: string | null;
  /** What runs the 'wasm' choice: WebAssembly in a browser; onnxruntime-node's CPU in Node. */
  readonly wasmDevice?: 'wasm' | 'cpu';
}

export type AttemptOutcome<R> = { readonly kind: 'done'; readonly value: R } | { readonly kind: 'cancelled' } | { readonly kind: 'failed'; readonly detail: string };

/**
 * Loads a model on the chosen backend, and on WebAssembly again if it will not start on WebGPU
 * (a driver without an operator, a lost device). A load aborted through `signal` is 'cancelled',
 * whatever error the abort surfaced as.
 */
export async function attemptWithFallback<R>(first: BackendChoice, signal: AbortSignal, attempt: (backend: BackendChoice) => Promise<R>): Promise<AttemptOutcome<R>> {
  try {
    try {
      return { kind: 'done', value: await attempt(first) };
    } catch (error) {
      if (signal.aborted || first.device !== 'webgpu') throw error;
      return { kind: 'done', value: await attempt({ device: 'wasm', reason: { kind: 'webgpu-failed', detail: messageOf(error) } }) };
    }
  } catch (error) {
    if (signal.aborted) return { kind: 'cancelled' };
    return { kind: 'failed', detail: messageOf(error) };
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
