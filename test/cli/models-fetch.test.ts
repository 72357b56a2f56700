import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { afterEach, describe, expect, it } from 'vitest';
import { FILMS } from '../core/catalogue-fixture';
import { startModelServer, underPrefix, type ModelServer } from '../fixtures/model-server';
import { tinyEmbeddingModel } from '../fixtures/tiny-embedding-model';
import { fetchModel } from '../../src/cli/models-fetch';
import { fetchTextModel, fetchWebLlmModel } from '../../src/cli/generation-models-fetch';
import { hostedRecord, parseHostedWebLlm } from '../../src/engines/generation/hosted-web-llm';
import { OnnxGenerationEngine } from '../../src/engines/generation/onnx-generation-engine';
import { offeredModels } from '../../src/engines/generation/writing-ladder';
import { tinyDecoderModel } from '../fixtures/tiny-decoder-model';

import { parseSelfHostedManifest } from '../../src/engines/embedding/embedding-models';
import { EmbeddingEngine } from '../../src/engines/embedding/embedding-engine';

/** `npm run models:fetch`: from a hub-shaped server into a models/ folder the app (and the engine) load from. */
let servers: ModelServer[] = [];
let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  servers = [];
  dirs = [];
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sift-models-out-'));
  dirs.push(dir);
  return dir;
};
const serve = async (files: ReadonlyMap<string, Uint8Array>): Promise<ModelServer> => {
  const server = await startModelServer(files);
  servers.push(server);
  return server;
};

describe('models:fetch', () => {

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
    // The manifest as written, with every file's SHA-256, which the engine checks each file against.
    files.set('manifest.json', new Uint8Array(readFileSync(join(out, 'manifest.json'))));
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files['acme/tiny/onnx/model.onnx']).toBe(createHash('sha256').update(model.files.get('onnx/model.onnx')!).digest('hex'));
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

/** For writing models: from hub-shaped servers into a models/ folder the app loads from. */
describe('models:fetch for writing models', () => {
  it('a transformers.js text model: its files and sizes in the manifest beside the embedding models, and the engine writes with the copy', async () => {
    const decoder = tinyDecoderModel({ sentence: 'A warm pick from what you liked.' });
    const embedder = tinyEmbeddingModel({ documents: FILMS.map((f) => ({ text: f.title, tags: f.tags })), dim: 16, maxWords: 100, seed: 3 });
    const hub = await serve(new Map([...underPrefix(decoder.files, 'acme/tiny-writer/resolve/main/'), ...underPrefix(embedder.files, 'acme/tiny-embed/resolve/main/')]));
    const out = tempDir();
    await fetchModel({ modelId: 'acme/tiny-embed', outDir: out, host: hub.url, dtype: 'fp32' });
    const entry = await fetchTextModel({ modelId: 'acme/tiny-writer', outDir: out, host: hub.url, dtypes: ['fp32'] });
    const onnxBytes = decoder.files.get('onnx/model.onnx')!.length;
    expect(entry).toMatchObject({ id: 'acme/tiny-writer', onnxBytes: { fp32: onnxBytes }, origin: 'self-hosted' });
    expect(readFileSync(join(out, 'acme/tiny-writer/onnx/model.onnx')).length).toBe(onnxBytes);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { models: Array<{ id: string }>; generation: Array<{ id: string }> };
    expect(manifest.models.map((m) => m.id)).toEqual(['acme/tiny-embed']);
    const offer = offeredModels(manifest, false);
    expect(offer.onnxModels).toEqual([entry]);

    // Served as the app serves public/models/: the engine loads the copy and writes with it.
    const site = await serve(
      new Map([
        ...['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].map((file): [string, Uint8Array] => [`acme/tiny-writer/${file}`, new Uint8Array(readFileSync(join(out, 'acme/tiny-writer', file)))]),
        ['manifest.json', new Uint8Array(readFileSync(join(out, 'manifest.json')))],
      ]),
    );
    transformers.env.cacheDir = tempDir();
    const engine = new OnnxGenerationEngine({ transformers: async () => transformers, capability: async () => ({ kind: 'no-webgpu' }), cacheName: null, wasmDevice: 'cpu' });
    expect((await engine.load({ model: entry, source: { kind: 'self-hosted', baseUrl: site.url }, preference: 'auto' }, () => undefined)).kind).toBe('loaded');
    expect((await engine.generate([{ role: 'user', content: 'Why?' }], { temperature: 0, topP: 1, maxTokens: 20 }, () => undefined)).text).toBe('A warm pick from what you liked.');
    await engine.unload();
  });

  it('a web-llm model: config, tokenizer, tensor cache and shards in the hub layout, the library beside them, and a record that points web-llm there', async () => {
    const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
    const repo = 'mlc-ai/Tiny-q4f32_1-MLC/resolve/main/';
    const hub = await serve(
      new Map([
        [`${repo}mlc-chat-config.json`, bytes(JSON.stringify({ model_type: 'llama', tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'] }))],
        [`${repo}tokenizer.json`, bytes('{}')],
        [`${repo}tokenizer_config.json`, bytes('{}')],
        [`${repo}tensor-cache.json`, bytes(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }, { dataPath: 'params_shard_1.bin' }] }))],
        [`${repo}params_shard_0.bin`, new Uint8Array(1000)],
        [`${repo}params_shard_1.bin`, new Uint8Array(500)],
        ['libs/v0_2_86/Tiny-q4f32_1-ctx4k-webgpu.wasm', new Uint8Array(300)],
      ]),
    );
    const out = tempDir();
    const record = { model_id: 'Tiny-q4f32_1-MLC', model: `${hub.url}mlc-ai/Tiny-q4f32_1-MLC`, model_lib: `${hub.url}libs/v0_2_86/Tiny-q4f32_1-ctx4k-webgpu.wasm`, vram_required_MB: 10 };
    const hosted = await fetchWebLlmModel({ record, outDir: out });
    expect(hosted).toEqual({ id: 'Tiny-q4f32_1-MLC', model: 'mlc-ai/Tiny-q4f32_1-MLC/', modelLib: 'web-llm-libs/Tiny-q4f32_1-ctx4k-webgpu.wasm', downloadBytes: expect.any(Number) as number });
    for (const file of ['mlc-chat-config.json', 'tokenizer.json', 'tokenizer_config.json', 'tensor-cache.json', 'params_shard_0.bin', 'params_shard_1.bin']) expect(existsSync(join(out, repo, file))).toBe(true);
    expect(hub.requests.filter((path) => path.endsWith('params_shard_1.bin'))).toHaveLength(1);
    expect(hosted.downloadBytes).toBeGreaterThan(1800);

    // The manifest's entry, as the app reads it, gives web-llm URLs on the site that hold those files
    // (web-llm appends resolve/main/ to a model URL that has none).
    const [parsed] = parseHostedWebLlm(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    const site = 'https://sift.example/app/models/';
    const moved = hostedRecord(record, parsed!, site);
    expect(moved).toMatchObject({ model_id: 'Tiny-q4f32_1-MLC', model: `${site}mlc-ai/Tiny-q4f32_1-MLC/`, model_lib: `${site}web-llm-libs/Tiny-q4f32_1-ctx4k-webgpu.wasm`, vram_required_MB: 10 });
    expect(existsSync(join(out, new URL('resolve/main/mlc-chat-config.json', moved.model).href.slice(site.length)))).toBe(true);
    expect(existsSync(join(out, moved.model_lib.slice(site.length)))).toBe(true);
  });

  it('refuses a listing that would write outside the model folder, and a manifest entry that points outside models/', async () => {
    const repo = 'mlc-ai/Bad/resolve/main/';
    const hub = await serve(
      new Map([
        [`${repo}mlc-chat-config.json`, new TextEncoder().encode(JSON.stringify({ tokenizer_files: [] }))],
        [`${repo}tensor-cache.json`, new TextEncoder().encode(JSON.stringify({ records: [{ dataPath: '../../../evil.bin' }] }))],
      ]),
    );
    await expect(fetchWebLlmModel({ record: { model_id: 'Bad', model: `${hub.url}mlc-ai/Bad`, model_lib: `${hub.url}x.wasm` }, outDir: tempDir() })).rejects.toThrow(/refusing the file name/);
    const listed = (model: string, modelLib: string) => parseHostedWebLlm({ format: 'sift-models', webLlm: [{ id: 'X', model, modelLib, downloadBytes: 1 }] });
    expect(listed('mlc-ai/X/', 'web-llm-libs/x.wasm')).toHaveLength(1);
    expect(listed('https://evil.example/', 'web-llm-libs/x.wasm')).toEqual([]);
    expect(listed('../secret/', 'web-llm-libs/x.wasm')).toEqual([]);
    expect(listed('mlc-ai/X/', '/x.wasm')).toEqual([]);
  });
});
