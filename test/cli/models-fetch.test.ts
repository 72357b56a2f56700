import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { afterEach, describe, expect, it } from 'vitest';
import { FILMS } from '../core/catalogue-fixture';
import { startModelServer, underPrefix, type ModelServer } from '../fixtures/model-server';
import { tinyEmbeddingModel } from '../fixtures/tiny-embedding-model';
import { fetchModel } from '../../src/cli/models-fetch';
import { parseSelfHostedManifest } from '../../src/engines/embedding/embedding-models';
import { EmbeddingEngine } from '../../src/engines/embedding/embedding-engine';

/** `npm run models:fetch`: from a hub-shaped server into a models/ folder the app (and the engine) load from. */
describe('models:fetch', () => {
  let servers: ModelServer[] = [];
  let dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    servers = [];
    dirs = [];
  });

  it('writes the files under <id>/ and lists the model in manifest.json; the engine then loads it self-hosted', async () => {
    const model = tinyEmbeddingModel({ documents: FILMS.map((f) => ({ text: f.title, tags: f.tags })), dim: 16, maxWords: 200, seed: 3 });
    const hub = await startModelServer(underPrefix(model.files, 'acme/tiny/resolve/main/'));
    servers.push(hub);
    const out = mkdtempSync(join(tmpdir(), 'sift-models-out-'));
    dirs.push(out);
    const entry = await fetchModel({ modelId: 'acme/tiny', outDir: out, host: hub.url, dtype: 'fp32' });
    expect(entry).toMatchObject({ id: 'acme/tiny', dim: 16, dtype: 'fp32', origin: 'self-hosted' });
    expect(readFileSync(join(out, 'acme/tiny/onnx/model.onnx'))).toEqual(Buffer.from(model.files.get('onnx/model.onnx')!));
    const manifest = parseSelfHostedManifest(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ kind: 'ok', models: [{ id: 'acme/tiny', dim: 16 }] });

    // Served as the app serves public/models/: the engine loads it from there.
    const files = new Map([...model.files].map(([path, bytes]) => [`acme/tiny/${path}`, bytes]));
    const site = await startModelServer(files);
    servers.push(site);
    transformers.env.cacheDir = mkdtempSync(join(tmpdir(), 'sift-model-cache-'));
    dirs.push(transformers.env.cacheDir);
    const engine = new EmbeddingEngine({ transformers: async () => transformers, capability: async () => ({ kind: 'no-webgpu' }), cacheName: null, wasmDevice: 'cpu' });
    const loaded = await engine.load({ model: entry, source: { kind: 'self-hosted', baseUrl: site.url }, preference: 'auto' }, () => undefined);
    expect(loaded.kind).toBe('loaded');
    await engine.unload();
  });

  it('a missing file fails with its URL and leaves the manifest alone', async () => {
    const hub = await startModelServer(new Map());
    servers.push(hub);
    const out = mkdtempSync(join(tmpdir(), 'sift-models-out-'));
    dirs.push(out);
    await expect(fetchModel({ modelId: 'acme/none', outDir: out, host: hub.url })).rejects.toThrow(/acme\/none\/resolve\/main\/config.json: HTTP 404/);
    expect(() => readFileSync(join(out, 'manifest.json'))).toThrow();
  });
});
