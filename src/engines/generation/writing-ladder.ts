import type { WritingLanguage } from '../../core/generate/templates';
import { chooseBackend, type BackendPreference } from '../embedding/embedding-backend';
import type { GpuCapability } from './capability';
import { parseHostedWebLlm, type HostedWebLlmModel } from './hosted-web-llm';
import { ASSUMED_MEMORY_GIB, BUILT_IN_MODEL, MEMORY_SHARE, modelsFor, type GenerationModel, type OnnxGenerationModel, type WebLlmChoice, type WebLlmModel } from './models';
import { availableTextModels, chooseOnnxDtype, ONNX_TEXT_MODELS, onnxDownloadBytes, parseSelfHostedTextModels, type OnnxTextModel } from './onnx-models';
import type { BuiltInModelState } from './prompt-api';

/**
 * The ladder of ways Sift can write, strongest first: the browser's built-in model (Prompt
 * API), web-llm on a hardware GPU, transformers.js on WebGPU or WebAssembly (so on any
 * browser), and the templates, which always work. Decided from what the browser says before
 * anything is downloaded.
 */
/** The models a deployment offers: its self-hosted ones (models/manifest.json), and the hub's when the build may reach it. */
export interface OfferedModels {
  /** transformers.js models: the site's own first (see availableTextModels). */
  readonly onnxModels: readonly OnnxTextModel[];
  /** web-llm models the site hosts itself. */
  readonly hostedWebLlm: readonly HostedWebLlmModel[];
  /** The build lets the app fetch from the Hugging Face hub; if not, only the site's own models are offered. */
  readonly hubAllowed: boolean;
}

/** What a deployment without a manifest offers: the built-in lists, from the hub. */
export const HUB_MODELS: OfferedModels = { onnxModels: ONNX_TEXT_MODELS, hostedWebLlm: [], hubAllowed: true };

/** The offer from a fetched manifest (anything else: none of its own). */
export function offeredModels(manifest: unknown, hubAllowed: boolean): OfferedModels {
  const hosted = parseSelfHostedTextModels(manifest);
  return { onnxModels: hubAllowed ? availableTextModels(hosted) : hosted, hostedWebLlm: parseHostedWebLlm(manifest), hubAllowed };
}

export interface LadderInput extends OfferedModels {
  readonly capability: GpuCapability;
  readonly builtIn: BuiltInModelState;
  readonly language: WritingLanguage;
  /** Where the user wants transformers.js models to run (Settings → Writing). */
  readonly onnxDevice: BackendPreference;
}

export type ModelChoice =
  /** 'checking': the browser has not said yet; 'memory': no model fits this device; 'not-hosted': the hub is off limits and the site hosts none that runs here. */
  | { readonly kind: 'none'; readonly why: 'checking' | 'memory' | 'not-hosted' }
  | { readonly kind: 'fits'; readonly models: readonly GenerationModel[]; readonly recommended: GenerationModel };

/** Every model this browser can write with, and the one Sift recommends. */
export function generationChoices(input: LadderInput): ModelChoice {
  const builtInOffered = input.builtIn.kind === 'available' || input.builtIn.kind === 'downloadable' || input.builtIn.kind === 'downloading';
  const webLlm = webLlmChoices(input);
  const onnx = onnxChoices(input);
  const models: GenerationModel[] = [...(builtInOffered ? [BUILT_IN_MODEL] : []), ...(webLlm.kind === 'fits' ? webLlm.models : []), ...onnx];
  if (models.length === 0) return { kind: 'none', why: input.hubAllowed ? 'memory' : 'not-hosted' };
  const speaks = (m: GenerationModel): boolean => m.languages.includes(input.language);
  const selfHosted = (webLlm.kind === 'fits' ? webLlm.models.find((m) => m.hosted !== undefined) : undefined) ?? onnx.find((m) => m.onnx.origin === 'self-hosted');
  // Ready now beats anything to download; the site's own model makes no third-party request;
  // web-llm is the fastest on a real GPU; the browser's own download costs Sift nothing; then
  // the smallest transformers.js model that writes the user's language.
  const recommended =
    (input.builtIn.kind === 'available' ? BUILT_IN_MODEL : undefined) ??
    selfHosted ??
    (webLlm.kind === 'fits' ? webLlm.recommended : undefined) ??
    (builtInOffered ? BUILT_IN_MODEL : undefined) ??
    [...onnx].sort((a, b) => Number(speaks(b)) - Number(speaks(a)) || a.downloadBytes - b.downloadBytes)[0]!;
  return { kind: 'fits', models, recommended };
}

/** web-llm's models that fit this GPU, with the site's own copies marked (and only those when the hub is off limits). */
function webLlmChoices(input: LadderInput): WebLlmChoice {
  const fitting = modelsFor(input.capability, input.language);
  if (fitting.kind === 'none') return fitting;
  const models = fitting.models.flatMap((model): WebLlmModel[] => {
    const hosted = input.hostedWebLlm.find((h) => h.id === model.id);
    if (hosted !== undefined) return [{ ...model, hosted }];
    return input.hubAllowed ? [model] : [];
  });
  // The site's own copies first, in the fitting order.
  const ordered = [...models.filter((m) => m.hosted !== undefined), ...models.filter((m) => m.hosted === undefined)];
  if (ordered.length === 0) return { kind: 'none', why: 'no-gpu' };
  return { kind: 'fits', models: ordered, recommended: ordered.find((m) => m.id === fitting.recommended.id) ?? ordered[0]! };
}

/** transformers.js models with the device and files this browser would use, within its memory. */
export function onnxChoices(input: Pick<LadderInput, 'capability' | 'onnxModels' | 'onnxDevice' | 'hubAllowed'>): OnnxGenerationModel[] {
  const { device } = chooseBackend(input.capability, input.onnxDevice);
  const shaderF16 = input.capability.kind === 'available' && input.capability.shaderF16;
  const memoryGiB = input.capability.kind === 'available' && input.capability.deviceMemoryGiB !== null ? input.capability.deviceMemoryGiB : ASSUMED_MEMORY_GIB;
  const budgetBytes = memoryGiB * 2 ** 30 * MEMORY_SHARE;
  return input.onnxModels.flatMap((onnx): OnnxGenerationModel[] => {
    if (!input.hubAllowed && onnx.origin !== 'self-hosted') return [];
    const dtype = chooseOnnxDtype(onnx, device, shaderF16);
    if (dtype === null) return [];
    const downloadBytes = onnxDownloadBytes(onnx, dtype);
    if (downloadBytes > budgetBytes) return [];
    return [{ runtime: 'onnx', id: onnx.id, label: onnx.label, languages: onnx.languages, onnx, device, dtype, downloadBytes }];
  });
}

/** One rung as Settings shows it: ready, to be downloaded (by Sift or the browser), or not here and why. */
export type RungStatus =
  | { readonly kind: 'ready' }
  | { readonly kind: 'downloadable'; readonly by: 'browser' }
  /** `smallestMB`: the smallest model's download (transformers.js) or GPU memory (web-llm, which states that). */
  | { readonly kind: 'downloadable'; readonly by: 'sift'; readonly smallestMB: number; readonly of: 'download' | 'gpu-memory'; readonly device: 'webgpu' | 'wasm' }
  | { readonly kind: 'unavailable'; readonly why: 'no-prompt-api' | 'browser-says-no' | 'no-webgpu' | 'no-adapter' | 'software-adapter' | 'limits' | 'memory' | 'not-hosted' };

export interface WritingRung {
  readonly rung: 'prompt-api' | 'web-llm' | 'onnx' | 'templates';
  readonly status: RungStatus;
}

/** The four rungs and where this browser stands on each (Settings → Writing). */
export function writingRungs(input: LadderInput): readonly WritingRung[] {
  const promptApi: RungStatus =
    input.builtIn.kind === 'available'
      ? { kind: 'ready' }
      : input.builtIn.kind === 'downloadable' || input.builtIn.kind === 'downloading'
        ? { kind: 'downloadable', by: 'browser' }
        : { kind: 'unavailable', why: input.builtIn.kind === 'absent' ? 'no-prompt-api' : 'browser-says-no' };
  const webLlm = webLlmChoices(input);
  const webLlmStatus: RungStatus =
    webLlm.kind === 'fits'
      ? { kind: 'downloadable', by: 'sift', smallestMB: Math.min(...webLlm.models.map((m) => m.vramMB)), of: 'gpu-memory', device: 'webgpu' }
      : { kind: 'unavailable', why: webLlm.why === 'no-gpu' ? gpuWhy(input) : webLlm.why };
  const onnx = onnxChoices(input);
  const onnxStatus: RungStatus =
    onnx.length > 0
      ? { kind: 'downloadable', by: 'sift', smallestMB: Math.round(Math.min(...onnx.map((m) => m.downloadBytes)) / 1e6), of: 'download', device: onnx[0]!.device }
       : { kind: 'unavailable', why: input.hubAllowed ? 'memory' : 'not-hosted' };
  return [
    { rung: 'prompt-api', status: promptApi },
    { rung: 'web-llm', status: webLlmStatus },
    { rung: 'onnx', status: onnxStatus },
    { rung: 'templates', status: { kind: 'ready' } },
  ];
}

function gpuWhy({ capability }: LadderInput): 'no-webgpu' | 'no-adapter' | 'software-adapter' | 'not-hosted' {
  // A hardware GPU whose models all come from the hub, which this build may not reach.
  if (capability.kind === 'available') return 'not-hosted';
  return capability.kind === 'no-webgpu' ? 'no-webgpu' : capability.kind === 'software-adapter' ? 'software-adapter' : 'no-adapter';
}
