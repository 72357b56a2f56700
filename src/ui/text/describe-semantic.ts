import type { SemanticState } from '../../app/semantic.svelte';
import type { BackendChoice } from '../../engines/embedding/embedding-backend';
import type { VectorAttachResult } from '../../engines/ranker/ranker-api';

const MB = 1_000_000;

export function megabytes(bytes: number): string {
  return `${(bytes / MB).toLocaleString('en', { maximumFractionDigits: bytes < 10 * MB ? 1 : 0 })} MB`;
}

/** Where the model runs and why, in words. */
export function describeBackend(backend: BackendChoice): string {
  const where = backend.device === 'webgpu' ? 'on the GPU (WebGPU)' : 'on the CPU (WebAssembly)';
  const reason = backend.reason;
  switch (reason.kind) {
    case 'hardware-gpu':
      return `Runs ${where}: this device has a GPU (${reason.description}).`;
    case 'no-webgpu':
      return `Runs ${where}: this browser has no WebGPU.`;
    case 'no-adapter':
      return `Runs ${where}: WebGPU found no GPU adapter.`;
    case 'software-gpu':
      return `Runs ${where}: the only WebGPU adapter is a software one (${reason.description}), slower than WebAssembly.`;
    case 'user-choice':
      return `Runs ${where}, as chosen below.`;
    case 'webgpu-failed':
      return `Runs ${where}: the model would not start on WebGPU (${reason.detail}).`;
  }
}

export function describeSemanticState(state: SemanticState): string {
  switch (state.kind) {
    case 'off':
      return 'Off: matching by words, tags and what people like together.';
    case 'downloading': {
      const loaded = state.files.reduce((sum, f) => sum + f.loaded, 0);
      return `Downloading ${state.model.label}: ${megabytes(loaded)} so far.`;
    }
    case 'embedding-catalogue':
      return `Reading the catalogue with ${state.model.label}: ${state.done.toLocaleString('en')} of ${state.total.toLocaleString('en')} items. Recommendations use words meanwhile.`;
    case 'ready':
      return `On: ${state.model.label}, ${state.vectors === 'catalogue-file' ? 'with the vectors the catalogue ships' : 'with vectors computed on this device'}. ${describeBackend(state.backend)}`;
    case 'failed':
      return `Could not start ${state.model.label}: ${
        state.problem.kind === 'wrong-dimension'
          ? `its vectors have ${state.problem.found} numbers, not ${state.problem.expected}`
          : state.problem.detail
      }. Matching by words instead.`;
  }
}

export function describeCatalogueVectors(result: VectorAttachResult | { readonly kind: 'none' } | { readonly kind: 'other-model'; readonly model: string }): string {
  switch (result.kind) {
    case 'none':
      return 'This catalogue ships no vectors.';
    case 'attached':
      return `This catalogue ships vectors (${result.model}, ${result.count.toLocaleString('en')} items): in use.`;
    case 'other-model':
      return `This catalogue ships vectors of another model (${result.model}); they are not mixed with this model’s, so it is read here instead.`;
    case 'rejected': {
      const p = result.problem;
      const why = p.kind === 'mismatch' ? `its ${p.field} is ${p.found}, expected ${p.expected}` : p.kind === 'fetch-failed' ? `it could not be fetched (${p.detail})` : `it is not a valid vector file (${p.kind})`;
      return `This catalogue’s vector file was not used: ${why}.`;
    }
  }
}
