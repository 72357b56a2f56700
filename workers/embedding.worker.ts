/// <reference lib="webworker" />
import { expose } from 'comlink';
import { EmbeddingEngine } from '../src/engines/embedding/embedding-engine';
import { checkGpuCapability, type GpuLike } from '../src/engines/generation/capability';
import { MODEL_CACHE } from '../src/app/pwa-config';
import { importTransformers } from './transformers-runtime';

const engine = new EmbeddingEngine({
  transformers: importTransformers,
  capability: () => checkGpuCapability((navigator as WorkerNavigator & { gpu?: GpuLike }).gpu, null),
  // One cache for model files: the service worker's runtime cache for self-hosted files is the
  // same one, and transformers.js skips storing a file that is already there.
  cacheName: MODEL_CACHE,
});
expose(engine);
