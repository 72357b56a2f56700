import { join } from 'node:path';
import { ONNX_TEXT_MODELS, onnxTextModelFiles, type OnnxDtype, type OnnxTextModel } from '../engines/generation/onnx-models';
import { WEB_LLM_LIBS_FOLDER, type HostedWebLlmModel } from '../engines/generation/hosted-web-llm';
import type { JobProgress } from '../publisher/job-progress';
import { downloadTo, FileHashes, listInManifest } from './model-manifest-file';

/**
 * `npm run models:fetch` for the writing models: a transformers.js text model's ONNX files (the
 * dtypes the app may pick: q4f16 for GPUs with 16-bit shaders, q4 for the others and for
 * WebAssembly), or a web-llm model's weights and its compiled model library. Written into the
 * models folder in the layout the app loads them from, and listed in manifest.json.
 */
interface FetchCommon {
  readonly outDir: string;
  readonly fetchImpl?: typeof fetch;
  readonly log?: (line: string) => void;
  readonly progress?: JobProgress;
}

export interface FetchTextModelOptions extends FetchCommon {
  readonly modelId: string;
  /** The hub or a mirror, laid out as `<host><id>/resolve/main/<file>`. */
  readonly host: string;
  readonly dtypes?: readonly OnnxDtype[];
}

export async function fetchTextModel(options: FetchTextModelOptions): Promise<OnnxTextModel> {
  const known = ONNX_TEXT_MODELS.find((m) => m.id === options.modelId);
  const dtypes = options.dtypes ?? ['q4f16', 'q4'];
  const fetchImpl = options.fetchImpl ?? fetch;
  const log = options.log ?? (() => undefined);
  const host = options.host.endsWith('/') ? options.host : `${options.host}/`;
  const onnxBytes: Partial<Record<OnnxDtype, number>> = {};
  let otherBytes = 0;
  const fetched = new Set<string>();
  const hashes = new FileHashes(options.outDir);
  for (const dtype of dtypes) {
    for (const file of onnxTextModelFiles(dtype)) {
      if (fetched.has(file)) continue;
      fetched.add(file);
      const body = await downloadTo(fetchImpl, `${host}${options.modelId}/resolve/main/${file}`, join(options.outDir, options.modelId, file), hashes, options.progress);
      if (file.startsWith('onnx/')) onnxBytes[dtype] = body.length;
      else otherBytes += body.length;
      log(`${file}: ${(body.length / 1e6).toFixed(1)} MB`);
    }
  }
  const entry: OnnxTextModel = { id: options.modelId, label: known?.label ?? options.modelId, languages: known?.languages ?? ['en'], onnxBytes, otherBytes, origin: 'self-hosted' };
  const { origin: _origin, ...listed } = entry;
  listInManifest(options.outDir, 'generation', listed, hashes);
  return entry;
}

/** web-llm's record of a model (its prebuilt list's entry): where the weights and the model library are. */
export interface WebLlmRecord {
  readonly model_id: string;
  /** The weights' repository (`https://huggingface.co/mlc-ai/<id>`); files under `resolve/main/`. */
  readonly model: string;
  /** The compiled WebGPU library (a .wasm on GitHub). */
  readonly model_lib: string;
}

export interface FetchWebLlmOptions extends FetchCommon {
  readonly record: WebLlmRecord;
}

/**
 * Mirrors a web-llm model as web-llm fetches it: `mlc-chat-config.json`, its tokenizer files,
 * `tensor-cache.json` and every weight shard it lists, under `<repository path>/resolve/main/`
 * (web-llm adds that suffix to a model URL), and the model library under web-llm-libs/.
 */
export async function fetchWebLlmModel(options: FetchWebLlmOptions): Promise<HostedWebLlmModel> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const log = options.log ?? (() => undefined);
  const { record } = options;
  const repository = new URL(record.model).pathname.replace(/^\/+|\/+$/g, '');
  const source = `${record.model.replace(/\/+$/, '')}/resolve/main/`;
  const folder = `${repository}/resolve/main/`;
  let bytes = 0;
  const hashes = new FileHashes(options.outDir);
  const get = async (file: string): Promise<Uint8Array> => {
    const body = await downloadTo(fetchImpl, new URL(file, source).href, join(options.outDir, folder, file), hashes, options.progress);
    bytes += body.length;
    log(`${file}: ${(body.length / 1e6).toFixed(1)} MB`);
    return body;
  };
  const config = JSON.parse(new TextDecoder().decode(await get('mlc-chat-config.json'))) as { tokenizer_files?: unknown };
  const tokenizerFiles = Array.isArray(config.tokenizer_files) ? config.tokenizer_files.filter((f): f is string => typeof f === 'string') : [];
  for (const file of tokenizerFiles) await get(safeFile(file));
  const cache = JSON.parse(new TextDecoder().decode(await get('tensor-cache.json'))) as { records?: Array<{ dataPath?: unknown }> };
  const shards = new Set((cache.records ?? []).map((r) => r.dataPath).filter((p): p is string => typeof p === 'string'));
  for (const shard of shards) await get(safeFile(shard));
  const libFile = safeFile(new URL(record.model_lib).pathname.split('/').at(-1) ?? '');
  const lib = await downloadTo(fetchImpl, record.model_lib, join(options.outDir, WEB_LLM_LIBS_FOLDER, libFile), hashes, options.progress);
  bytes += lib.length;
  log(`${WEB_LLM_LIBS_FOLDER}/${libFile}: ${(lib.length / 1e6).toFixed(1)} MB`);
  const entry: HostedWebLlmModel = { id: record.model_id, model: `${repository}/`, modelLib: `${WEB_LLM_LIBS_FOLDER}/${libFile}`, downloadBytes: bytes };
  listInManifest(options.outDir, 'webLlm', entry, hashes);
  return entry;
}

/** A file name from a remote listing, kept inside its folder. */
function safeFile(name: string): string {
  if (name === '' || name.includes('..') || name.startsWith('/') || name.includes('\\')) throw new Error(`refusing the file name "${name}"`);
  return name;
}
