import { proxy, wrap } from 'comlink';
import textGenerationWorkerUrl from '../../../workers/text-generation.worker.ts?worker&url';
import type { FileProgress, ModelSource } from '../model-files';
import type { BackendPreference } from '../embedding/embedding-backend';
import { onnxChatEngine } from './onnx-chat-engine';
import type { OnnxGenerationEngine } from './onnx-generation-engine';
import type { OnnxTextModel } from './onnx-models';
import type { GeneratedText } from './onnx-text-generator';
import type { LoadingEngine, LoadProgress } from './web-llm-loader';

export interface OnnxLoadRequest {
  readonly model: OnnxTextModel;
  readonly source: ModelSource;
  readonly preference: BackendPreference;
}

/**
 * Starts the text-generation worker and loads a transformers.js model into it, with progress
 * over all its files. Files are kept in Cache Storage (the app's model cache), so a second
 * start downloads nothing. Cancelling aborts the downloads and stops the worker.
 */
export function loadOnnxEngine(request: OnnxLoadRequest, onProgress: (progress: LoadProgress) => void, onAnswer: (answer: GeneratedText) => void): LoadingEngine {
  const worker = new Worker(new URL(textGenerationWorkerUrl, import.meta.url), { type: 'module', name: 'sift-text-generation' });
  const remote = wrap<OnnxGenerationEngine>(worker);
  const files = new Map<string, FileProgress>();
  let cancelled = false;
  const ready = (async () => {
    const result = await remote.load(
      request,
      proxy((file: FileProgress) => {
        files.set(file.file, file);
        onProgress(overall(files, file));
      }),
    );
    if (cancelled || result.kind === 'cancelled') throw new DOMException('cancelled', 'AbortError');
    if (result.kind === 'failed') throw new Error(result.detail);
    return {
      engine: onnxChatEngine({ generate: (messages, sampling, onText) => remote.generate(messages, sampling, proxy(onText)), interrupt: () => remote.interrupt() }, onAnswer),
      runsOn: { backend: result.backend, dtype: result.dtype },
      dispose: () => {
        void remote.unload().finally(() => worker.terminate());
      },
    };
  })();
  ready.catch(() => worker.terminate());
  return {
    ready,
    cancel: () => {
      cancelled = true;
      void remote.cancel();
      worker.terminate();
    },
  };
}

/** All files' bytes together (a file's total is known once its download starts). */
function overall(files: ReadonlyMap<string, FileProgress>, latest: FileProgress): LoadProgress {
  let loaded = 0;
  let total = 0;
  for (const file of files.values()) {
    loaded += file.loaded;
    total += file.total;
  }
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  return { progress: total > 0 ? loaded / total : 0, text: `Fetching ${latest.file}: ${mb(latest.loaded)} of ${mb(latest.total)} MB` };
}
