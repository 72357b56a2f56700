import type { WritingLanguage } from '../../core/generate/templates';
import type { GpuCapability } from './capability';
import type { HostedWebLlmModel } from './hosted-web-llm';
import type { OnnxDtype, OnnxTextModel } from './onnx-models';

/** The browser's built-in model, run through the Prompt API. */
export interface PromptApiModel {
  readonly runtime: 'prompt-api';
  readonly id: string;
  readonly label: string;
  readonly languages: readonly WritingLanguage[];
}

/** A transformers.js model, with the files and device this browser would run it with. */
export interface OnnxGenerationModel {
  readonly runtime: 'onnx';
  readonly id: string;
  readonly label: string;
  readonly languages: readonly WritingLanguage[];
  readonly onnx: OnnxTextModel;
  readonly device: 'webgpu' | 'wasm';
  readonly dtype: OnnxDtype;
  readonly downloadBytes: number;
}

/** A model Sift can write with, by the runtime that runs it (the rungs of the ladder). */
export type GenerationModel = WebLlmModel | PromptApiModel | OnnxGenerationModel;

/**
 * Small instruct models from web-llm's prebuilt list that Sift offers, with the GPU memory
 * web-llm states for each (`vram_required_MB`; the download is a little smaller). Variants
 * with 16-bit shaders need the adapter's `shader-f16`; the 32-bit ones run everywhere else.
 */
export interface WebLlmModel {
  readonly runtime: 'web-llm';
  readonly id: string;
  readonly label: string;
  readonly vramMB: number;
  readonly needsShaderF16: boolean;
  readonly languages: readonly WritingLanguage[];
  /** The site's own copy of the weights and library, when it hosts them. */
  readonly hosted?: HostedWebLlmModel;
}

export const GENERATION_MODELS: readonly WebLlmModel[] = [
  { runtime: 'web-llm', id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', label: 'Qwen2.5 0.5B Instruct', vramMB: 945, needsShaderF16: true, languages: ['en', 'zh'] },
  { runtime: 'web-llm', id: 'SmolLM2-360M-Instruct-q4f16_1-MLC', label: 'SmolLM2 360M Instruct', vramMB: 376, needsShaderF16: true, languages: ['en'] },
  { runtime: 'web-llm', id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', label: 'Llama 3.2 1B Instruct', vramMB: 879, needsShaderF16: true, languages: ['en'] },
  { runtime: 'web-llm', id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', label: 'Qwen2.5 0.5B Instruct (32-bit)', vramMB: 1060, needsShaderF16: false, languages: ['en', 'zh'] },
  { runtime: 'web-llm', id: 'SmolLM2-360M-Instruct-q4f32_1-MLC', label: 'SmolLM2 360M Instruct (32-bit)', vramMB: 580, needsShaderF16: false, languages: ['en'] },
  { runtime: 'web-llm', id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', label: 'Llama 3.2 1B Instruct (32-bit)', vramMB: 1129, needsShaderF16: false, languages: ['en'] },
];

/** Without navigator.deviceMemory (Firefox, Safari), assume a modest 4 GiB device. */
export const ASSUMED_MEMORY_GIB = 4;
/** A model may take at most this share of the device's memory (the page and the OS need the rest). */
export const MEMORY_SHARE = 0.4;
/** web-llm's small models need storage buffers of at least this size. */
const MIN_STORAGE_BUFFER = 128 * 1024 * 1024;

export type WebLlmChoice =
  | { readonly kind: 'none'; readonly why: 'no-gpu' | 'limits' | 'memory' }
  | { readonly kind: 'fits'; readonly models: readonly WebLlmModel[]; readonly recommended: WebLlmModel };

/** Which of web-llm's models this device can run, best first for the user's language; chosen before any download. */
export function modelsFor(capability: GpuCapability, language: WritingLanguage): WebLlmChoice {
  if (capability.kind !== 'available') return { kind: 'none', why: 'no-gpu' };
  if (capability.maxStorageBufferBindingSize < MIN_STORAGE_BUFFER) return { kind: 'none', why: 'limits' };
  const budgetMB = (capability.deviceMemoryGiB ?? ASSUMED_MEMORY_GIB) * 1024 * MEMORY_SHARE;
  const usable = GENERATION_MODELS.filter((m) => (capability.shaderF16 || !m.needsShaderF16) && m.vramMB <= budgetMB);
  if (usable.length === 0) return { kind: 'none', why: 'memory' };
  // Prefer models that write the user's language, then 16-bit variants (half the memory traffic), then the list order.
  const ranked = [...usable].sort((a, b) => Number(b.languages.includes(language)) - Number(a.languages.includes(language)) || Number(b.needsShaderF16) - Number(a.needsShaderF16));
  return { kind: 'fits', models: ranked, recommended: ranked[0]! };
}

/**
 * The browser's own model (the Prompt API): nothing for Sift to download and no GPU check of
 * Sift's, since the browser decides where it runs.
 */
export const BUILT_IN_MODEL = { runtime: 'prompt-api', id: 'browser-built-in', label: 'This browser’s built-in model', languages: ['en'] } as const satisfies PromptApiModel;
