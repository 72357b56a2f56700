/**
 * The sentence-embedding models Sift knows. Every entry is a transformers.js feature-extraction
 * model (ONNX weights plus tokenizer) pooled by mean and normalised, so an item vector and a
 * user's text land in the same space. Vectors of two models never mix: the model id travels with
 * every vector table (catalogue vector files, vectors embedded in the browser, the profile).
 */
export interface EmbeddingModel {
  /** The Hugging Face repository id, which is also the folder under models/ when self-hosted. */
  readonly id: string;
  readonly label: string;
  readonly languages: 'multilingual' | 'english';
  readonly dim: number;
  /** transformers.js dtype: which ONNX file is fetched (q8: onnx/model_quantized.onnx). */
  readonly dtype: 'q8' | 'fp32';
  /** Approximate download, all files together, for the consent line. */
  readonly downloadBytes: number;
  /** Where it came from: the built-in list, or a site's self-hosted models/manifest.json. */
  readonly origin: 'built-in' | 'self-hosted';
}

/** The files transformers.js fetches for a feature-extraction model of a given dtype. */
export function modelFiles(dtype: EmbeddingModel['dtype']): readonly string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx'];
}

export const DEFAULT_EMBEDDING_MODEL_ID = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';

export const BUILT_IN_MODELS: readonly EmbeddingModel[] = [
  {
    // 50+ languages including Chinese; MiniLM-L12, 384 dims; int8 weights about 118 MB, tokenizer 17 MB.
    id: DEFAULT_EMBEDDING_MODEL_ID,
    label: 'Multilingual MiniLM-L12 (English, Chinese and 50 more)',
    languages: 'multilingual',
    dim: 384,
    dtype: 'q8',
    downloadBytes: 135_000_000,
    origin: 'built-in',
  },
  {
    // English only; MiniLM-L6, 384 dims; int8 weights about 23 MB.
    id: 'Xenova/all-MiniLM-L6-v2',
    label: 'English MiniLM-L6 (lighter, English only)',
    languages: 'english',
    dim: 384,
    dtype: 'q8',
    downloadBytes: 24_000_000,
    origin: 'built-in',
  },
];

/** `models/manifest.json` as written by `npm run models:fetch`. */
export interface SelfHostedManifest {
  readonly format: 'sift-models';
  readonly models: readonly EmbeddingModel[];
}

export type ManifestProblem = { readonly kind: 'not-a-manifest' } | { readonly kind: 'bad-entry'; readonly index: number };

/** Validates a fetched manifest; entries are untrusted input like any catalogue. */
export function parseSelfHostedManifest(raw: unknown): { readonly kind: 'ok'; readonly models: EmbeddingModel[] } | { readonly kind: 'invalid'; readonly problem: ManifestProblem } {
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'sift-models' || !Array.isArray((raw as { models?: unknown }).models)) {
    return { kind: 'invalid', problem: { kind: 'not-a-manifest' } };
  }
  const models: EmbeddingModel[] = [];
  const entries = (raw as { models: unknown[] }).models;
  for (const [index, entry] of entries.entries()) {
    const model = parseEntry(entry);
    if (model === null) return { kind: 'invalid', problem: { kind: 'bad-entry', index } };
    models.push(model);
  }
  return { kind: 'ok', models };
}

function parseEntry(entry: unknown): EmbeddingModel | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const e = entry as Record<string, unknown>;
  const { id, label, languages, dim, dtype, downloadBytes } = e;
  // A repository id: owner/name or a bare name, no path tricks.
  if (typeof id !== 'string' || !/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/.test(id) || id.includes('..')) return null;
  if (typeof label !== 'string' || label.length === 0 || label.length > 120) return null;
  if (languages !== 'multilingual' && languages !== 'english') return null;
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim <= 0 || dim > 8192) return null;
  if (dtype !== 'q8' && dtype !== 'fp32') return null;
  if (typeof downloadBytes !== 'number' || !Number.isFinite(downloadBytes) || downloadBytes < 0) return null;
  return { id, label, languages, dim, dtype, downloadBytes, origin: 'self-hosted' };
}

/**
 * The models a user can choose from: the built-in ones, with those the site hosts itself first
 * and marked as such (a self-hosted copy of a built-in model replaces its hub entry).
 */
export function availableModels(selfHosted: readonly EmbeddingModel[]): EmbeddingModel[] {
  const hosted = new Set(selfHosted.map((m) => m.id));
  return [...selfHosted, ...BUILT_IN_MODELS.filter((m) => !hosted.has(m.id))];
}

/** The model to use: the user's choice if still offered, else a self-hosted one, else the default. */
export function chooseModel(models: readonly EmbeddingModel[], chosenId: string | null): EmbeddingModel {
  const chosen = models.find((m) => m.id === chosenId);
  if (chosen !== undefined) return chosen;
  return models.find((m) => m.origin === 'self-hosted') ?? models.find((m) => m.id === DEFAULT_EMBEDDING_MODEL_ID) ?? models[0]!;
}
