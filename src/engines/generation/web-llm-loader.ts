import type { BackendChoice } from '../embedding/embedding-backend';
import type { ChatEngine } from './chat-engine';
import { hostedRecord, type HostedWebLlmModel } from './hosted-web-llm';

export interface LoadProgress {
  /** 0 to 1. */
  readonly progress: number;
  /** web-llm's own description ("Fetching param cache[3/12]: 120MB fetched. 40% completed …"). */
  readonly text: string;
}

/** Where a loaded model runs, when the runtime chose (transformers.js: WebGPU or WebAssembly, and why). */
export interface RunsOn {
  readonly backend: BackendChoice;
  readonly dtype: string;
}

export interface LoadingEngine {
  readonly ready: Promise<{ readonly engine: ChatEngine; dispose(): void; readonly runsOn?: RunsOn }>;
  /** Stops the download (or the model) at once: the worker goes, files already cached stay. */
  cancel(): void;
}

/**
 * Starts the generation worker and loads a model from web-llm's prebuilt list into it, with
 * progress, from the hub and GitHub, or from the site's own models/ folder when it hosts the model.
 * web-llm keeps the downloaded files in Cache Storage, so a second start is offline.
 * The library itself is fetched only here (a chunk of its own), never at page load.
 */
export function loadWebLlmEngine(modelId: string, onProgress: (progress: LoadProgress) => void, hosted?: { readonly model: HostedWebLlmModel; readonly modelsBaseUrl: string }): LoadingEngine {
  const worker = new Worker(new URL('../../../workers/generation.worker.ts', import.meta.url), { type: 'module', name: 'sift-generation' });
  let cancelled = false;
  const ready = (async () => {
    const { CreateWebWorkerMLCEngine, prebuiltAppConfig } = await import('./web-llm-module');
    const prebuilt = prebuiltAppConfig.model_list.find((record) => record.model_id === modelId);
    const engine = await CreateWebWorkerMLCEngine(worker, modelId, {
      initProgressCallback: (report) => onProgress({ progress: report.progress, text: report.text }),
      ...(hosted === undefined || prebuilt === undefined ? {} : { appConfig: { ...prebuiltAppConfig, model_list: [hostedRecord(prebuilt, hosted.model, hosted.modelsBaseUrl)] } }),
    });
    if (cancelled) throw new DOMException('cancelled', 'AbortError');
    return {
      engine: engine as unknown as ChatEngine,
      dispose: () => {
        void engine.unload().finally(() => worker.terminate());
      },
    };
  })();
  ready.catch(() => worker.terminate());
  return {
    ready,
    cancel: () => {
      cancelled = true;
      worker.terminate();
    },
  };
}
