import type { GenerationModel } from '../../engines/generation/models';
import type { GeneratedText } from '../../engines/generation/onnx-text-generator';
import type { RungStatus, WritingRung } from '../../engines/generation/writing-ladder';
import { megabytes } from './describe-semantic';

const RUNG_NAMES: Record<WritingRung['rung'], string> = {
  'prompt-api': 'This browser’s built-in model',
  'web-llm': 'web-llm on the GPU',
  onnx: 'transformers.js (ONNX models)',
  templates: 'Sentences from the ranking’s reasons',
};

/** One rung of the ladder in Settings: its name and where this browser stands on it. */
export function describeRung(rung: WritingRung): { readonly name: string; readonly status: string } {
  return { name: RUNG_NAMES[rung.rung], status: describeRungStatus(rung) };
}

function describeRungStatus(rung: WritingRung): string {
  const status: RungStatus = rung.status;
  switch (status.kind) {
    case 'ready':
      return rung.rung === 'templates' ? 'always available, nothing to download' : 'ready: nothing to download';
    case 'downloadable':
      if (status.by === 'browser') return 'available: the browser downloads it first (its own download)';
      return status.of === 'gpu-memory'
        ? `available: from about ${status.smallestMB.toLocaleString('en')} MB of GPU memory`
        : `available: from ${status.smallestMB.toLocaleString('en')} MB to download, runs ${status.device === 'webgpu' ? 'on the GPU (WebGPU)' : 'on the CPU (WebAssembly)'}`;
    case 'unavailable':
      return `not available: ${UNAVAILABLE[status.why]}`;
  }
}

const UNAVAILABLE: Record<Extract<RungStatus, { kind: 'unavailable' }>['why'], string> = {
  'no-prompt-api': 'this browser has no Prompt API',
  'browser-says-no': 'the browser says it cannot run its model here',
  'no-webgpu': 'this browser has no WebGPU',
  'no-adapter': 'WebGPU found no graphics adapter',
  'software-adapter': 'the only graphics adapter is a software one, too slow for it',
  limits: 'the GPU’s buffers are too small for these models',
  memory: 'not enough memory on this device',
  'not-hosted': 'this site offers only the models it hosts itself, and hosts none of these',
};

/** A model in the list: what it costs and where it runs. */
export function describeModelCost(model: GenerationModel): string {
  switch (model.runtime) {
    case 'prompt-api':
      return 'the browser’s own model: Sift downloads nothing';
    case 'web-llm':
      return `~${model.vramMB.toLocaleString('en')} MB of GPU memory${model.hosted === undefined ? '' : ' · hosted by this site'} · ${model.languages.join(', ')}`;
    case 'onnx':
      return `${megabytes(model.downloadBytes)}${model.onnx.origin === 'self-hosted' ? ' · hosted by this site' : ''} · ${model.device === 'webgpu' ? 'GPU' : 'CPU'} · ${model.languages.join(', ')}`;
  }
}

/** The consent line before a download. */
export function describeDownload(model: Exclude<GenerationModel, { runtime: 'prompt-api' }>): string {
  if (model.runtime === 'web-llm')
    return `Download ${model.label}${model.hosted === undefined ? '' : ' from this site'}? It uses about ${model.vramMB.toLocaleString('en')} MB of GPU memory; the download is a little smaller and stays cached for offline use.`;
  const from = model.onnx.origin === 'self-hosted' ? 'from this site' : 'from huggingface.co';
  return `Download ${model.label}? About ${megabytes(model.downloadBytes)} ${from}, once (${model.dtype} weights for ${model.device === 'webgpu' ? 'the GPU' : 'the CPU'}); it stays in this browser for offline use.`;
}

/** How fast the last answer came (tokens per second of the decoding loop). */
export function describeSpeed(answer: GeneratedText): string {
  const seconds = answer.elapsedMs / 1000;
  const rate = seconds > 0 ? answer.tokens / seconds : 0;
  return `Last answer: ${answer.tokens} tokens in ${seconds.toFixed(1)} s (${rate.toFixed(1)} tokens/s).`;
}
