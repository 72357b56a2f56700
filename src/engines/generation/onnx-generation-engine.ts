import type { ChatMessage } from '../../core/generate/prompts';
import { chooseBackend, type BackendChoice, type BackendPreference } from '../embedding/embedding-backend';
import type { FileProgress, ModelSource } from '../model-files';
import { attemptWithFallback, type TransformersEngineDeps } from '../backend-fallback';
import { chooseOnnxDtype, type OnnxDtype, type OnnxTextModel } from './onnx-models';
import { loadTextGenerator, type GeneratedText, type Sampling, type TextGenerator } from './onnx-text-generator';


export interface TextModelLoadRequest {
  readonly model: OnnxTextModel;
  readonly source: ModelSource;
  readonly preference: BackendPreference;
}

export type TextModelLoadResult =
  | { readonly kind: 'loaded'; readonly modelId: string; readonly backend: BackendChoice; readonly dtype: OnnxDtype }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly detail: string };

/** The host's pieces (see TransformersEngineDeps). */
export type OnnxGenerationEngineDeps = TransformersEngineDeps;

/**
 * The text-generation worker's engine: one model at a time, loaded with progress and
 * cancellable, then chats in, streamed answers out. WebGPU where a hardware adapter exists (or
 * where the user forces it), WebAssembly otherwise, and WebAssembly again if the model will not
 * start on WebGPU. A short probe answer proves the backend runs the graph before Sift relies on it.
 */
export class OnnxGenerationEngine {
  private generator: TextGenerator | null = null;
  private loading: AbortController | null = null;

  constructor(private readonly deps: OnnxGenerationEngineDeps) {}

  async load(request: TextModelLoadRequest, onProgress: (progress: FileProgress) => void): Promise<TextModelLoadResult> {
    this.cancel();
    await this.unload();
    const abort = new AbortController();
    this.loading = abort;
    const transformers = await this.deps.transformers();
    const capability = await this.deps.capability();
    const shaderF16 = capability.kind === 'available' && capability.shaderF16;
    const attempt = async (backend: BackendChoice): Promise<TextModelLoadResult> => {
      const dtype = chooseOnnxDtype(request.model, backend.device, shaderF16);
      if (dtype === null) return { kind: 'failed', detail: `${request.model.id} offers no ONNX file this device can run` };
      const generator = await loadTextGenerator(transformers, {
        modelId: request.model.id,
        dtype,
        device: backend.device === 'wasm' ? (this.deps.wasmDevice ?? 'wasm') : backend.device,
        source: request.source,
        signal: abort.signal,
        cacheName: this.deps.cacheName,
        onProgress,
      });
      try {
        await generator.generate([{ role: 'user', content: 'Hi' }], { temperature: 0, topP: 1, maxTokens: 2 }, () => undefined);
      } catch (error) {
        await generator.dispose();
        throw error;
      }
      this.generator = generator;
      return { kind: 'loaded', modelId: request.model.id, backend, dtype };
    };
    const first = chooseBackend(capability, request.preference);
    try {
      const outcome = await attemptWithFallback(first, abort.signal, attempt);
      return outcome.kind === 'done' ? outcome.value : outcome;
    } finally {
      if (this.loading === abort) this.loading = null;
    }
  }

  /** Stops a load in progress: its downloads are aborted and nothing partial is cached. */
  cancel(): void {
    this.loading?.abort();
    this.loading = null;
  }

  /** One answer, streamed to `onText` (text so far); resolves when the model ends its turn, hits the limit or is interrupted. */
  async generate(messages: readonly ChatMessage[], sampling: Sampling, onText: (text: string) => void): Promise<GeneratedText> {
    const generator = this.generator;
    if (generator === null) throw new Error('no text model is loaded');
    return generator.generate(messages, sampling, onText);
  }

  interrupt(): void {
    this.generator?.interrupt();
  }

  async unload(): Promise<void> {
    const generator = this.generator;
    this.generator = null;
    await generator?.dispose();
  }
}
