import { SiftDatabase } from '../storage/db';
import { DataControls } from './data-controls.svelte';
import { profileFileWorker } from '../engines/profile-file/profile-file-client';
import { PwaState } from './pwa.svelte';
import type { SiftSession } from './session.svelte';
import { wireBrowserSession } from './wire-session';
import { checkGpuCapability, type GpuLike } from '../engines/generation/capability';
import { loadWebLlmEngine } from '../engines/generation/web-llm-loader';
import { checkBuiltInModel, loadBuiltInEngine, type LanguageModelApi } from '../engines/generation/prompt-api';
import { BUILT_IN_MODEL, type GenerationModel } from '../engines/generation/models';
import { offeredModels } from '../engines/generation/writing-ladder';
import { loadOnnxEngine } from '../engines/generation/onnx-loader';
import type { GeneratedText } from '../engines/generation/onnx-text-generator';
import type { LoadingEngine, LoadProgress } from '../engines/generation/web-llm-loader';
import { HUGGING_FACE_HUB } from '../engines/model-files';
import { fetchModelManifest } from './model-manifest';
import { Writer, writingLanguageOf } from './writer.svelte';
import type { SemanticMatching } from './semantic.svelte';
import { createSemanticMatching } from './create-semantic';
import { PictureSetting } from './pictures.svelte';
import { ThumbnailShelf } from './thumbnail-shelf.svelte';
import { readCatalogueOrigins } from './catalogue-origins';

export interface AppWiring {
  readonly session: SiftSession;
  readonly writer: Writer;
  readonly db: SiftDatabase;
  readonly pwa: PwaState;
  readonly data: DataControls;
  readonly semantic: SemanticMatching;
  readonly pictures: PictureSetting;
  readonly thumbnails: ThumbnailShelf;
}

/** Builds the session with the browser's real pieces: IndexedDB, the ranking worker, the clock. */
export function createBrowserSession(location: Location): AppWiring {
  const db = new SiftDatabase();
  const defaultUrl = new URL(`${import.meta.env.BASE_URL}catalog/movielens-demo.json`, location.href).href;
  const requested = new URLSearchParams(location.search).get('catalog');
  const requestedUrl = requested === null || requested.trim() === '' ? undefined : new URL(requested, location.href).href;
  const { session } = wireBrowserSession(db, { defaultUrl, requestedUrl, origins: readCatalogueOrigins(document, new URL(location.href).origin) }, 'Sift');
  const pwa = new PwaState();
  pwa.watch();
  const data = new DataControls({
    db,
    session,
    clock: () => Date.now(),
    reload: () => location.reload(),
    storage: navigator.storage,
    indexedDB,
    caches: 'caches' in globalThis ? caches : undefined,
    localStorage,
    files: profileFileWorker(),
  });
  const modelsBaseUrl = new URL(`${import.meta.env.BASE_URL}models/`, location.href).href;
  const writer = new Writer(writingLanguageOf(navigator.languages), {
    load: (model, onProgress, onAnswer) => loadModel(model, modelsBaseUrl, onProgress, onAnswer),
    storage: localStorage,
    catalogueTitles: () => session.catalogueTitles(),
  });
  const semantic = createSemanticMatching(session, db, new URL(import.meta.env.BASE_URL, location.href).href, localStorage);
  return { session, db, pwa, data, writer, semantic, pictures: new PictureSetting(localStorage), thumbnails: new ThumbnailShelf(fetch.bind(globalThis)) };
}

/**
 * Asks WebGPU what this device can do (after the first feed: starting the GPU process costs
 * tens of milliseconds that the first paint should not wait for).
 */
export async function checkWritingCapability(writer: Writer): Promise<void> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const [capability, builtIn, manifest] = await Promise.all([
    checkGpuCapability(gpu, memory ?? null),
    checkBuiltInModel(builtInModelApi(), BUILT_IN_MODEL.languages),
    fetchModelManifest(new URL(import.meta.env.BASE_URL, location.href).href),
  ]);
  writer.capabilityChecked(capability, builtIn, offeredModels(manifest, __SIFT_MODELS_FROM_HUB__));
}

/** Starts the runtime of the model's rung: the browser's own, web-llm on the GPU, or transformers.js in its worker. */
function loadModel(model: GenerationModel, modelsBaseUrl: string, onProgress: (progress: LoadProgress) => void, onAnswer: (answer: GeneratedText) => void): LoadingEngine {
  switch (model.runtime) {
    case 'prompt-api': {
      const builtIn = builtInModelApi();
      if (builtIn === undefined) return { ready: Promise.reject(new Error('this browser no longer offers its built-in model')), cancel: () => undefined };
      return loadBuiltInEngine(builtIn, model.languages, onProgress);
    }
    case 'web-llm':
      // The site's own copy of the weights and library when it hosts them, else the hub and GitHub.
      return loadWebLlmEngine(model.id, onProgress, model.hosted === undefined ? undefined : { model: model.hosted, modelsBaseUrl });
    case 'onnx':
      return loadOnnxEngine(
        {
          model: model.onnx,
          // The site's own copy when it hosts the model (no third-party request), else the hub.
          source: model.onnx.origin === 'self-hosted' ? { kind: 'self-hosted', baseUrl: modelsBaseUrl } : { kind: 'hub', host: HUGGING_FACE_HUB },
          preference: model.device === 'webgpu' ? 'webgpu' : 'wasm',
        },
        onProgress,
        onAnswer,
      );
  }
}

/** The Prompt API's `LanguageModel`, where the browser has it. */
function builtInModelApi(): LanguageModelApi | undefined {
  return (globalThis as { LanguageModel?: LanguageModelApi }).LanguageModel;
}
