import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { afterEach, describe, expect, it } from 'vitest';
import { blurbPrompt, intentPrompt, INTENT_JSON_SCHEMA } from '../../src/core/generate/prompts';
import type { GpuCapability } from '../../src/engines/generation/capability';
import { DEFAULT_GENERATION_SETTINGS, GenerationService } from '../../src/engines/generation/generation-service';
import { onnxChatEngine } from '../../src/engines/generation/onnx-chat-engine';
import { OnnxGenerationEngine } from '../../src/engines/generation/onnx-generation-engine';
import type { OnnxTextModel } from '../../src/engines/generation/onnx-models';
import type { GeneratedText } from '../../src/engines/generation/onnx-text-generator';
import type { FileProgress } from '../../src/engines/model-files';
import { startModelServer, underPrefix, withManifest, type ModelServer } from '../fixtures/model-server';
import { tinyDecoderModel } from '../fixtures/tiny-decoder-model';

/**
 * The text-generation worker's engine in Node: the real transformers.js loading the project's
 * tiny decoder over HTTP and running its own generation loop (chat template, KV cache, sampling,
 * end of turn, streaming). onnxruntime-node's CPU stands in for WebAssembly here; the browser
 * backends run in test/e2e/onnx-writing.test.ts.
 */
const SENTENCE = 'A warm pick from what you liked.';
const OFF_LIST = 'Fans of The Shining will love this.';
const model = (id: string, bytes: number): OnnxTextModel => ({ id, label: 'Tiny writer', languages: ['en'], onnxBytes: { fp32: bytes }, otherBytes: 0, origin: 'self-hosted' });
const NO_GPU = async (): Promise<GpuCapability> => ({ kind: 'no-webgpu' });
const CATALOGUE = ['Alien', 'Solaris', 'The Shining'];
const item = { title: 'Solaris', summary: 'A psychologist is sent to a space station.', tags: ['Sci-Fi'], reasons: [] };

function engine(): OnnxGenerationEngine {
  transformers.env.cacheDir = mkdtempSync(join(tmpdir(), 'sift-model-cache-'));
  return new OnnxGenerationEngine({ transformers: async () => transformers, capability: NO_GPU, cacheName: null, wasmDevice: 'cpu' });
}

describe('OnnxGenerationEngine on the fixture decoder', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function loaded(sentence = SENTENCE): Promise<{ engine: OnnxGenerationEngine; progress: FileProgress[] }> {
    const fixture = tinyDecoderModel({ sentence });
    server = await startModelServer(withManifest(underPrefix(fixture.files, 'sift/tiny-writer/')));
    const e = engine();
    const progress: FileProgress[] = [];
    const result = await e.load({ model: model('sift/tiny-writer', fixture.files.get('onnx/model.onnx')!.length), source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, (p) => progress.push(p));
    expect(result).toEqual({ kind: 'loaded', modelId: 'sift/tiny-writer', backend: { device: 'wasm', reason: { kind: 'no-webgpu' } }, dtype: 'fp32' });
    return { engine: e, progress };
  }

  it('loads from a self-hosted folder with progress and writes exactly the fixture’s sentence, streamed word by word', async () => {
    const { engine: e, progress } = await loaded();
    expect(new Set(progress.map((p) => p.file))).toEqual(new Set(['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']));
    const seen: string[] = [];
    const greedy = await e.generate(blurbPrompt(item, 'en'), { temperature: 0, topP: 1, maxTokens: 60 }, (text) => seen.push(text));
    expect(greedy.text).toBe(SENTENCE);
    expect(greedy.interrupted).toBe(false);
    // Seven words, the full stop and the end of the turn.
    expect(greedy.tokens).toBe(9);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (let k = 1; k < seen.length; k += 1) expect(seen[k]!.startsWith(seen[k - 1]!)).toBe(true);
    // Sampling at the app's default temperature writes the same: the table's margin is far beyond it.
    const sampled = await e.generate(blurbPrompt(item, 'zh'), { temperature: DEFAULT_GENERATION_SETTINGS.temperature, topP: DEFAULT_GENERATION_SETTINGS.topP, maxTokens: 60 }, () => undefined);
    expect(sampled.text).toBe(SENTENCE);
    await e.unload();
  });

  it('stops at the token limit, and an interrupt stops mid-answer', async () => {
    const { engine: e } = await loaded();
    expect((await e.generate(blurbPrompt(item, 'en'), { temperature: 0, topP: 1, maxTokens: 3 }, () => undefined)).text).toBe('A warm pick');
    const stopped = await e.generate(blurbPrompt(item, 'en'), { temperature: 0, topP: 1, maxTokens: 60 }, () => e.interrupt());
    expect(stopped.interrupted).toBe(true);
    expect(stopped.text.length).toBeLessThan(SENTENCE.length);
    expect(SENTENCE.startsWith(stopped.text)).toBe(true);
    // The next request is not affected by the last one's interrupt.
    expect((await e.generate(blurbPrompt(item, 'en'), { temperature: 0, topP: 1, maxTokens: 60 }, () => undefined)).text).toBe(SENTENCE);
    await e.unload();
  });

  it('a model that is not there fails the load with the reason; generating without a model throws', async () => {
    server = await startModelServer(new Map());
    const e = engine();
    const result = await e.load({ model: model('sift/missing', 1), source: { kind: 'self-hosted', baseUrl: server.url }, preference: 'auto' }, () => undefined);
    expect(result.kind).toBe('failed');
    await expect(e.generate([{ role: 'user', content: 'hi' }], { temperature: 0, topP: 1, maxTokens: 4 }, () => undefined)).rejects.toThrow(/no text model/);
  });

  it('behind GenerationService: the blurb streams and is kept; an answer naming a title outside the candidates falls back to the template', async () => {
    const { engine: e } = await loaded();
    const finished: GeneratedText[] = [];
    const service = new GenerationService(onnxChatEngine(e, (r) => finished.push(r)), { settings: () => DEFAULT_GENERATION_SETTINGS, catalogueTitles: () => CATALOGUE });
    const streamed: string[] = [];
    const outcome = await service.write({ messages: blurbPrompt(item, 'en'), allowedTitles: ['Solaris'], fallback: () => 'TEMPLATE', onText: (t) => streamed.push(t) });
    expect(outcome).toEqual({ kind: 'generated', text: SENTENCE });
    expect(streamed.at(-1)).toBe(SENTENCE);
    expect(streamed.length).toBeGreaterThan(1);
    expect(finished[0]).toMatchObject({ text: SENTENCE, tokens: 9 });
    // JSON mode: the fixture answers prose, which is what the caller's validation rejects.
    expect(await service.raw({ messages: intentPrompt('space films', ['Sci-Fi']), jsonSchema: JSON.stringify(INTENT_JSON_SCHEMA) })).toBe(SENTENCE);
    await e.unload();

    const { engine: offList } = await loaded(OFF_LIST);
    const guarded = new GenerationService(onnxChatEngine(offList), { settings: () => DEFAULT_GENERATION_SETTINGS, catalogueTitles: () => CATALOGUE });
    expect(await guarded.write({ messages: blurbPrompt(item, 'en'), allowedTitles: ['Solaris'], fallback: () => 'TEMPLATE' })).toEqual({ kind: 'fallback', reason: 'unknown-title', text: 'TEMPLATE' });
    await offList.unload();
  });
});
