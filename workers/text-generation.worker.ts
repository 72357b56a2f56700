/// <reference lib="webworker" />
import { expose } from 'comlink';
import { OnnxGenerationEngine } from '../src/engines/generation/onnx-generation-engine';
import { checkGpuCapability, type GpuLike } from '../src/engines/generation/capability';
import { MODEL_CACHE } from '../src/app/pwa-config';
import { importTransformers } from './transformers-runtime';

// A transformers.js language model lives here (weights, KV cache, sampling); the page talks to
// it through onnxChatEngine. Started only when the user turns on such a model.
const engine = new OnnxGenerationEngine({
  transformers: importTransformers,
  capability: () => checkGpuCapability((navigator as WorkerNavigator & { gpu?: GpuLike }).gpu, null),
  cacheName: MODEL_CACHE,
});
expose(engine);
