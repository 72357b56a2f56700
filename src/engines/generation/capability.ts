/**
 * Can this browser run a local language model? Checked before anything is downloaded: WebGPU
 * must offer a hardware adapter (a software one, like SwiftShader, is far too slow for a
 * language model), and its limits decide which models fit.
 */
export type GpuCapability =
  | { readonly kind: 'no-webgpu' }
  | { readonly kind: 'no-adapter' }
  | { readonly kind: 'software-adapter'; readonly description: string }
  | {
      readonly kind: 'available';
      readonly description: string;
      readonly shaderF16: boolean;
      readonly maxBufferSize: number;
      readonly maxStorageBufferBindingSize: number;
      /** navigator.deviceMemory (GiB, rounded down by the browser), when the browser says. */
      readonly deviceMemoryGiB: number | null;
    };

/** The parts of the WebGPU API the check reads (so it can be tested without a GPU). */
export interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}
export interface AdapterLike {
  readonly features: { has(name: string): boolean };
  readonly limits: { readonly maxBufferSize: number; readonly maxStorageBufferBindingSize: number };
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string; readonly isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}

export async function checkGpuCapability(gpu: GpuLike | undefined, deviceMemoryGiB: number | null): Promise<GpuCapability> {
  if (gpu === undefined) return { kind: 'no-webgpu' };
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (adapter === null) return { kind: 'no-adapter' };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter((part) => part !== undefined && part !== '').join(' ') || 'unknown GPU';
  const software = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || /swiftshader|llvmpipe|software/i.test(description);
  if (software) return { kind: 'software-adapter', description };
  return {
    kind: 'available',
    description,
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    deviceMemoryGiB,
  };
}
