import { describe, expect, it } from 'vitest';
import { blurbPrompt, intentPrompt, INTENT_JSON_SCHEMA } from '../../src/core/generate/prompts';
import { DEFAULT_GENERATION_SETTINGS, GenerationService } from '../../src/engines/generation/generation-service';
import { BUILT_IN_MODEL } from '../../src/engines/generation/models';
import { generationChoices } from '../../src/engines/generation/writing-ladder';
import { builtInChatEngine, checkBuiltInModel, loadBuiltInEngine } from '../../src/engines/generation/prompt-api';
import { LanguageModelStub } from './prompt-api-stub';

const item = { title: 'Solaris', summary: 'A psychologist is sent to a space station.', tags: ['Sci-Fi', 'space'], reasons: [{ kind: 'because-you-liked' as const, title: 'Alien', via: 'neighbors' as const }] };
const job = (onText?: (t: string) => void) => ({ messages: blurbPrompt(item, 'en'), allowedTitles: ['Solaris', 'Alien'], fallback: () => 'TEMPLATE', ...(onText === undefined ? {} : { onText }) });
const service = (stub: LanguageModelStub) => new GenerationService(builtInChatEngine(stub, ['en']), { settings: () => DEFAULT_GENERATION_SETTINGS, catalogueTitles: () => ['Solaris', 'Alien', 'The Shining'], timeoutMs: 2_000 });

describe('the browser\'s built-in model (Prompt API)', () => {
  it('is absent, unavailable, downloadable, downloading or available, as the browser says', async () => {
    expect(await checkBuiltInModel(undefined, ['en'])).toEqual({ kind: 'absent' });
    for (const state of ['unavailable', 'downloadable', 'downloading', 'available'] as const) expect(await checkBuiltInModel(new LanguageModelStub(state, () => ''), ['en'])).toEqual({ kind: state });
    const broken = { availability: () => Promise.reject(new Error('no')), create: () => Promise.reject(new Error('no')) };
    expect(await checkBuiltInModel(broken, ['en'])).toEqual({ kind: 'unavailable' });
  });

  it('streams a blurb through the service, with the system prompt, sampling and no text shared between requests', async () => {
    const stub = new LanguageModelStub('available', () => 'Like “Alien”, Solaris is slow, strange and lonely in space.');
    const streamed: string[] = [];
    const outcome = await service(stub).write(job((text) => streamed.push(text)));
    expect(outcome).toEqual({ kind: 'generated', text: 'Like “Alien”, Solaris is slow, strange and lonely in space.' });
    expect(streamed.length).toBeGreaterThan(3);
    expect(streamed[streamed.length - 1]).toBe(outcome.text);
    const [system] = blurbPrompt(item, 'en');
    expect(stub.created[0]).toMatchObject({ initialPrompts: [{ role: 'system', content: system!.content }], temperature: DEFAULT_GENERATION_SETTINGS.temperature, topK: 40 });
    expect(stub.destroyed).toBe(1);
  });

  it('a title outside the candidates is refused by the guard and the template takes over', async () => {
    const stub = new LanguageModelStub('available', () => 'As haunting as "The Shining", Solaris stays with you.');
    expect(await service(stub).write(job())).toEqual({ kind: 'fallback', reason: 'unknown-title', text: 'TEMPLATE' });
  });

  it('asks for JSON with the schema as the response constraint; a quota error or a cancel falls back', async () => {
    const stub = new LanguageModelStub('available', () => '{"query":"robots","includeTags":["Sci-Fi"],"excludeTags":[],"yearFrom":null,"yearTo":null,"length":null}');
    const answer = await service(stub).raw({ messages: intentPrompt('robots', ['Sci-Fi']), jsonSchema: JSON.stringify(INTENT_JSON_SCHEMA) });
    expect(JSON.parse(answer!)).toMatchObject({ query: 'robots' });
    expect(stub.prompts[0]!.responseConstraint).toEqual(INTENT_JSON_SCHEMA);

    const small = new LanguageModelStub('available', () => 'x', 10);
    expect(await service(small).write(job())).toMatchObject({ kind: 'fallback', reason: 'failed' });

    const slow = new LanguageModelStub('available', () => 'Solaris '.repeat(200));
    const running = service(slow);
    const writing = running.write(job());
    await new Promise((resolve) => setTimeout(resolve, 20));
    running.cancelAll();
    expect(await writing).toMatchObject({ kind: 'fallback', reason: 'cancelled' });
    expect(slow.destroyed).toBe(1);
  });

  it('reports the browser\'s own download of its model, and a cancelled load never opens', async () => {
    const stub = new LanguageModelStub('downloadable', () => 'ok');
    const progress: number[] = [];
    const { engine, dispose } = await loadBuiltInEngine(stub, ['en'], (p) => progress.push(p.progress)).ready;
    expect(progress).toEqual([0, 0.5, 1]);
    expect(await checkBuiltInModel(stub, ['en'])).toEqual({ kind: 'available' });
    expect(engine).toBeDefined();
    dispose();
    expect(stub.destroyed).toBe(1);
    const loading = loadBuiltInEngine(new LanguageModelStub('downloadable', () => 'ok'), ['en'], () => undefined);
    loading.cancel();
    await expect(loading.ready).rejects.toThrow();
  });

  it('is offered first when the browser has it, beside the models that fit (web-llm only with a GPU)', () => {
    const gpu = { kind: 'available' as const, description: 'GPU', shaderF16: true, maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30, deviceMemoryGiB: 8 };
    const none = { kind: 'no-adapter' as const };
    for (const capability of [gpu, none]) {
      for (const state of ['absent', 'unavailable', 'downloadable', 'downloading', 'available'] as const) {
        const choice = generationChoices({ capability, builtIn: { kind: state }, language: 'en', onnxModels: [], onnxDevice: 'auto', hostedWebLlm: [], hubAllowed: true });
        const offers = state === 'downloadable' || state === 'downloading' || state === 'available';
        if (!offers) {
          expect(choice.kind === 'fits' ? choice.models.some((m) => m.id === BUILT_IN_MODEL.id) : false).toBe(false);
          continue;
        }
        expect(choice.kind).toBe('fits');
        if (choice.kind !== 'fits') continue;
        expect(choice.models[0]).toBe(BUILT_IN_MODEL);
        expect(choice.models.length > 1).toBe(capability.kind === 'available');
        // (transformers.js models, offered on every browser, are left out of this list: see writing-ladder.test.ts.)
        // Ready now, or nothing else to run: the built-in one is recommended; else the GPU's.
        expect(choice.recommended === BUILT_IN_MODEL).toBe(state === 'available' || capability.kind !== 'available');
      }
    }
  });
});
