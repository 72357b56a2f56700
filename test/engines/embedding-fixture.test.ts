import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILMS } from '../core/catalogue-fixture';
import { fixtureWords, tinyEmbeddingModel, type TinyModel } from '../fixtures/tiny-embedding-model';

/**
 * The project's own tiny embedding model, loaded by the real transformers.js (onnxruntime-node,
 * CPU) from local files only: the groundwork of the embedding engine (issue 3).
 */
const MODEL_ID = 'sift-tiny-embed';

describe('the generated embedding model under transformers.js', () => {
  let dir: string;
  let model: TinyModel;
  let extractor: FeatureExtractionPipeline;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sift-models-'));
    model = tinyEmbeddingModel({ documents: FILMS.map((f) => ({ text: f.title, tags: f.tags })), dim: 16, maxWords: 500, seed: 7 });
    for (const [path, bytes] of model.files) {
      const file = join(dir, MODEL_ID, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${dir}/`;
    extractor = await pipeline('feature-extraction', MODEL_ID, { dtype: 'fp32' });
  }, 60_000);

  afterAll(async () => {
    await extractor?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the graph computes, by hand: mean over [CLS] words [SEP] of tanh(row), then unit length. */
  function expected(text: string): Float32Array {
    const ids = [2, ...fixtureWords(text).map((w) => model.vocabulary.indexOf(w)).map((i) => (i < 0 ? 1 : i)), 3];
    const out = new Float32Array(model.dim);
    for (const id of ids) for (let k = 0; k < model.dim; k += 1) out[k]! += Math.tanh(model.embeddings[id * model.dim + k]!) / ids.length;
    const norm = Math.hypot(...out);
    return out.map((x) => x / norm);
  }

  const rows = (data: Float32Array, dims: number[]): Float32Array[] => Array.from({ length: dims[0]! }, (_, i) => data.slice(i * dims[1]!, (i + 1) * dims[1]!));
  const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, k) => s + x * b[k]!, 0);

  it('loads from local files only and computes exactly what the graph says (tokenizer, pooling, normalisation)', async () => {
    const output = await extractor('Alien space horror', { pooling: 'mean', normalize: true });
    expect(output.dims).toEqual([1, model.dim]);
    const [vector] = rows(output.data as Float32Array, output.dims);
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
    const reference = expected('Alien space horror');
    vector!.forEach((x, k) => expect(x).toBeCloseTo(reference[k]!, 5));
  });

  it('batches texts of different lengths: padding is masked, so each row equals the text embedded alone', async () => {
    const texts = ['Interstellar', 'Before Sunrise romance travel in Paris', 'The Shining hotel'];
    const batch = await extractor(texts, { pooling: 'mean', normalize: true });
    expect(batch.dims).toEqual([3, model.dim]);
    rows(batch.data as Float32Array, batch.dims).forEach((row, i) => {
      const reference = expected(texts[i]!);
      row.forEach((x, k) => expect(x).toBeCloseTo(reference[k]!, 5));
    });
  });

  it('carries a semantic signal: texts about the same topics are closer than texts about others', async () => {
    const output = await extractor(['Alien space horror', 'Gravity space survival', 'Before Sunrise romance travel'], { pooling: 'mean', normalize: true });
    const [alien, gravity, sunrise] = rows(output.data as Float32Array, output.dims);
    expect(dot(alien!, gravity!)).toBeGreaterThan(dot(alien!, sunrise!) + 0.3);
  });
});
