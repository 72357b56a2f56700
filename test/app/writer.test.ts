import { describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/app/session-types';
import { Writer } from '../../src/app/writer.svelte';
import { NO_MARK } from '../../src/core/profile/interest-profile';
import type { GpuCapability } from '../../src/engines/generation/capability';
import { GENERATION_MODELS, type GenerationModel } from '../../src/engines/generation/models';
import type { GeneratedText } from '../../src/engines/generation/onnx-text-generator';
import type { LoadingEngine, LoadProgress } from '../../src/engines/generation/web-llm-loader';
import { ScriptedChatEngine } from '../engines/scripted-chat-engine';

const GPU: GpuCapability = { kind: 'available', description: 'test gpu', shaderF16: true, maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30, deviceMemoryGiB: 8 };
const entry = (id: string, title: string): FeedEntry => ({
  item: { id, title, tags: ['Sci-Fi'] },
  ranked: { itemId: id, score: 1, explanation: { signals: [], matched: [], because: [], exploration: null } } as unknown as FeedEntry['ranked'],
  reasons: [{ kind: 'because-you-liked', title: 'Alien', via: 'similar' }],
  mark: NO_MARK,
});

/** web-llm's loading as the Writer sees it: progress reports, then an engine (scripted) or a failure. */
function fakeLoad(engine: ScriptedChatEngine) {
  const loads: Array<{ modelId: string; model: GenerationModel; report: (p: LoadProgress) => void; answered: (a: GeneratedText) => void; finish: () => void; fail: (e: Error) => void; cancelled: boolean }> = [];
  const load = (model: GenerationModel, onProgress: (p: LoadProgress) => void, onAnswer: (a: GeneratedText) => void): LoadingEngine => {
    const modelId = model.id;
    let finish!: () => void;
    let fail!: (e: Error) => void;
    const ready = new Promise<{ engine: ScriptedChatEngine; dispose(): void }>((resolve, reject) => {
      finish = () => resolve({ engine, dispose: () => undefined });
      fail = reject;
    });
    const record = { modelId, model, report: onProgress, answered: onAnswer, finish, fail, cancelled: false };
    loads.push(record);
    return { ready, cancel: () => (record.cancelled = true) };
  };
  return { load, loads };
}

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('Writer', () => {
  it('templates until a model is chosen; then download progress, the model, streamed blurbs and digest', async () => {
    const engine = new ScriptedChatEngine(['Close to “Alien”, and just as tense.', 'Another “Alien” cousin.', 'This week: “Gravity” and “Solaris”.']);
    const { load, loads } = fakeLoad(engine);
    const storage = memoryStorage();
    const writer = new Writer('en', { load, storage, catalogueTitles: () => ['Gravity', 'Solaris', 'Alien', 'Blade Runner'] });
    writer.capabilityChecked(GPU);
    expect(writer.mode.kind).toBe('templates');
    const feed = [entry('g', 'Gravity'), entry('s', 'Solaris')];
    expect(writer.blurb(feed[0]!)).toBe('It is close to Alien, which you liked.');
    const choice = writer.choices();
    expect(choice.kind).toBe('fits');
    if (choice.kind !== 'fits') return;
    writer.enable(choice.recommended);
    loads[0]!.report({ progress: 0.4, text: 'Fetching param cache[4/10]' });
    expect(writer.mode).toMatchObject({ kind: 'downloading', progress: { progress: 0.4 } });
    loads[0]!.finish();
    await expect.poll(() => writer.mode.kind).toBe('model');
    expect(JSON.parse(storage.map.get('sift-writing')!).modelId).toBe(choice.recommended.id);

    writer.writeFor(feed);
    await expect.poll(() => writer.blurb(feed[1]!)).toBe('Another “Alien” cousin.');
    expect(writer.blurb(feed[0]!)).toBe('Close to “Alien”, and just as tense.');
    await expect.poll(() => writer.digest(feed)).toBe('This week: “Gravity” and “Solaris”.');
    // Asking again for the same page writes nothing new.
    writer.writeFor(feed);
    expect(engine.requests).toHaveLength(3);
  });

  it('a cancelled download goes back to templates; a failed one says why; the choice is remembered across starts', async () => {
    const { load, loads } = fakeLoad(new ScriptedChatEngine([]));
    const storage = memoryStorage();
    const writer = new Writer('en', { load, storage, catalogueTitles: () => [] });
    writer.capabilityChecked(GPU);
    writer.enable(GENERATION_MODELS[1]!);
    writer.cancelDownload();
    expect(loads[0]!.cancelled).toBe(true);
    expect(writer.mode.kind).toBe('templates');
    writer.enable(GENERATION_MODELS[1]!);
    loads[1]!.fail(new Error('WebGPU device lost'));
    await expect.poll(() => writer.mode).toMatchObject({ kind: 'templates', failure: 'WebGPU device lost' });

    storage.setItem('sift-writing', JSON.stringify({ modelId: GENERATION_MODELS[1]!.id, settings: { temperature: 0.3, topP: 0.8, maxTokens: 64 } }));
    const again = new Writer('en', { load, storage, catalogueTitles: () => [] });
    expect(again.settings).toEqual({ temperature: 0.3, topP: 0.8, maxTokens: 64 });
    again.capabilityChecked(GPU);
    expect(again.mode.kind).toBe('downloading');
    // Without a usable GPU the remembered model is not loaded.
    const none = new Writer('en', { load, storage, catalogueTitles: () => [] });
    none.capabilityChecked({ kind: 'no-webgpu' });
    expect(none.mode.kind).toBe('templates');
  });

  it('transformers.js models: run where the user says (a loaded one restarts there), remembered with the model; each answer\'s speed is kept', async () => {
    const { load, loads } = fakeLoad(new ScriptedChatEngine([]));
    const storage = memoryStorage();
    const writer = new Writer('en', { load, storage, catalogueTitles: () => [] });
    writer.capabilityChecked({ kind: 'software-adapter', description: 'swiftshader' });
    const choice = writer.choices();
    const small = choice.kind === 'fits' ? choice.models.find((m) => m.id === 'HuggingFaceTB/SmolLM2-135M-Instruct') : undefined;
    expect(small).toMatchObject({ runtime: 'onnx', device: 'wasm', dtype: 'q4' });
    expect(writer.rungs()?.find((r) => r.rung === 'web-llm')?.status).toEqual({ kind: 'unavailable', why: 'software-adapter' });
    writer.enable(small!);
    loads[0]!.finish();
    await expect.poll(() => writer.mode.kind).toBe('model');
    loads[0]!.answered({ text: 'x', tokens: 12, elapsedMs: 400, interrupted: false });
    expect(writer.lastAnswer?.tokens).toBe(12);
    writer.chooseOnnxDevice('webgpu');
    expect(loads).toHaveLength(2);
    expect(loads[1]!.model).toMatchObject({ id: small!.id, device: 'webgpu' });
    expect(writer.lastAnswer).toBeNull();
    loads[1]!.finish();
    await expect.poll(() => writer.mode.kind).toBe('model');
    expect(JSON.parse(storage.map.get('sift-writing')!)).toMatchObject({ modelId: small!.id, onnxDevice: 'webgpu' });
    // The next start restores both.
    const again = new Writer('en', { load, storage, catalogueTitles: () => [] });
    again.capabilityChecked({ kind: 'software-adapter', description: 'swiftshader' });
    expect(loads[2]!.model).toMatchObject({ id: small!.id, device: 'webgpu' });
  });

  it('interpret: the model\'s JSON, validated against the catalogue; malformed JSON means "use the rules"', async () => {
    const engine = new ScriptedChatEngine(['{"query":"","includeTags":["sci-fi","Made Up"],"excludeTags":["Horror"],"yearFrom":null,"yearTo":null,"length":null}', '{"query": "robots", "includeTags": [']);
    const { load, loads } = fakeLoad(engine);
    const writer = new Writer('en', { load, storage: memoryStorage(), catalogueTitles: () => [] });
    expect(await writer.interpret('anything', ['Sci-Fi'])).toBeNull();
    writer.capabilityChecked(GPU);
    writer.enable(GENERATION_MODELS[0]!);
    loads[0]!.finish();
    await expect.poll(() => writer.mode.kind).toBe('model');
    expect(await writer.interpret('sci-fi, no horror', ['Sci-Fi', 'Horror'])).toEqual({ query: '', includeTags: ['Sci-Fi'], excludeTags: ['Horror'], years: null, length: null });
    expect(await writer.interpret('robots', ['Sci-Fi'])).toBeNull();
  });
});
