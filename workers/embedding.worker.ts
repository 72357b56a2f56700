/// <reference lib="webworker" />
import { expose } from 'comlink';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { EmbeddingEngine } from '../src/engines/embedding/embedding-engine';
import { checkGpuCapability, type GpuLike } from '../src/engines/generation/capability';
import { MODEL_CACHE } from '../src/app/pwa-config';

// transformers.js and onnxruntime-web live only here, imported on the first load. The runtime's
// WebAssembly is one of the app's own build assets, never the CDN transformers.js defaults to;
// its JavaScript glue is bundled (onnxruntime-web's bundle build), so no script is fetched or
// turned into a blob: URL (the CSP allows neither).
const engine = new EmbeddingEngine({
  transformers: async () => {
    const transformers = await import('@huggingface/transformers');
    const onnx = transformers.env.backends.onnx;
    transformers.env.useWasmCache = false;
    if (onnx.wasm !== undefined) {
      onnx.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, import.meta.url).href };
      // Threads need cross-origin isolation (SharedArrayBuffer); without it one thread.
      onnx.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    }
    return transformers;
  },
  capability: () => checkGpuCapability((navigator as WorkerNavigator & { gpu?: GpuLike }).gpu, null),
  // One cache for model files: the service worker's runtime cache for self-hosted files is the
  // same one, and transformers.js skips storing a file that is already there.
  cacheName: MODEL_CACHE,
});
expose(engine);
