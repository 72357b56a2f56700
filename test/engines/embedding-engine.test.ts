import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FILMS } from '../core/catalogue-fixture';
import { tinyEmbeddingModel, type TinyModel } from '../fixtures/tiny-embedding-model';
import { startModelServer, underPrefix, withManifest, type ModelServer } from '../fixtures/model-server';
import { EmbeddingEngine } from '../../src/engines/embedding/embedding-engine';
import type { EmbeddingModel } from '../../src/engines/embedding/embedding-models';
import type { GpuCapability } from '../../src/engines/generation/capability';
import type { FileProgress } from '../../src/engines/model-files';

/**
 * The embedding worker's engine in Node: the real transformers.js fetching the project's tiny
 * model over HTTP (laid out as the hub, or as a self-hosted models/ folder), with progress and
 * cancellation. Node has no WebAssembly backend for transformers.js, so onnxruntime-node's CPU
 * stands in for 'wasm' here; the browser backends run in test/e2e/semantic.test.ts.
 */
const TINY: EmbeddingModel = { id: 'sift/tiny-embed', label: 'Tiny test model', languages: 'english', dim: 16, dtype: 'fp32', downloadBytes: 0, origin: 'self-hosted' };
const NO_GPU = async (): Promise<GpuCapability> => ({ kind: 'no-webgpu' });

function engineFor(capability = NO_GPU): EmbeddingEngine {
  // Node's transformers.js writes downloads to a file cache and loads ONNX from there; a fresh
  // one per engine, so every test downloads.
  transformers.env.cacheDir = mkdtempSync(join(tmpdir(), 'sift-model-cache-'));
  return new EmbeddingEngine({ transformers: async () => transformers, capability, cacheName: null, wasmDevice: 'cpu' });
}

describe('EmbeddingEngine', () => {
  let model: TinyModel;
  let server: ModelServer | undefined;

  beforeAll(() => {
    model = tinyEmbeddingModel({ documents: FILMS.map((f) => ({ text: f.title, tags: f.tags })), dim: 16, maxWords: 500, seed: 7 });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('loads from a self-hosted folder with per-file progress, then embeds texts as unit vectors', async () => {
    server = await startModelServer(withManifest(underPrefix(model.files, `${TINY.id}/`)));
    const engine = engineFor();
    const progress: FileProgress[] = [];
    const result = await engine.load({ model: TINY, source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, (p) => progress.push(p));
    expect(result).toEqual({ kind: 'loaded', modelId: TINY.id, backend: { device: 'wasm', reason: { kind: 'no-webgpu' } }, dim: 16 });
    expect(server.requests).toContain(`${TINY.id}/onnx/model.onnx`);
    const onnx = progress.filter((p) => p.file === 'onnx/model.onnx');
    expect(onnx.at(-1)).toEqual({ file: 'onnx/model.onnx', loaded: model.files.get('onnx/model.onnx')!.length, total: model.files.get('onnx/model.onnx')!.length });
    expect(new Set(progress.map((p) => p.file))).toEqual(new Set(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']));
    const rows = await engine.embed(['Alien space horror', 'Gravity space survival', 'Before Sunrise romance travel']);
    expect(rows.dim).toBe(16);
    const row = (i: number): Float32Array => rows.data.subarray(i * 16, (i + 1) * 16);
    const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, k) => s + x * b[k]!, 0);
    expect(dot(row(0), row(0))).toBeCloseTo(1, 5);
    expect(dot(row(0), row(1))).toBeGreaterThan(dot(row(0), row(2)));
    await engine.unload();
  });

  it('loads from the hub layout (or a mirror): <host><id>/resolve/main/<file>', async () => {
    server = await startModelServer(withManifest(underPrefix(model.files, `${TINY.id}/resolve/main/`)));
    const result = await engineFor().load({ model: TINY, source: { kind: 'hub', host: server.url }, preference: 'auto' }, () => undefined);
    expect(result.kind).toBe('loaded');
  });

  it('cancelling in the middle of a download aborts the transfer and reports cancelled', async () => {
    server = await startModelServer(withManifest(underPrefix(model.files, `${TINY.id}/`)), { stall: new Set([`${TINY.id}/onnx/model.onnx`]) });
    const engine = engineFor();
    let sawHalf!: () => void;
    const half = new Promise<void>((resolve) => (sawHalf = resolve));
    const loading = engine.load({ model: TINY, source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, (p) => {
      if (p.file === 'onnx/model.onnx' && p.loaded > 0) sawHalf();
    });
    await half;
    engine.cancel();
    expect(await loading).toEqual({ kind: 'cancelled' });
    await expect.poll(() => server!.aborted).toEqual([`${TINY.id}/onnx/model.onnx`]);
    await expect(engine.embed(['x'])).rejects.toThrow(/no embedding model/);
  });

  it('a missing file or a model of another width fails with the reason, never as loaded', async () => {
    server = await startModelServer(new Map());
    const missing = await engineFor().load({ model: TINY, source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, () => undefined);
    expect(missing.kind).toBe('failed');
    await server.close();
    server = await startModelServer(withManifest(underPrefix(model.files, `${TINY.id}/`)));
    const wide = await engineFor().load({ model: { ...TINY, dim: 384 }, source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, () => undefined);
    expect(wide).toEqual({ kind: 'failed', problem: { kind: 'wrong-dimension', expected: 384, found: 16 } });
  });

  it('refuses a self-hosted file that is not the one the manifest records, or that it does not list, and caches neither', async () => {
    const listed = withManifest(underPrefix(model.files, `${TINY.id}/`));
    const onnx = `${TINY.id}/onnx/model.onnx`;
    const tampered = new Uint8Array(listed.get(onnx)!);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    server = await startModelServer(new Map([...listed, [onnx, tampered]]));
    const engine = engineFor();
    const cache = transformers.env.cacheDir!;
    const changed = await engine.load({ model: TINY, source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, () => undefined);
    expect(changed).toMatchObject({ kind: 'failed', problem: { kind: 'failed', detail: expect.stringMatching(/models\/sift\/tiny-embed\/onnx\/model\.onnx is not the file this site's models\/manifest\.json records/) } });
    expect(readdirSync(cache, { recursive: true }).map(String).filter((path) => path.endsWith('model.onnx'))).toEqual([]);
    await server.close();

    const unlisted = new Map(listed);
    const manifest = JSON.parse(new TextDecoder().decode(listed.get('manifest.json'))) as { files: Record<string, string> };
    delete manifest.files[onnx];
    unlisted.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    server = await startModelServer(unlisted);
    const missing = await engineFor().load({ model: TINY, source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, () => undefined);
    expect(missing).toMatchObject({ kind: 'failed', problem: { detail: expect.stringMatching(/is not listed with a SHA-256/) } });
  });
});
