/**
 * npm run catalog -- build <input> --out <dir> [--id ID] [--title T] [--language en]
 *                                    [--model ID] [--models-dir DIR] [--dtype int8|float16] [--no-vectors]
 * See README "Building a catalogue".
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalogue } from './catalog-builder';
import { DEFAULT_EMBEDDING_MODEL_ID } from '../engines/embedding/embedding-models';

const DEFAULT_MODEL = DEFAULT_EMBEDDING_MODEL_ID;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    id: { type: 'string' },
    title: { type: 'string' },
    language: { type: 'string' },
    model: { type: 'string', default: DEFAULT_MODEL },
    'models-dir': { type: 'string' },
    dtype: { type: 'string', default: 'int8' },
    'no-vectors': { type: 'boolean', default: false },
  },
});
const [command, input] = positionals;
if (command !== 'build' || input === undefined || values.out === undefined || (values.dtype !== 'int8' && values.dtype !== 'float16')) {
  console.error('usage: npm run catalog -- build <input.json|.jsonl|feed.xml> --out <dir> [--model ID] [--models-dir DIR] [--dtype int8|float16] [--no-vectors]');
  process.exit(2);
}
const report = await buildCatalogue({
  input: resolve(input),
  outDir: resolve(values.out),
  model: values['no-vectors'] ? null : values.model!,
  dtype: values.dtype,
  log: (line) => console.log(line),
  ...(values.id === undefined ? {} : { id: values.id }),
  ...(values.title === undefined ? {} : { title: values.title }),
  ...(values.language === undefined ? {} : { language: values.language }),
  ...(values['models-dir'] === undefined ? {} : { modelsDir: resolve(values['models-dir']) }),
});
console.log(
  `wrote ${report.catalogueFile}: ${report.items} items from ${report.format}${report.skipped > 0 ? ` (${report.skipped} invalid skipped)` : ''}` +
    (report.vectorFile === null ? ', no vectors' : `; ${report.vectorFile}: ${report.items} × ${report.dim} ${values.dtype}`),
);
