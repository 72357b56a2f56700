/**
 * npm run models:fetch -- <model id> [--kind embedding|generation|web-llm] [--out public/models]
 *   [--host https://huggingface.co/] [--dtype q8|fp32 (embedding) | q4f16,q4 (generation)]
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

const USAGE = 'usage: npm run models:fetch -- <model id> [--kind embedding|generation|web-llm] [--out public/models] [--host URL] [--dtype q8|fp32 | q4f16,q4]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'public/models' }, host: { type: 'string', default: HUGGING_FACE_HUB }, dtype: { type: 'string' }, kind: { type: 'string' } },
});
const modelId = positionals[0] ?? DEFAULT_EMBEDDING_MODEL_ID;
const webLlmRecord = prebuiltAppConfig.model_list.find((record) => record.model_id === modelId);
const kind = values.kind ?? (ONNX_TEXT_MODELS.some((m) => m.id === modelId) ? 'generation' : webLlmRecord !== undefined ? 'web-llm' : 'embedding');
const outDir = resolve(values.out!);
const log = (line: string): void => console.log(line);
const done = (bytes: number, where: string): void => console.log(`${modelId}: ${(bytes / 1e6).toFixed(1)} MB in ${values.out}/${where}; listed in ${values.out}/manifest.json. Rebuild (npm run build) to ship it.`);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

try {
  if (kind === 'embedding') {
    if (values.dtype !== undefined && values.dtype !== 'q8' && values.dtype !== 'fp32') fail(USAGE);
    const model = await fetchModel({ modelId, outDir, host: values.host!, log, ...(values.dtype === undefined ? {} : { dtype: values.dtype as 'q8' | 'fp32' }) });
    done(model.downloadBytes, model.id);
  } else if (kind === 'generation') {
    const dtypes = values.dtype?.split(',').map((d) => d.trim());
    if (dtypes !== undefined && !dtypes.every((d): d is OnnxDtype => d === 'q4f16' || d === 'q4' || d === 'fp32')) fail(USAGE);
    const model = await fetchTextModel({ modelId, outDir, host: values.host!, log, ...(dtypes === undefined ? {} : { dtypes }) });
    done(Object.values(model.onnxBytes).reduce((sum, b) => sum + b, model.otherBytes), model.id);
  } else if (kind === 'web-llm') {
    if (webLlmRecord === undefined) fail(`${modelId} is not in web-llm's prebuilt model list`);
    const model = await fetchWebLlmModel({ record: webLlmRecord, outDir, log });
    done(model.downloadBytes, `${model.model} and ${model.modelLib}`);
  } else {
    fail(USAGE);
  }
} catch (error) {
  console.error(`models:fetch failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
