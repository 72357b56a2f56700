/// <reference lib="webworker" />
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

type Transformers = typeof import('@huggingface/transformers');

/**
 * transformers.js and onnxruntime-web, imported on a worker's first model load. The runtime's
 * WebAssembly is one of the app's own build assets, never the CDN transformers.js defaults to;
 * its JavaScript glue is bundled (onnxruntime-web's bundle build), so no script is fetched or
 * turned into a blob: URL (the CSP allows neither).
 */
export async function importTransformers(): Promise<Transformers> {
  const transformers = await import('@huggingface/transformers');
  const onnx = transformers.env.backends.onnx;
  transformers.env.useWasmCache = false;
  if (onnx.wasm !== undefined) {
    onnx.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, import.meta.url).href };
    // Threads need cross-origin isolation (SharedArrayBuffer); without it one thread.
    onnx.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  }
  return transformers;
}
