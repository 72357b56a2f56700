import type { WritingLanguage } from '../../core/generate/templates';

/**
 * Small instruct models that transformers.js runs from ONNX files, on WebGPU or on the CPU with
 * WebAssembly (so on every browser). Each lists the ONNX files its repository has, by dtype,
 * with their sizes (checked against the repositories' file lists, November 2026): transformers.js
 * fetches `onnx/model_<dtype>.onnx` (`onnx/model.onnx` for fp32) plus the tokenizer and configs.
 */
export type OnnxDtype = 'q4f16' | 'q4' | 'fp32';

export interface OnnxTextModel {
  /** The repository id, which is also the folder under models/ when self-hosted. */
  readonly id: string;
  readonly label: string;
  readonly languages: readonly WritingLanguage[];
  /** Bytes of each ONNX file the repository offers. */
  readonly onnxBytes: Readonly<Partial<Record<OnnxDtype, number>>>;
  /** tokenizer.json, tokenizer_config.json, config.json and generation_config.json together. */
  readonly otherBytes: number;
  readonly origin: 'built-in' | 'self-hosted';
}

export const ONNX_TEXT_MODELS: readonly OnnxTextModel[] = [
  { id: 'HuggingFaceTB/SmolLM2-135M-Instruct', label: 'SmolLM2 135M Instruct (ONNX)', languages: ['en'], onnxBytes: { q4f16: 134e6, q4: 200e6 }, otherBytes: 2.2e6, origin: 'built-in' },
  { id: 'HuggingFaceTB/SmolLM2-360M-Instruct', label: 'SmolLM2 360M Instruct (ONNX)', languages: ['en'], onnxBytes: { q4f16: 299e6, q4: 417e6 }, otherBytes: 2.2e6, origin: 'built-in' },
  { id: 'onnx-community/Qwen2.5-0.5B-Instruct', label: 'Qwen2.5 0.5B Instruct (ONNX)', languages: ['en', 'zh'], onnxBytes: { q4f16: 483e6, q4: 786e6 }, otherBytes: 7.1e6, origin: 'built-in' },
];

/** The files transformers.js fetches for a causal language model of a given dtype. */
export function onnxTextModelFiles(dtype: OnnxDtype): readonly string[] {
  return ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', dtype === 'fp32' ? 'onnx/model.onnx' : `onnx/model_${dtype}.onnx`];
}

/**
 * Which of a model's files to run: 4-bit weights with 16-bit activations on a GPU with
 * `shader-f16` (half the memory traffic), 4-bit weights with 32-bit activations on other GPUs and
 * on WebAssembly; full precision only where a model offers nothing else (the test fixture).
 */
export function chooseOnnxDtype(model: OnnxTextModel, device: 'webgpu' | 'wasm', shaderF16: boolean): OnnxDtype | null {
  const order: readonly OnnxDtype[] = device === 'webgpu' && shaderF16 ? ['q4f16', 'q4', 'fp32'] : ['q4', 'fp32'];
  return order.find((dtype) => model.onnxBytes[dtype] !== undefined) ?? null;
}

/** The download for the files this device would fetch. */
export function onnxDownloadBytes(model: OnnxTextModel, dtype: OnnxDtype): number {
  return (model.onnxBytes[dtype] ?? 0) + model.otherBytes;
}

/**
 * The `generation` list of a site's models/manifest.json (written by `npm run models:fetch`):
 * untrusted input like any catalogue, so each entry is checked; a bad one is dropped with the
 * others kept, since the rest of the page does not depend on it.
 */
export function parseSelfHostedTextModels(raw: unknown): OnnxTextModel[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const list = (raw as { format?: unknown; generation?: unknown }).format === 'sift-models' ? (raw as { generation?: unknown }).generation : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const model = parseEntry(entry);
    return model === null ? [] : [model];
  });
}

function parseEntry(entry: unknown): OnnxTextModel | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { id, label, languages, onnxBytes, otherBytes } = entry as Record<string, unknown>;
  if (typeof id !== 'string' || !/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/.test(id) || id.includes('..')) return null;
  if (typeof label !== 'string' || label.length === 0 || label.length > 120) return null;
  if (!Array.isArray(languages) || languages.length === 0 || !languages.every((l) => l === 'en' || l === 'zh')) return null;
  if (typeof onnxBytes !== 'object' || onnxBytes === null) return null;
  const sizes: Partial<Record<OnnxDtype, number>> = {};
  for (const [dtype, bytes] of Object.entries(onnxBytes)) {
    if ((dtype !== 'q4f16' && dtype !== 'q4' && dtype !== 'fp32') || typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes <= 0) return null;
    sizes[dtype] = bytes;
  }
  if (Object.keys(sizes).length === 0) return null;
  if (typeof otherBytes !== 'number' || !Number.isFinite(otherBytes) || otherBytes < 0) return null;
  return { id, label, languages: languages as WritingLanguage[], onnxBytes: sizes, otherBytes, origin: 'self-hosted' };
}

/** The models offered: those the site hosts first (a hosted copy replaces the hub entry), then the built-in list. */
export function availableTextModels(selfHosted: readonly OnnxTextModel[]): OnnxTextModel[] {
  const hosted = new Set(selfHosted.map((m) => m.id));
  return [...selfHosted, ...ONNX_TEXT_MODELS.filter((m) => !hosted.has(m.id))];
}
