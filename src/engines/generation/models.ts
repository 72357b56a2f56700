import type { WritingLanguage } from '../../core/generate/templates';
import type { GpuCapability } from './capability';
import type { BuiltInModelState } from './prompt-api';

/**
 * Small instruct models from web-llm's prebuilt list that Sift offers, with the GPU memory
 * web-llm states for each (`vram_required_MB`; the download is a little smaller). Variants
 * with 16-bit shaders need the adapter's `shader-f16`; the 32-bit ones run everywhere else.
 */
export interface GenerationModel {
  readonly id: string;
  readonly label: string;
  readonly vramMB: number;
  readonly needsShaderF16: boolean;
  readonly languages: readonly WritingLanguage[];
}

export const GENERATION_MODELS: readonly GenerationModel[] = [
  { id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', label: 'Qwen2.5 0.5B Instruct', vramMB: 945, needsShaderF16: true, languages: ['en', 'zh'] },
  { id: 'SmolLM2-360M-Instruct-q4f16_1-MLC', label: 'SmolLM2 360M Instruct', vramMB: 376, needsShaderF16: true, languages: ['en'] },
  { id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', label: 'Llama 3.2 1B Instruct', vramMB: 879, needsShaderF16: true, languages: ['en'] },
  { id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', label: 'Qwen2.5 0.5B Instruct (32-bit)', vramMB: 1060, needsShaderF16: false, languages: ['en', 'zh'] },
  { id: 'SmolLM2-360M-Instruct-q4f32_1-MLC', label: 'SmolLM2 360M Instruct (32-bit)', vramMB: 580, needsShaderF16: false, languages: ['en'] },
  { id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', label: 'Llama 3.2 1B Instruct (32-bit)', vramMB: 1129, needsShaderF16: false, languages: ['en'] },
];

/** Without navigator.deviceMemory (Firefox, Safari), assume a modest 4 GiB device. */
const ASSUMED_MEMORY_GIB = 4;
/** A model may take at most this share of the device's memory (the page and the OS need the rest). */
const MEMORY_SHARE = 0.4;
/** web-llm's small models need storage buffers of at least this size. */
const MIN_STORAGE_BUFFER = 128 * 1024 * 1024;

export type ModelChoice =
  | { readonly kind: 'none'; readonly why: 'no-gpu' | 'limits' | 'memory' }
  | { readonly kind: 'fits'; readonly models: readonly GenerationModel[]; readonly recommended: GenerationModel };

/** Which models this device can run, best first for the user's language; chosen before any download. */
export function modelsFor(capability: GpuCapability, language: WritingLanguage): ModelChoice {
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
 * Sift's, since the browser decides where it runs. Offered whenever the browser says it has one
 * or can get one, ahead of the models Sift would download.
 */
export const BUILT_IN_MODEL: GenerationModel = { id: 'browser-built-in', label: 'This browser’s built-in model', vramMB: 0, needsShaderF16: false, languages: ['en'] };

/** The rungs this browser offers: its built-in model first (no download by Sift), then web-llm's that fit the GPU. */
export function generationChoices(capability: GpuCapability, builtIn: BuiltInModelState, language: WritingLanguage): ModelChoice {
  const downloadable = modelsFor(capability, language);
  const offersBuiltIn = builtIn.kind === 'available' || builtIn.kind === 'downloadable' || builtIn.kind === 'downloading';
  if (!offersBuiltIn) return downloadable;
  const others = downloadable.kind === 'fits' ? downloadable.models : [];
  return { kind: 'fits', models: [BUILT_IN_MODEL, ...others], recommended: builtIn.kind === 'available' || downloadable.kind !== 'fits' ? BUILT_IN_MODEL : downloadable.recommended };
}
