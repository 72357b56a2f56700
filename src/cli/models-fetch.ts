import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUILT_IN_MODELS, modelFiles, parseSelfHostedManifest, type EmbeddingModel } from '../engines/embedding/embedding-models';

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
}

export async function fetchModel(options: FetchModelOptions): Promise<EmbeddingModel> {
  const known = BUILT_IN_MODELS.find((m) => m.id === options.modelId);
  const dtype = options.dtype ?? known?.dtype ?? 'q8';
  const fetchImpl = options.fetchImpl ?? fetch;
  const log = options.log ?? (() => undefined);
  const host = options.host.endsWith('/') ? options.host : `${options.host}/`;
  let bytes = 0;
  let config: { hidden_size?: unknown } = {};
  for (const file of modelFiles(dtype)) {
    const url = `${host}${options.modelId}/resolve/main/${file}`;
    const response = await fetchImpl(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = new Uint8Array(await response.arrayBuffer());
    const target = join(options.outDir, options.modelId, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, body);
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
  const manifestPath = join(options.outDir, 'manifest.json');
  const existing = existsSync(manifestPath) ? parseSelfHostedManifest(JSON.parse(readFileSync(manifestPath, 'utf8'))) : null;
  const others = existing?.kind === 'ok' ? existing.models.filter((m) => m.id !== entry.id) : [];
  const models = [...others, entry].map(({ origin: _origin, ...rest }) => rest);
  writeFileSync(manifestPath, `${JSON.stringify({ format: 'sift-models', models }, null, 2)}\n`);
  return entry;
}
