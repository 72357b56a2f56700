import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Catalogue } from '../core/catalogue/catalogue-types';
import { parseCatalogue } from '../core/catalogue/parse-catalogue';
import { withAggregates } from '../core/collab/item-aggregates';
import { itemsFromFeedXml, itemsFromJson, itemsFromJsonLines, type SourceItems } from '../core/formats/source-items';
import { embeddedTextHash, embeddingText } from '../core/vectors/embedded-text';
import { encodeVectorFile, type VectorFileDtype } from '../core/vectors/vector-file';
import { allocateFloat32Vectors, quantizeInt8, type ItemVectors } from '../core/vectors/item-vectors';
import { BUILT_IN_MODELS } from '../engines/embedding/embedding-models';
import { HUGGING_FACE_HUB } from '../engines/model-files';
import { loadTextEmbedder } from '../engines/embedding/text-embedder';

import { buildFromLogs, type LogBuildOptions, type LogBuildReport } from './build-from-logs';
import { PublisherError } from './publisher-error';
import { NO_PROGRESS, type JobProgress } from './job-progress';
import { makeThumbnails, type ThumbnailOptions, type ThumbnailReport } from './thumbnails';
import { encodeThumbnailFile } from '../core/catalogue/thumbnail-file';

/**
 * The catalogue builder for sites (`npm run catalog -- build`): reads items from JSON, JSON Lines,
 * a JSON Feed, RSS or Atom, validates them as the app will, adds what needs many users from the
 * site's interaction logs (popularity, neighbours, tuned ranking priors: build-from-logs.ts),
 * embeds each item's title, summary and tags with transformers.js (the same library and pooling
 * the browser uses), and writes the catalogue JSON and its vector file.
 */
export interface BuildOptions {
  readonly input: string;
  /** A folder (catalog.json and vectors.bin go in it) or a file name ending in .json. */
  readonly out: string;
  readonly id?: string;
  readonly title?: string;
  readonly language?: string;
  /** Catalogue fields taken from the file's own (`{ id: 'post_id', url: 'permalink' }`). */
  readonly fields?: Readonly<Record<string, string>>;
  /** The embedding model (a hub id, or a directory name under `modelsDir`); null: no vectors. */
  readonly model: string | null;
  /** Load models from this directory only (offline); otherwise from the Hugging Face hub. */
  readonly modelsDir?: string;
  readonly dtype: VectorFileDtype;
  readonly batchSize?: number;
  /** The site's interaction logs; absent: items keep the popularity and neighbours they came with. */
  readonly interactions?: LogBuildOptions;
  readonly log?: (line: string) => void;
  /** Rows read, pairs aggregated, tuning trials, items embedded, as they go. */
  readonly progress?: JobProgress;
  /** Make thumbnails.bin from the items' pictures (thumbnails.ts); absent: none. */
  readonly thumbnails?: ThumbnailOptions;
}

export interface BuildReport {
  readonly format: SourceItems['format'];
  readonly items: number;
  readonly skipped: number;
  readonly catalogueFile: string;
  readonly vectorFile: string | null;
  readonly dim: number | null;
  readonly logs: LogBuildReport | null;
  readonly thumbnails: (ThumbnailReport & { readonly file: string; readonly bytes: number }) | null;
}

export function readSource(path: string): SourceItems {
  if (!existsSync(path) || !statSync(path).isFile()) throw new PublisherError({ kind: 'missing-input', path });
  const source = readFileSync(path, 'utf8');
  const extension = extname(path).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return itemsFromJsonLines(source);
  if (/^\s*</.test(source)) {
    const valid = XMLValidator.validate(source);
    if (valid !== true) throw new PublisherError({ kind: 'unreadable-items', path, detail: `not well-formed XML (line ${valid.err.line}: ${valid.err.msg})` });
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', cdataPropName: false, processEntities: true });
    return itemsFromFeedXml(parser.parse(source));
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new PublisherError({ kind: 'unreadable-items', path, detail: `not valid JSON (${error instanceof Error ? error.message : String(error)})` });
  }
  return itemsFromJson(value);
}

/** Items with fields renamed as `--fields id=post_id,url=permalink` says (catalogue field = the file's field). */
export function renameFields(items: readonly Record<string, unknown>[], fields: Readonly<Record<string, string>>): Record<string, unknown>[] {
  if (Object.keys(fields).length === 0) return [...items];
  return items.map((item) => {
    const renamed: Record<string, unknown> = { ...item };
    for (const [target, source] of Object.entries(fields)) if (source in item) renamed[target] = item[source];
    return renamed;
  });
}

export async function buildCatalogue(options: BuildOptions): Promise<BuildReport> {
  const log = options.log ?? (() => undefined);
  const source = readSource(options.input);
  const id = options.id ?? basename(options.input, extname(options.input));
  const items = renameFields(source.items, options.fields ?? {});
  const raw = { format: 'sift-catalog', version: 1, id, title: options.title ?? source.title ?? id, language: options.language ?? source.language ?? 'en', items };
  const parsed = parseCatalogue(raw);
  if (parsed.kind === 'invalid') {
    const found = [...new Set(items.slice(0, 50).flatMap((item) => Object.keys(item)))].sort();
    throw new PublisherError({ kind: 'no-valid-items', path: options.input, found });
  }
  let catalogue: Catalogue = parsed.catalogue;
  // Vectors first: a model that cannot be loaded (offline) stops the build before anything is
  // written, and the tuning on the logs then ranks with the vectors the app will have.
  let rows: { data: Float32Array; dim: number } | null = null;
  if (options.model !== null) {
    const model = options.model;
    rows = await embed(catalogue.items.map(embeddingText), model, options.modelsDir, options.batchSize ?? 32, options.progress ?? NO_PROGRESS).catch((error: unknown) => {
      throw new PublisherError({ kind: 'model-unavailable', model, detail: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
    });
    log(`embedded ${catalogue.items.length} items with ${model}`);
  }
  let logs: LogBuildReport | null = null;
  if (options.interactions !== undefined) {
    const vectors = rows === null || options.model === null ? null : { vectors: rankingVectors(rows, options.dtype), model: options.model };
    const built = await buildFromLogs(catalogue.items, options.interactions, log, options.progress ?? NO_PROGRESS, vectors);
    logs = built.report;
    catalogue = { ...catalogue, items: withAggregates(catalogue.items, built.aggregates), ...(built.priors === null ? {} : { ranking: built.priors }) };
  }
  // Pictures that cannot be had are skipped and named, never a failed build.
  const thumbs = options.thumbnails === undefined ? null : await makeThumbnails(catalogue.items, { ...options.thumbnails, progress: options.progress ?? NO_PROGRESS });
  const outDir = options.out.toLowerCase().endsWith('.json') ? dirname(options.out) : options.out;
  mkdirSync(outDir, { recursive: true });
  let thumbnails: BuildReport['thumbnails'] = null;
  if (thumbs !== null) {
    const bytes = encodeThumbnailFile(thumbs.file);
    const file = join(outDir, 'thumbnails.bin');
    writeFileSync(file, bytes);
    thumbnails = { ...thumbs.report, file, bytes: bytes.length };
    catalogue = { ...catalogue, thumbnails: { url: 'thumbnails.bin', count: thumbs.file.thumbnails.length, width: thumbs.file.width } };
  }
  let vectorFile: string | null = null;
  let dim: number | null = null;
  if (options.model !== null && rows !== null) {
    dim = rows.dim;
    vectorFile = join(outDir, 'vectors.bin');
    writeFileSync(vectorFile, encodeVectorFile(rows.data, { model: options.model, dim: rows.dim, dtype: options.dtype, contentHash: embeddedTextHash(catalogue.items) }));
    catalogue = { ...catalogue, embeddings: { model: options.model, dim: rows.dim, dtype: options.dtype, url: 'vectors.bin' } };
  }
  const catalogueFile = outDir === options.out ? join(outDir, 'catalog.json') : options.out;
  writeFileSync(catalogueFile, catalogueJson(catalogue));
  return { format: source.format, items: catalogue.items.length, skipped: parsed.skippedCount, catalogueFile, vectorFile, dim, logs, thumbnails };
}

/** The vectors as the app ranks with them: int8 rows for an int8 file, float32 otherwise. */
function rankingVectors(rows: { readonly data: Float32Array; readonly dim: number }, dtype: VectorFileDtype): ItemVectors {
  if (dtype === 'int8') return quantizeInt8(rows.data, rows.dim, { kernels: 'js' });
  const vectors = allocateFloat32Vectors(rows.data.length / rows.dim, rows.dim);
  vectors.data.set(rows.data);
  return vectors;
}

/** One item per line: still valid JSON, and a rebuilt catalogue diffs line by line. */
export function catalogueJson(catalogue: Catalogue): string {
  const { items, ...header } = catalogue;
  const body = items.map((item) => `  ${JSON.stringify(item)}`).join(',\n');
  return `${JSON.stringify(header).slice(0, -1)},"items":[\n${body}\n]}\n`;
}

async function embed(texts: readonly string[], model: string, modelsDir: string | undefined, batchSize: number, progress: JobProgress): Promise<{ data: Float32Array; dim: number }> {
  const known = BUILT_IN_MODELS.find((m) => m.id === model);
  // The browser embeds user text with the registry's weights (int8 for the built-in models), so
  // items are embedded with the same ones; other models load their full-precision file.
  const embedder = await loadTextEmbedder(await import('@huggingface/transformers'), {
    model: { id: model, dtype: known?.dtype ?? 'fp32' },
    source: modelsDir === undefined ? { kind: 'hub', host: HUGGING_FACE_HUB } : { kind: 'directory', path: modelsDir },
    device: 'cpu',
  });
  try {
    const chunks: Float32Array[] = [];
    let dim = 0;
    for (let start = 0; start < texts.length; start += batchSize) {
      const rows = await embedder.embed(texts.slice(start, start + batchSize));
      dim = rows.dim;
      chunks.push(rows.data);
      progress('embedding items', Math.min(start + batchSize, texts.length), texts.length, 'items');
    }
    const all = new Float32Array(texts.length * dim);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return { data: all, dim };
  } finally {
    await embedder.dispose();
  }
}
