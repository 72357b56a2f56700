import { join } from 'node:path';
import { BUILT_IN_MODELS, modelFiles, type EmbeddingModel } from '../engines/embedding/embedding-models';
import type { JobProgress } from '../publisher/job-progress';
import { downloadTo, FileHashes, listInManifest } from './model-manifest-file';

/**
 * `npm run models:fetch -- <model id>`: downloads an embedding model's files from the hub (or a
 * mirror) into public/models/<id>/ and lists it in public/models/manifest.json, which the app
 * reads to prefer these same-origin copies: a deployment then makes no third-party request.
 */
export interface FetchModelOptions {
  readonly modelId: string;
  readonly outDir: string;
  /** The hub or a mirror, laid out as `<host><id>/resolve/main/<file>`. */
  readonly host: string;
  readonly dtype?: EmbeddingModel['dtype'];
  readonly fetchImpl?: typeof fetch;
  readonly log?: (line: string) => void;
  readonly progress?: JobProgress;
}

export async function fetchModel(options: FetchModelOptions): Promise<EmbeddingModel> {
  const known = BUILT_IN_MODELS.find((m) => m.id === options.modelId);
  const dtype = options.dtype ?? known?.dtype ?? 'q8';
  const fetchImpl = options.fetchImpl ?? fetch;
  const log = options.log ?? (() => undefined);
  const host = options.host.endsWith('/') ? options.host : `${options.host}/`;
  let bytes = 0;
  const hashes = new FileHashes(options.outDir);
  let config: { hidden_size?: unknown } = {};
  for (const file of modelFiles(dtype)) {
    const body = await downloadTo(fetchImpl, `${host}${options.modelId}/resolve/main/${file}`, join(options.outDir, options.modelId, file), hashes, options.progress);
    bytes += body.length;
    if (file === 'config.json') config = JSON.parse(new TextDecoder().decode(body)) as typeof config;
    log(`${file}: ${(body.length / 1e6).toFixed(1)} MB`);
  }
  const dim = known?.dim ?? (typeof config.hidden_size === 'number' ? config.hidden_size : null);
  if (dim === null) throw new Error(`${options.modelId}: config.json names no hidden_size; cannot tell the vector width`);
  const entry: EmbeddingModel = {
    id: options.modelId,
    label: known?.label ?? options.modelId,
    languages: known?.languages ?? 'multilingual',
    dim,
    dtype,
    downloadBytes: bytes,
    origin: 'self-hosted',
  };
  const { origin: _origin, ...listed } = entry;
  listInManifest(options.outDir, 'models', listed, hashes);
  return entry;
}
