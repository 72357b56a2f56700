import { describe, expect, it } from 'vitest';
import { FILMS, T0 } from '../core/catalogue-fixture';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { CATALOGUE_FORMAT, CATALOGUE_VERSION, type Catalogue } from '../../src/core/catalogue/catalogue-types';
import { embeddedTextHash } from '../../src/core/vectors/embedded-text';
import { encodeVectorFile } from '../../src/core/vectors/vector-file';
import type { VectorsSnapshot } from '../../src/core/index/index-snapshot';

/**
 * Semantic vectors in the ranking engine: the catalogue's vector file or rows embedded in the
 * browser, checked against the catalogue before use; the profile's vectors never mix models.
 */
const DIM = 4;
/** A meaning space with no words in it: space films point one way, romance another. */
const MEANING: Record<string, number[]> = {
  alien: [1, 0.2, 0, 0], solaris: [1, 0, 0.1, 0], interstellar: [0.9, 0, 0, 0.1], gravity: [1, 0.1, 0, 0],
  shining: [0, 1, 0, 0], hereditary: [0.1, 1, 0, 0], notebook: [0, 0, 1, 0], amelie: [0, 0, 1, 0.2],
  'before-sunrise': [0, 0, 0.9, 0.3], blockbuster: [0.3, 0.3, 0.3, 1],
};
const rows = (order = FILMS): Float32Array => {
  const out = new Float32Array(order.length * DIM);
  order.forEach((film, i) => {
    const v = MEANING[film.id]!;
    const n = Math.hypot(...v);
    v.forEach((x, k) => (out[i * DIM + k] = x / n));
  });
  return out;
};
const catalogue = (embeddings?: Catalogue['embeddings']): Catalogue => ({
  format: CATALOGUE_FORMAT, version: CATALOGUE_VERSION, id: 'films', title: 'Films', language: 'en', items: FILMS, ...(embeddings === undefined ? {} : { embeddings }),
});
const REF = { model: 'test/meaning', dim: DIM, dtype: 'int8' as const, url: 'https://films.example/vectors.bin' };

function engineServing(file: Uint8Array | null): { engine: RankerEngine; fetched: string[] } {
  const fetched: string[] = [];
  const engine = new RankerEngine(async (input) => {
    fetched.push(String(input));
    return file === null ? new Response('missing', { status: 404 }) : new Response(new Blob([file as Uint8Array<ArrayBuffer>]));
  });
  engine.setCatalogue(catalogue(REF));
  return { engine, fetched };
}

const fileFor = (overrides: Partial<{ model: string; contentHash: string; rows: Float32Array }> = {}): Uint8Array =>
  encodeVectorFile(overrides.rows ?? rows(), { model: overrides.model ?? REF.model, dim: DIM, dtype: 'int8', contentHash: overrides.contentHash ?? embeddedTextHash(FILMS) });

const semanticOf = (engine: RankerEngine, itemId: string): number => {
  const entry = engine.rank({ limit: FILMS.length, now: T0 }).find((r) => r.itemId === itemId);
  return entry?.explanation.signals.find((s) => s.signal === 'semantic')?.value ?? 0;
};

describe('semantic vectors in the ranker', () => {
  it('attaches the catalogue vector file that matches; a like then carries meaning to items that share no tag', async () => {
    const { engine, fetched } = engineServing(fileFor());
    expect(await engine.loadVectorFile(REF)).toEqual({ kind: 'attached', model: REF.model, count: FILMS.length });
    expect(fetched).toEqual([REF.url]);
    expect(engine.vectorStatus()).toMatchObject({ model: REF.model, count: FILMS.length });
    engine.restore(null, [{ kind: 'like', itemId: 'alien', at: T0 }]);
    expect(semanticOf(engine, 'gravity')).toBeGreaterThan(0.9);
    expect(semanticOf(engine, 'notebook')).toBeLessThan(0.2);
    expect(engine.state().profile.vectorSpace).toBe(REF.model);
  });

  it('rejects a file for another model, another version of the catalogue, or a missing file, and ranks by words meanwhile', async () => {
    const wrongModel = await engineServing(fileFor({ model: 'other/model' })).engine.loadVectorFile(REF);
    expect(wrongModel).toEqual({ kind: 'rejected', problem: { kind: 'mismatch', field: 'model', expected: REF.model, found: 'other/model' } });
    const stale = await engineServing(fileFor({ contentHash: 'deadbeef' })).engine.loadVectorFile(REF);
    expect(stale).toMatchObject({ kind: 'rejected', problem: { kind: 'mismatch', field: 'contentHash' } });
    const { engine } = engineServing(null);
    expect(await engine.loadVectorFile(REF)).toEqual({ kind: 'rejected', problem: { kind: 'fetch-failed', detail: 'HTTP 404' } });
    expect(engine.vectorStatus()).toBeNull();
    engine.restore(null, [{ kind: 'like', itemId: 'alien', at: T0 }]);
    expect(engine.rank({ limit: 3, now: T0 }).length).toBe(3);
    expect(semanticOf(engine, 'gravity')).toBe(0);
  });

  it('vectors of a new model replace the profile’s old ones instead of mixing with them', () => {
    const { engine } = engineServing(null);
    const snapshot = (data: Float32Array): VectorsSnapshot => ({ dtype: 'float32', dim: DIM, count: FILMS.length, data });
    expect(engine.attachVectors('model/a', snapshot(rows()))).toMatchObject({ kind: 'attached' });
    engine.restore(null, [{ kind: 'like', itemId: 'alien', at: T0 }]);
    expect(engine.state().profile.centroids.some((c) => c.vector !== null)).toBe(true);
    // Same width, different model: a stored profile from model A must not score model B's rows.
    const flipped = rows().map((x) => -x);
    engine.attachVectors('model/b', snapshot(flipped));
    const stored = engine.state();
    expect(stored.profile.vectorSpace).toBe('model/a');
    expect(semanticOf(engine, 'gravity')).toBe(0);
    engine.recordEvents([{ kind: 'like', itemId: 'notebook', at: T0 + 1 }]);
    expect(engine.state().profile.vectorSpace).toBe('model/b');
    const vectors = engine.state().profile.centroids.flatMap((c) => (c.vector === null ? [] : [c.vector]));
    expect(vectors).toHaveLength(1);
    expect(engine.attachVectors('model/c', { dtype: 'float32', dim: DIM, count: 2, data: new Float32Array(8) })).toMatchObject({ kind: 'rejected', problem: { field: 'count' } });
  });

  it('search finds items close in meaning without a word in common, only with a query vector of the same model', () => {
    const { engine } = engineServing(null);
    engine.attachVectors(REF.model, { dtype: 'float32', dim: DIM, count: FILMS.length, data: rows() });
    const query = { model: REF.model, vector: Float32Array.from([1, 0, 0, 0]) };
    expect(engine.search({ query: 'cosmos', limit: 3, now: T0 })).toEqual([]);
    const found = engine.search({ query: 'cosmos', limit: 3, now: T0, queryVector: query }).map((r) => r.itemId);
    expect(found).toHaveLength(3);
    expect(found.every((id) => ['alien', 'solaris', 'interstellar', 'gravity'].includes(id))).toBe(true);
    expect(engine.search({ query: 'cosmos', limit: 3, now: T0, queryVector: { ...query, model: 'other' } })).toEqual([]);
    // Words still count: "Notebook" matches by title even though the vector points at space.
    expect(engine.search({ query: 'notebook', limit: 5, now: T0, queryVector: query }).map((r) => r.itemId)).toContain('notebook');
  });

  it('a stated interest embedded by the model shapes the semantic signal', () => {
    const { engine } = engineServing(null);
    engine.attachVectors(REF.model, { dtype: 'float32', dim: DIM, count: FILMS.length, data: rows() });
    engine.rememberTextVectors(REF.model, [['love stories', Float32Array.from([0, 0, 1, 0])]]);
    engine.restore(null, [{ kind: 'stated-interest', text: 'love stories', at: T0 }]);
    expect(semanticOf(engine, 'amelie')).toBeGreaterThan(0.9);
    expect(semanticOf(engine, 'alien')).toBeLessThan(0.1);
  });
});
