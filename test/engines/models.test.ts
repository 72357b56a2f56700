import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import type { GpuCapability } from '../../src/engines/generation/capability';
import { GENERATION_MODELS, modelsFor } from '../../src/engines/generation/models';

const gpu = (over: Partial<Extract<GpuCapability, { kind: 'available' }>> = {}): GpuCapability => ({
  kind: 'available',
  description: 'test',
  shaderF16: true,
  maxBufferSize: 2 ** 31,
  maxStorageBufferBindingSize: 2 ** 30,
  deviceMemoryGiB: 8,
  ...over,
});

describe('the curated model list', () => {
  it('names models in web-llm\'s prebuilt list, with its memory figures', () => {
    for (const model of GENERATION_MODELS) {
      const record = prebuiltAppConfig.model_list.find((m) => m.model_id === model.id);
      expect(record, model.id).toBeDefined();
      expect(Math.round(record!.vram_required_MB ?? 0)).toBe(model.vramMB);
      expect(model.needsShaderF16).toBe(model.id.includes('q4f16'));
    }
  });

  it('picks by shader-f16, limits and memory, preferring the user\'s language', () => {
    expect(modelsFor({ kind: 'no-webgpu' }, 'en')).toEqual({ kind: 'none', why: 'no-gpu' });
    expect(modelsFor({ kind: 'software-adapter', description: 'swiftshader' }, 'en')).toEqual({ kind: 'none', why: 'no-gpu' });
    const zh = modelsFor(gpu(), 'zh');
    expect(zh.kind === 'fits' && zh.recommended.id).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    const noF16 = modelsFor(gpu({ shaderF16: false }), 'en');
    expect(noF16.kind === 'fits' && noF16.models.every((m) => !m.needsShaderF16)).toBe(true);
    // A 2 GiB phone: only the smallest model (in both precisions) fits in 40% of it.
    const small = modelsFor(gpu({ deviceMemoryGiB: 2 }), 'en');
    expect(small.kind === 'fits' && small.models.map((m) => m.id)).toEqual(['SmolLM2-360M-Instruct-q4f16_1-MLC', 'SmolLM2-360M-Instruct-q4f32_1-MLC']);
    expect(modelsFor(gpu({ deviceMemoryGiB: 0.5 }), 'en')).toEqual({ kind: 'none', why: 'memory' });
    expect(modelsFor(gpu({ maxStorageBufferBindingSize: 2 ** 20 }), 'en')).toEqual({ kind: 'none', why: 'limits' });
  });
});
