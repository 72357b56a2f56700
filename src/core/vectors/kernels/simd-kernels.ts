import { DOT_KERNELS_WASM_BASE64 } from './dot-kernels-wasm';

/** The exported functions of dot-kernels.wat; pointers are byte offsets into the instance's memory. */
export interface DotKernelExports {
  dotInt8(rows: number, count: number, dim: number, query: number, scales: number, out: number, queryScale: number): void;
  dotInt8Max(rows: number, count: number, dim: number, queries: number, queryCount: number, scales: number, out: number, queryScales: number): void;
  dotF32(rows: number, count: number, dim: number, query: number, out: number): void;
}

export interface SimdKernelInstance {
  readonly memory: WebAssembly.Memory;
  readonly exports: DotKernelExports;
}

let compiled: WebAssembly.Module | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The compiled SIMD module, or null where WebAssembly or its SIMD128 proposal is missing (then
 * the scans run in plain JavaScript). Compiled once; the module is 0.6 KB, under the size that
 * browsers allow to compile synchronously on any thread.
 */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object') return null;
  const bytes = decodeBase64(DOT_KERNELS_WASM_BASE64);
  if (!WebAssembly.validate(bytes)) return null;
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

export function simdAvailable(): boolean {
  return kernelModule() !== null;
}

const PAGE = 65536;

/**
 * A kernel instance over its own memory of at least `bytes` bytes, so each vector table owns
 * (and frees with itself) exactly the memory it scans. Null when SIMD is unavailable or the
 * memory cannot be had.
 */
export function instantiateKernels(bytes: number): SimdKernelInstance | null {
  const module = kernelModule();
  if (module === null) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return { memory, exports: instance.exports as unknown as DotKernelExports };
  } catch {
    return null;
  }
}
