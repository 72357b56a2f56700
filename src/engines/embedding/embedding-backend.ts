import type { GpuCapability } from '../generation/capability';

/** What the user asked for in Settings: let Sift decide, or force one backend. */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

/** Why a transformers.js model (embedding or text generation) runs where it runs (shown in Settings). */
export type BackendReason =
  | { readonly kind: 'hardware-gpu'; readonly description: string }
  | { readonly kind: 'no-webgpu' }
  | { readonly kind: 'no-adapter' }
  /** A software adapter (SwiftShader, llvmpipe) runs WebGPU on the CPU, slower than WebAssembly SIMD. */
  | { readonly kind: 'software-gpu'; readonly description: string }
  | { readonly kind: 'user-choice' }
  /** WebGPU was chosen but the model could not start on it. */
  | { readonly kind: 'webgpu-failed'; readonly detail: string };

export interface BackendChoice {
  readonly device: 'webgpu' | 'wasm';
  readonly reason: BackendReason;
}

export function chooseBackend(capability: GpuCapability, preference: BackendPreference): BackendChoice {
  if (preference === 'wasm') return { device: 'wasm', reason: { kind: 'user-choice' } };
  switch (capability.kind) {
    case 'no-webgpu':
      return { device: 'wasm', reason: { kind: 'no-webgpu' } };
    case 'no-adapter':
      return { device: 'wasm', reason: { kind: 'no-adapter' } };
    case 'software-adapter':
      return preference === 'webgpu'
        ? { device: 'webgpu', reason: { kind: 'user-choice' } }
        : { device: 'wasm', reason: { kind: 'software-gpu', description: capability.description } };
    case 'available':
      return { device: 'webgpu', reason: preference === 'webgpu' ? { kind: 'user-choice' } : { kind: 'hardware-gpu', description: capability.description } };
  }
}
