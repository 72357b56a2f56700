import { DEFAULT_GENERATION_SETTINGS, type GenerationSettings } from '../engines/generation/generation-service';
import type { BackendPreference } from '../engines/embedding/embedding-backend';

/**
 * The reader's writing choice (model, sampling settings, where transformers.js models run), kept
 * in localStorage so the next visit writes with the same model; wiped with everything else.
 * What is read back is checked field by field: storage is the user's to edit.
 */
export interface StoredChoice {
  readonly modelId: string | null;
  readonly settings: GenerationSettings;
  /** Where transformers.js models run: Sift's choice, or forced by the user. */
  readonly onnxDevice: BackendPreference;
}

type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'> | undefined;

const STORAGE_KEY = 'sift-writing';

export function readWritingChoice(storage: ChoiceStorage): StoredChoice | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (raw === null || raw === undefined) return null;
    const parsed = JSON.parse(raw) as Partial<StoredChoice>;
    // Any id: it is looked up among the models this browser is offered before it is used.
    const modelId = typeof parsed.modelId === 'string' ? parsed.modelId : null;
    const onnxDevice = parsed.onnxDevice === 'webgpu' || parsed.onnxDevice === 'wasm' ? parsed.onnxDevice : 'auto';
    const s = parsed.settings;
    const number = (value: unknown, min: number, max: number, fallback: number): number => (typeof value === 'number' && value >= min && value <= max ? value : fallback);
    return {
      modelId,
      settings: {
        temperature: number(s?.temperature, 0, 2, DEFAULT_GENERATION_SETTINGS.temperature),
        topP: number(s?.topP, 0.05, 1, DEFAULT_GENERATION_SETTINGS.topP),
        maxTokens: number(s?.maxTokens, 16, 512, DEFAULT_GENERATION_SETTINGS.maxTokens),
      },
      onnxDevice,
    };
  } catch {
    return null;
  }
}

export function saveWritingChoice(storage: ChoiceStorage, choice: StoredChoice): void {
  storage?.setItem(STORAGE_KEY, JSON.stringify(choice));
}
