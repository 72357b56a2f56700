/// <reference lib="webworker" />
import { expose } from 'comlink';
import { EmbeddingEngine } from '../src/engines/embedding/embedding-engine';
import { checkGpuCapability, type GpuLike } from '../src/engines/generation/capability';
import { MODEL_CACHE } from '../src/app/pwa-config';
import { importTransformers } from './transformers-runtime';

const engine = new EmbeddingEngine({
  transformers: importTransformers,
  capability: () => checkGpuCapability((navigator as WorkerNavigator & { gpu?: GpuLike }).gpu, null),
  // Model files are kept here once checked (self-hosted ones against the site's manifest).
  cacheName: MODEL_CACHE,
});
expose(engine);
