import { describe, expect, it } from 'vitest';
import type { BackendPreference } from '../../src/engines/embedding/embedding-backend';
import type { GpuCapability } from '../../src/engines/generation/capability';
import { BUILT_IN_MODEL } from '../../src/engines/generation/models';
import { availableTextModels, chooseOnnxDtype, ONNX_TEXT_MODELS, onnxTextModelFiles, parseSelfHostedTextModels, type OnnxTextModel } from '../../src/engines/generation/onnx-models';
import type { BuiltInModelState } from '../../src/engines/generation/prompt-api';
import { generationChoices, writingRungs, type LadderInput } from '../../src/engines/generation/writing-ladder';

const hardware = (over: Partial<Extract<GpuCapability, { kind: 'available' }>> = {}): GpuCapability => ({
  kind: 'available',
  description: 'test gpu',
  shaderF16: true,
  maxBufferSize: 2 ** 31,
  maxStorageBufferBindingSize: 2 ** 30,
  deviceMemoryGiB: 8,
  ...over,
});
const CAPABILITIES: readonly GpuCapability[] = [
  { kind: 'no-webgpu' },
  { kind: 'no-adapter' },
  { kind: 'software-adapter', description: 'Google SwiftShader' },
  hardware(),
  hardware({ shaderF16: false }),
  hardware({ maxStorageBufferBindingSize: 2 ** 20 }),
];
const BUILT_IN_STATES: readonly BuiltInModelState[] = [{ kind: 'absent' }, { kind: 'unavailable' }, { kind: 'downloadable' }, { kind: 'downloading' }, { kind: 'available' }];
const PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'wasm'];
const HOSTED: OnnxTextModel = { id: 'site/tiny-writer', label: 'Tiny writer', languages: ['en'], onnxBytes: { fp32: 40_000 }, otherBytes: 3_000, origin: 'self-hosted' };

function* everyInput(): Generator<LadderInput> {
  for (const capability of CAPABILITIES)
    for (const builtIn of BUILT_IN_STATES)
      for (const onnxDevice of PREFERENCES)
        for (const onnxModels of [ONNX_TEXT_MODELS, availableTextModels([HOSTED])])
          for (const language of ['en', 'zh'] as const) yield { capability, builtIn, onnxDevice, onnxModels, language, hostedWebLlm: [], hubAllowed: true };
}

describe('the writing ladder', () => {
  it('over every combination: the built-in model first when offered, web-llm only on a hardware GPU, transformers.js everywhere, on the device the rules say', () => {
    let checked = 0;
    for (const input of everyInput()) {
      const choice = generationChoices(input);
      expect(choice.kind).toBe('fits');
      if (choice.kind !== 'fits') continue;
      const offersBuiltIn = ['available', 'downloadable', 'downloading'].includes(input.builtIn.kind);
      expect(choice.models[0] === BUILT_IN_MODEL).toBe(offersBuiltIn);
      const hardwareGpu = input.capability.kind === 'available' && input.capability.maxStorageBufferBindingSize >= 2 ** 27;
      expect(choice.models.some((m) => m.runtime === 'web-llm')).toBe(hardwareGpu);
      const onnx = choice.models.flatMap((m) => (m.runtime === 'onnx' ? [m] : []));
      expect(onnx.map((m) => m.id)).toEqual(input.onnxModels.map((m) => m.id));
      const gpuForOnnx = input.onnxDevice !== 'wasm' && (input.capability.kind === 'available' || (input.capability.kind === 'software-adapter' && input.onnxDevice === 'webgpu'));
      const f16 = input.capability.kind === 'available' && input.capability.shaderF16;
      for (const m of onnx) {
        expect(m.device).toBe(gpuForOnnx ? 'webgpu' : 'wasm');
        expect(m.dtype).toBe(m.onnx.onnxBytes.q4 === undefined ? 'fp32' : gpuForOnnx && f16 ? 'q4f16' : 'q4');
        expect(m.downloadBytes).toBe(m.onnx.onnxBytes[m.dtype]! + m.onnx.otherBytes);
      }
      // What is recommended: ready now, else the site's own, else web-llm on the GPU, else the browser's download, else the smallest in the user's language.
      const hosted = onnx.find((m) => m.onnx.origin === 'self-hosted');
      const expected =
        input.builtIn.kind === 'available'
          ? BUILT_IN_MODEL.id
          : (hosted?.id ??
            (hardwareGpu
              ? choice.models.find((m) => m.runtime === 'web-llm')!.id
              : offersBuiltIn
                ? BUILT_IN_MODEL.id
                : input.language === 'zh'
                  ? 'onnx-community/Qwen2.5-0.5B-Instruct'
                  : 'HuggingFaceTB/SmolLM2-135M-Instruct'));
      if (!hardwareGpu || hosted !== undefined || input.builtIn.kind === 'available') expect(choice.recommended.id).toBe(expected);
      else expect(choice.recommended.runtime).toBe('web-llm');

      const rungs = writingRungs(input);
      expect(rungs.map((r) => r.rung)).toEqual(['prompt-api', 'web-llm', 'onnx', 'templates']);
      expect(rungs[0]!.status).toEqual(
        input.builtIn.kind === 'available'
          ? { kind: 'ready' }
          : offersBuiltIn
            ? { kind: 'downloadable', by: 'browser' }
            : { kind: 'unavailable', why: input.builtIn.kind === 'absent' ? 'no-prompt-api' : 'browser-says-no' },
      );
      expect(rungs[1]!.status.kind).toBe(hardwareGpu ? 'downloadable' : 'unavailable');
      if (!hardwareGpu) {
        const why = input.capability.kind === 'available' ? 'limits' : input.capability.kind;
        expect(rungs[1]!.status).toEqual({ kind: 'unavailable', why });
      }
      expect(rungs[2]!.status).toMatchObject({ kind: 'downloadable', by: 'sift', of: 'download', device: gpuForOnnx ? 'webgpu' : 'wasm' });
      expect(rungs[3]!.status).toEqual({ kind: 'ready' });
      checked += 1;
    }
    expect(checked).toBe(CAPABILITIES.length * BUILT_IN_STATES.length * PREFERENCES.length * 2 * 2);
  });

  it('leaves out models larger than the device can hold, down to none', () => {
    const input = (deviceMemoryGiB: number): LadderInput => ({ capability: hardware({ deviceMemoryGiB, maxStorageBufferBindingSize: 2 ** 20 }), builtIn: { kind: 'absent' }, language: 'en', onnxModels: ONNX_TEXT_MODELS, onnxDevice: 'auto', hostedWebLlm: [], hubAllowed: true });
    const one = generationChoices(input(1));
    expect(one.kind === 'fits' ? one.models.map((m) => m.id) : []).toEqual(['HuggingFaceTB/SmolLM2-135M-Instruct', 'HuggingFaceTB/SmolLM2-360M-Instruct']);
    expect(generationChoices(input(0.25))).toEqual({ kind: 'none', why: 'memory' });
    expect(writingRungs(input(0.25))[2]!.status).toEqual({ kind: 'unavailable', why: 'memory' });
  });

  it('a site’s own web-llm copy comes first and is recommended on a GPU; with the hub off limits only the site’s own models are offered, on every rung', () => {
    const hostedWebLlm = [{ id: 'SmolLM2-360M-Instruct-q4f16_1-MLC', model: 'mlc-ai/SmolLM2-360M-Instruct-q4f16_1-MLC/', modelLib: 'web-llm-libs/x.wasm', downloadBytes: 3e8 }];
    const base = { builtIn: { kind: 'absent' } as const, language: 'en' as const, onnxDevice: 'auto' as const };
    const open = generationChoices({ ...base, capability: hardware(), onnxModels: availableTextModels([HOSTED]), hostedWebLlm, hubAllowed: true });
    expect(open.kind === 'fits' ? open.models[0] : null).toMatchObject({ runtime: 'web-llm', id: hostedWebLlm[0]!.id, hosted: hostedWebLlm[0] });
    expect(open.kind === 'fits' ? open.recommended.id : null).toBe(hostedWebLlm[0]!.id);
    expect(open.kind === 'fits' ? open.models.filter((m) => m.runtime === 'web-llm').length : 0).toBeGreaterThan(1);

    const closed = generationChoices({ ...base, capability: hardware(), onnxModels: availableTextModels([HOSTED]), hostedWebLlm, hubAllowed: false });
    expect(closed.kind === 'fits' ? closed.models.map((m) => m.id) : []).toEqual([hostedWebLlm[0]!.id, HOSTED.id]);
    const nothingHosted: LadderInput = { ...base, capability: hardware(), onnxModels: ONNX_TEXT_MODELS, hostedWebLlm: [], hubAllowed: false };
    expect(generationChoices(nothingHosted)).toEqual({ kind: 'none', why: 'not-hosted' });
    expect(writingRungs(nothingHosted).map((r) => r.status)).toEqual([
      { kind: 'unavailable', why: 'no-prompt-api' },
      { kind: 'unavailable', why: 'not-hosted' },
      { kind: 'unavailable', why: 'not-hosted' },
      { kind: 'ready' },
    ]);
  });

  it('fetches the files of the dtype it runs', () => {
    expect(onnxTextModelFiles('q4f16')).toContain('onnx/model_q4f16.onnx');
    expect(onnxTextModelFiles('fp32')).toContain('onnx/model.onnx');
    expect(chooseOnnxDtype(ONNX_TEXT_MODELS[0]!, 'webgpu', true)).toBe('q4f16');
    expect(chooseOnnxDtype(ONNX_TEXT_MODELS[0]!, 'webgpu', false)).toBe('q4');
    expect(chooseOnnxDtype(ONNX_TEXT_MODELS[0]!, 'wasm', true)).toBe('q4');
    expect(chooseOnnxDtype({ ...HOSTED, onnxBytes: { q4f16: 1 } }, 'wasm', false)).toBeNull();
  });
});

describe('the self-hosted generation list', () => {
  it('keeps valid entries, drops bad ones, and puts the site’s copies first in place of the hub’s', () => {
    const raw = {
      format: 'sift-models',
      models: [],
      generation: [
        { id: 'site/tiny-writer', label: 'Tiny writer', languages: ['en'], onnxBytes: { fp32: 40_000 }, otherBytes: 3_000 },
        { id: '../etc/passwd', label: 'x', languages: ['en'], onnxBytes: { q4: 1 }, otherBytes: 0 },
        { id: 'a/b', label: 'x', languages: ['fr'], onnxBytes: { q4: 1 }, otherBytes: 0 },
        { id: 'a/c', label: 'x', languages: ['en'], onnxBytes: { q8: 1 }, otherBytes: 0 },
        { id: 'HuggingFaceTB/SmolLM2-135M-Instruct', label: 'SmolLM2 135M (this site)', languages: ['en'], onnxBytes: { q4: 200e6 }, otherBytes: 2e6 },
      ],
    };
    const hosted = parseSelfHostedTextModels(raw);
    expect(hosted.map((m) => m.id)).toEqual(['site/tiny-writer', 'HuggingFaceTB/SmolLM2-135M-Instruct']);
    expect(hosted.every((m) => m.origin === 'self-hosted')).toBe(true);
    const offered = availableTextModels(hosted);
    expect(offered.map((m) => m.id)).toEqual(['site/tiny-writer', 'HuggingFaceTB/SmolLM2-135M-Instruct', 'HuggingFaceTB/SmolLM2-360M-Instruct', 'onnx-community/Qwen2.5-0.5B-Instruct']);
    expect(parseSelfHostedTextModels({ format: 'sift-models', models: [] })).toEqual([]);
    expect(parseSelfHostedTextModels('nonsense')).toEqual([]);
  });
});
