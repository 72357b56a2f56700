import { describe, expect, it } from 'vitest';
import { checkGpuCapability, type AdapterLike } from '../../src/engines/generation/capability';
import { writingLanguageOf } from '../../src/app/writer.svelte';

/** Adapters shaped like Chromium's (the GPU is a true boundary: none here). */
const adapter = (over: Partial<AdapterLike> & { f16?: boolean } = {}): AdapterLike => ({
  features: { has: (name: string) => name === 'shader-f16' && over.f16 === true },
  limits: { maxBufferSize: 4 * 2 ** 30, maxStorageBufferBindingSize: 2 ** 31 },
  info: { vendor: 'nvidia', architecture: 'hopper', description: '' },
  ...over,
});

describe('GPU capability check', () => {
  it('no WebGPU, no adapter, a software adapter, a real one', async () => {
    expect(await checkGpuCapability(undefined, null)).toEqual({ kind: 'no-webgpu' });
    expect(await checkGpuCapability({ requestAdapter: async () => null }, null)).toEqual({ kind: 'no-adapter' });
    expect(await checkGpuCapability({ requestAdapter: () => Promise.reject(new Error('lost')) }, null)).toEqual({ kind: 'no-adapter' });
    // What headless Chromium offers with --enable-unsafe-webgpu.
    const swiftshader = adapter({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } });
    expect(await checkGpuCapability({ requestAdapter: async () => swiftshader }, 8)).toEqual({ kind: 'software-adapter', description: 'google swiftshader' });
    expect(await checkGpuCapability({ requestAdapter: async () => adapter({ f16: true }) }, 8)).toEqual({
      kind: 'available',
      description: 'nvidia hopper',
      shaderF16: true,
      maxBufferSize: 4 * 2 ** 30,
      maxStorageBufferBindingSize: 2 ** 31,
      deviceMemoryGiB: 8,
    });
  });

  it('writes in Chinese for a Chinese-speaking browser', () => {
    expect(writingLanguageOf(['zh-CN', 'en'])).toBe('zh');
    expect(writingLanguageOf(['en-GB'])).toBe('en');
    expect(writingLanguageOf([])).toBe('en');
  });
});
