/**
 * npm run models:fetch -- <model id> [--out public/models] [--host https://huggingface.co/] [--dtype q8|fp32]
 * See README "Models".
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EMBEDDING_MODEL_ID } from '../engines/embedding/embedding-models';
import { HUGGING_FACE_HUB } from '../engines/model-files';
import { fetchModel } from './models-fetch';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'public/models' }, host: { type: 'string', default: HUGGING_FACE_HUB }, dtype: { type: 'string' } },
});
const modelId = positionals[0] ?? DEFAULT_EMBEDDING_MODEL_ID;
if (values.dtype !== undefined && values.dtype !== 'q8' && values.dtype !== 'fp32') {
  console.error('usage: npm run models:fetch -- <model id> [--out public/models] [--host URL] [--dtype q8|fp32]');
  process.exit(2);
}
try {
  const model = await fetchModel({
    modelId,
    outDir: resolve(values.out!),
    host: values.host!,
    log: (line) => console.log(line),
    ...(values.dtype === undefined ? {} : { dtype: values.dtype as 'q8' | 'fp32' }),
  });
  console.log(`${model.id}: ${(model.downloadBytes / 1e6).toFixed(1)} MB in ${values.out}/${model.id}; listed in ${values.out}/manifest.json. Rebuild (npm run build) to ship it.`);
} catch (error) {
  console.error(`models:fetch failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
