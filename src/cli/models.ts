/**
 * npm run models:fetch -- [model id] [--kind embedding|generation|web-llm] [--out public/models]
 *   [--host https://huggingface.co/] [--dtype q8|fp32 (embedding) | q4f16,q4 (generation)] [--help]
 * The kind follows from the id when Sift knows it (its embedding, transformers.js and web-llm
 * lists); see docs/embeddings.md and docs/writing.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { DEFAULT_EMBEDDING_MODEL_ID } from '../engines/embedding/embedding-models';
import { ONNX_TEXT_MODELS, type OnnxDtype } from '../engines/generation/onnx-models';
import { HUGGING_FACE_HUB } from '../engines/model-files';
import { fetchTextModel, fetchWebLlmModel } from './generation-models-fetch';
import { fetchModel } from './models-fetch';
import { terminalProgress } from './progress';

const USAGE = `Usage: npm run models:fetch -- [model id] [options]

Downloads a model's files into public/models/ and lists them in its manifest.json, so the app loads
them from its own origin (self-hosted mode: no third-party request). Without an id: the default
embedding model, ${DEFAULT_EMBEDDING_MODEL_ID}. See docs/embeddings.md and docs/writing.md.

Options:
  --kind embedding|generation|web-llm
                      what the model is for (default: from the id, when Sift lists it)
  --out DIR           where the files go (default public/models)
  --host URL          the hub or a mirror laid out as <host><id>/resolve/main/<file> (default ${HUGGING_FACE_HUB})
  --dtype D           embedding: q8 or fp32; generation: q4f16,q4,fp32 (comma-separated)
  --help              this text

Examples:
  npm run models:fetch
  npm run models:fetch -- onnx-community/Qwen2.5-0.5B-Instruct --dtype q4f16,q4
  npm run models:fetch -- Qwen2.5-0.5B-Instruct-q4f16_1-MLC --kind web-llm`;

/** One line naming what is wrong, then the usage, exit 2: never a stack trace. */
function usageError(message: string): never {
  console.error(`models:fetch: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const OPTIONS = {
  out: { type: 'string', default: 'public/models' },
  host: { type: 'string', default: HUGGING_FACE_HUB },
  dtype: { type: 'string' },
  kind: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;
let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options: OPTIONS });
} catch (error) {
  // Node's own wording goes on about positionals after "--"; the first sentence is what matters.
  usageError(error instanceof Error ? error.message.split('. To specify')[0]! : String(error));
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length > 1) usageError(`one model at a time; got ${positionals.join(', ')}`);
if (values.kind !== undefined && !['embedding', 'generation', 'web-llm'].includes(values.kind)) usageError(`--kind is embedding, generation or web-llm, not "${values.kind}"`);
if (!/^https?:\/\//.test(values.host)) usageError(`--host is an http(s) address, not "${values.host}"`);
const modelId = positionals[0] ?? DEFAULT_EMBEDDING_MODEL_ID;
const webLlmRecord = prebuiltAppConfig.model_list.find((record) => record.model_id === modelId);
const kind = values.kind ?? (ONNX_TEXT_MODELS.some((m) => m.id === modelId) ? 'generation' : webLlmRecord !== undefined ? 'web-llm' : 'embedding');
const outDir = resolve(values.out!);
const progress = terminalProgress();
const log = (line: string): void => {
  progress.stop();
  console.log(line);
};
const done = (bytes: number, where: string): void => console.log(`${modelId}: ${(bytes / 1e6).toFixed(1)} MB in ${values.out}/${where}; listed in ${values.out}/manifest.json. Rebuild (npm run build) to ship it.`);


try {
  if (kind === 'embedding') {
    if (values.dtype !== undefined && values.dtype !== 'q8' && values.dtype !== 'fp32') usageError(`--dtype for an embedding model is q8 or fp32, not "${values.dtype}"`);
    const model = await fetchModel({ modelId, outDir, host: values.host!, log, progress: progress.report, ...(values.dtype === undefined ? {} : { dtype: values.dtype as 'q8' | 'fp32' }) });
    done(model.downloadBytes, model.id);
  } else if (kind === 'generation') {
    const dtypes = values.dtype?.split(',').map((d) => d.trim());
    if (dtypes !== undefined && !dtypes.every((d): d is OnnxDtype => d === 'q4f16' || d === 'q4' || d === 'fp32')) usageError(`--dtype for a generation model lists q4f16, q4 or fp32, not "${values.dtype}"`);
    const model = await fetchTextModel({ modelId, outDir, host: values.host!, log, progress: progress.report, ...(dtypes === undefined ? {} : { dtypes }) });
    done(Object.values(model.onnxBytes).reduce((sum, b) => sum + b, model.otherBytes), model.id);
  } else if (kind === 'web-llm') {
    if (webLlmRecord === undefined) usageError(`${modelId} is not in web-llm's prebuilt model list`);
    const model = await fetchWebLlmModel({ record: webLlmRecord, outDir, log, progress: progress.report });
    done(model.downloadBytes, `${model.model} and ${model.modelLib}`);
  }
} catch (error) {
  progress.stop();
  // A network failure or a missing file is one line (which file, what happened), not a stack trace.
  console.error(`models:fetch failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}
