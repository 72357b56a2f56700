import { SiftDatabase } from '../storage/db';
import { DataControls } from './data-controls.svelte';
import { PwaState } from './pwa.svelte';
import type { SiftSession } from './session.svelte';
import { wireBrowserSession } from './wire-session';
import { checkGpuCapability, type GpuLike } from '../engines/generation/capability';
import { loadWebLlmEngine } from '../engines/generation/web-llm-loader';
import { checkBuiltInModel, loadBuiltInEngine, type LanguageModelApi } from '../engines/generation/prompt-api';
import { BUILT_IN_MODEL } from '../engines/generation/models';
import { Writer, writingLanguageOf } from './writer.svelte';
import type { SemanticMatching } from './semantic.svelte';
import { createSemanticMatching } from './create-semantic';

export interface AppWiring {
  readonly session: SiftSession;
  readonly writer: Writer;
  readonly db: SiftDatabase;
  readonly pwa: PwaState;
  readonly data: DataControls;
  readonly semantic: SemanticMatching;
}

/** Builds the session with the browser's real pieces: IndexedDB, the ranking worker, the clock. */
export function createBrowserSession(location: Location): AppWiring {
  const db = new SiftDatabase();
  const defaultUrl = new URL(`${import.meta.env.BASE_URL}catalog/movielens-demo.json`, location.href).href;
  const requested = new URLSearchParams(location.search).get('catalog');
  const requestedUrl = requested === null || requested.trim() === '' ? undefined : new URL(requested, location.href).href;
  const { session } = wireBrowserSession(db, { defaultUrl, requestedUrl }, 'Sift');
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
  });
  const writer = new Writer(writingLanguageOf(navigator.languages), {
    // The browser's own model through the Prompt API, or one of web-llm's on the GPU.
    load: (modelId, onProgress) => {
      const builtIn = builtInModelApi();
      return modelId === BUILT_IN_MODEL.id && builtIn !== undefined ? loadBuiltInEngine(builtIn, BUILT_IN_MODEL.languages, onProgress) : loadWebLlmEngine(modelId, onProgress);
    },
    storage: localStorage,
    catalogueTitles: () => session.catalogueTitles(),
  });
  const semantic = createSemanticMatching(session, db, new URL(import.meta.env.BASE_URL, location.href).href, localStorage);
  return { session, db, pwa, data, writer, semantic };
}

/**
 * Asks WebGPU what this device can do (after the first feed: starting the GPU process costs
 * tens of milliseconds that the first paint should not wait for).
 */
export async function checkWritingCapability(writer: Writer): Promise<void> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const [capability, builtIn] = await Promise.all([checkGpuCapability(gpu, memory ?? null), checkBuiltInModel(builtInModelApi(), BUILT_IN_MODEL.languages)]);
  writer.capabilityChecked(capability, builtIn);
}

/** The Prompt API's `LanguageModel`, where the browser has it. */
function builtInModelApi(): LanguageModelApi | undefined {
  return (globalThis as { LanguageModel?: LanguageModelApi }).LanguageModel;
}
