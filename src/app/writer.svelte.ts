import type { ProfileDescription } from '../core/explain/describe-profile';
import { blurbPrompt, digestPrompt, intentPrompt, INTENT_JSON_SCHEMA, profileSummaryPrompt, type PromptItem } from '../core/generate/prompts';
import { templateBlurb, templateDigest, templateProfileSummary, type WritingLanguage } from '../core/generate/templates';
import type { ConversationalIntent } from '../core/intent/intent';
import { tagVocabulary } from '../core/intent/tag-vocabulary';
import { validateIntent } from '../core/intent/validate-intent';
import type { GpuCapability } from '../engines/generation/capability';
import { DEFAULT_GENERATION_SETTINGS, GenerationService, type GenerationSettings } from '../engines/generation/generation-service';
import type { BackendPreference } from '../engines/embedding/embedding-backend';
import type { GenerationModel } from '../engines/generation/models';
import type { GeneratedText } from '../engines/generation/onnx-text-generator';
import type { BuiltInModelState } from '../engines/generation/prompt-api';
import type { LoadingEngine, LoadProgress, RunsOn } from '../engines/generation/web-llm-loader';
import { generationChoices, HUB_MODELS, writingRungs, type LadderInput, type ModelChoice, type OfferedModels, type WritingRung } from '../engines/generation/writing-ladder';
import type { FeedEntry } from './session-types';
import { readWritingChoice, saveWritingChoice } from './writing-choice';
import { titlesOf, toBlurbInput, toPromptItem } from './writing-inputs';

export { writingLanguageOf } from './writing-inputs';

/** How Sift writes its blurbs, digest and profile summary right now, and why. */
export type WritingMode =
  | { readonly kind: 'checking' }
  /** Composed from the ranking's explanation signals (no local language model). */
  | { readonly kind: 'templates'; readonly capability: GpuCapability; readonly failure?: string }
  | { readonly kind: 'downloading'; readonly capability: GpuCapability; readonly model: GenerationModel; readonly progress: LoadProgress }
  | { readonly kind: 'model'; readonly capability: GpuCapability; readonly model: GenerationModel; readonly runsOn?: RunsOn };

export interface WriterDeps {
  /** Starts a model; `onAnswer` hears each answer's token count and time (transformers.js models). */
  readonly load: (model: GenerationModel, onProgress: (progress: LoadProgress) => void, onAnswer: (answer: GeneratedText) => void) => LoadingEngine;
  /** Remembers the chosen model and settings (localStorage; wiped with everything else). */
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  /** Every catalogue title, so that generated text naming one outside its items is caught. */
  readonly catalogueTitles: () => Iterable<string> | Promise<Iterable<string>>;
}

/** Cards with a written blurb: the top of the page, where a sentence is worth reading. */
export const BLURB_COUNT = 6;

/** Sift's writing for the UI: the active mode and the texts, in the user's language. */
export class Writer {
  mode = $state.raw<WritingMode>({ kind: 'checking' });
  /** The browser's built-in model (Prompt API), as the browser described it. */
  builtIn = $state.raw<BuiltInModelState>({ kind: 'absent' });
  settings = $state<GenerationSettings>({ ...DEFAULT_GENERATION_SETTINGS });
  onnxDevice = $state<BackendPreference>('auto');
  /** The models this deployment offers (its own, and the hub's when allowed). */
  offered = $state.raw<OfferedModels>(HUB_MODELS);
  /** The last answer's length and time (tokens per second, in Settings). */
  lastAnswer = $state.raw<GeneratedText | null>(null);
  /** Generated blurbs by item id (streamed in as they are written). */
  private generated = $state.raw<ReadonlyMap<string, string>>(new Map());
  private digestText = $state<string | null>(null);
  private profileText = $state<string | null>(null);
  private service: GenerationService | null = null;
  private loading: LoadingEngine | null = null;
  private dispose: (() => void) | null = null;
  private writtenFor = '';

  constructor(
    readonly language: WritingLanguage,
    private readonly deps: WriterDeps,
  ) {
    const stored = readWritingChoice(this.deps.storage);
    if (stored !== null) {
      this.settings = { ...stored.settings };
      this.onnxDevice = stored.onnxDevice;
    }
  }

  /** Records what the browser can do and which models the site offers; reloads the model chosen before, if it still fits. */
  capabilityChecked(capability: GpuCapability, builtIn: BuiltInModelState = { kind: 'absent' }, offered: OfferedModels = HUB_MODELS): void {
    this.builtIn = builtIn;
    this.offered = offered;
    this.mode = { kind: 'templates', capability };
    const modelId = readWritingChoice(this.deps.storage)?.modelId;
    const choice = this.choices();
    const model = choice.kind === 'fits' ? choice.models.find((m) => m.id === modelId) : undefined;
    if (model !== undefined) this.enable(model);
  }

  choices(): ModelChoice {
    const mode = this.mode;
    return mode.kind === 'checking' ? { kind: 'none', why: 'checking' } : generationChoices(this.ladderInput(mode.capability));
  }

  /** Each way of writing and where this browser stands on it (null while checking). */
  rungs(): readonly WritingRung[] | null {
    const mode = this.mode;
    return mode.kind === 'checking' ? null : writingRungs(this.ladderInput(mode.capability));
  }

  /** Where transformers.js models run from now on (a loaded one is restarted there). */
  chooseOnnxDevice(device: BackendPreference): void {
    this.onnxDevice = device;
    this.remember(this.currentModelId());
    const mode = this.mode;
    if ((mode.kind === 'model' || mode.kind === 'downloading') && mode.model.runtime === 'onnx') {
      const moved = this.choices();
      const model = moved.kind === 'fits' ? moved.models.find((m) => m.id === mode.model.id) : undefined;
      if (model !== undefined) this.enable(model);
    }
  }

  private ladderInput(capability: GpuCapability): LadderInput {
    return { ...this.offered, capability, builtIn: this.builtIn, language: this.language, onnxDevice: this.onnxDevice };
  }

  private currentModelId(): string | null {
    const mode = this.mode;
    return mode.kind === 'model' || mode.kind === 'downloading' ? mode.model.id : (readWritingChoice(this.deps.storage)?.modelId ?? null);
  }

  /** Downloads (or opens from cache) a model; the user has seen its size and agreed. */
  enable(model: GenerationModel): void {
    const mode = this.mode;
    if (mode.kind === 'checking') return;
    const capability = mode.capability;
    this.loading?.cancel();
    this.stopModel();
    this.mode = { kind: 'downloading', capability, model, progress: { progress: 0, text: 'Starting…' } };
    const loading = this.deps.load(
      model,
      (progress) => {
        if (this.loading === loading) this.mode = { kind: 'downloading', capability, model, progress };
      },
      (answer) => (this.lastAnswer = answer),
    );
    this.loading = loading;
    loading.ready.then(
      ({ engine, dispose, runsOn }) => {
        if (this.loading !== loading) return dispose();
        this.loading = null;
        this.dispose = dispose;
        this.service = new GenerationService(engine, { settings: () => this.settings, catalogueTitles: this.deps.catalogueTitles });
        this.mode = { kind: 'model', capability, model, ...(runsOn === undefined ? {} : { runsOn }) };
        this.remember(model.id);
      },
      (error: unknown) => {
        if (this.loading !== loading) return;
        this.loading = null;
        this.mode = { kind: 'templates', capability, failure: error instanceof Error ? error.message : String(error) };
      },
    );
  }

  cancelDownload(): void {
    const mode = this.mode;
    if (mode.kind !== 'downloading') return;
    this.loading?.cancel();
    this.loading = null;
    this.mode = { kind: 'templates', capability: mode.capability };
  }

  /** Back to templates; the model stays in the browser's cache for next time. */
  disable(): void {
    const mode = this.mode;
    if (mode.kind !== 'model') return;
    this.stopModel();
    this.mode = { kind: 'templates', capability: mode.capability };
    this.remember(null);
  }

  /** Drops the running model and what it wrote (the templates answer again). */
  private stopModel(): void {
    this.service?.cancelAll();
    this.service = null;
    this.dispose?.();
    this.dispose = null;
    this.generated = new Map();
    this.digestText = null;
    this.profileText = null;
    this.writtenFor = '';
    this.lastAnswer = null;
  }

  updateSettings(settings: GenerationSettings): void {
    this.settings = { ...settings };
    this.remember(this.currentModelId());
  }

  blurb(entry: FeedEntry): string {
    return this.generated.get(entry.item.id) ?? templateBlurb({ title: entry.item.title, reasons: entry.reasons }, this.language);
  }

  digest(feed: readonly FeedEntry[]): string {
    return this.digestText ?? templateDigest(feed.map(toBlurbInput), this.language);
  }

  profileSummary(profile: ProfileDescription): string {
    return this.profileText ?? templateProfileSummary(profile, this.language);
  }

  /**
   * With a model: writes blurbs for the top of a new feed and its digest (earlier jobs are
   * dropped; the UI never waits). Without one, nothing to do: the templates answer at once.
   */
  writeFor(feed: readonly FeedEntry[]): void {
    const service = this.service;
    if (service === null) return;
    const top = feed.slice(0, BLURB_COUNT);
    const key = top.map((entry) => entry.item.id).join();
    if (key === this.writtenFor) return;
    this.writtenFor = key;
    service.cancelAll();
    this.generated = new Map();
    this.digestText = null;
    for (const entry of top) {
      const item = toPromptItem(entry);
      void service.write({
        messages: blurbPrompt(item, this.language),
        allowedTitles: titlesOf(entry),
        fallback: () => templateBlurb(toBlurbInput(entry), this.language),
        onText: (text) => this.setBlurb(entry.item.id, text),
      }).then((outcome) => this.setBlurb(entry.item.id, outcome.text));
    }
    void service.write({
      messages: digestPrompt(top.map(toPromptItem), this.language),
      allowedTitles: top.flatMap(titlesOf),
      fallback: () => templateDigest(top.map(toBlurbInput), this.language),
      onText: (text) => (this.digestText = text),
    }).then((outcome) => (this.digestText = outcome.text));
  }

  /** With a model: the profile summary in its words (the template shows until it is done). */
  writeProfile(profile: ProfileDescription): void {
    const service = this.service;
    if (service === null) return;
    void service.write({
      messages: profileSummaryPrompt(profile, this.language),
      allowedTitles: [],
      fallback: () => templateProfileSummary(profile, this.language),
      onText: (text) => (this.profileText = text),
    }).then((outcome) => (this.profileText = outcome.text));
  }

  /** With a model: a request as a validated intent (JSON mode); null means "use the rules". */
  async interpret(request: string, tagLabels: readonly string[]): Promise<ConversationalIntent | null> {
    const service = this.service;
    if (service === null) return null;
    const text = await service.raw({ messages: intentPrompt(request, tagLabels), jsonSchema: JSON.stringify(INTENT_JSON_SCHEMA) });
    if (text === null) return null;
    const validated = validateIntent(text, tagVocabulary(tagLabels));
    return validated.kind === 'ok' ? validated.intent : null;
  }

  private setBlurb(itemId: string, text: string): void {
    this.generated = new Map(this.generated).set(itemId, text);
  }

  private remember(modelId: string | null): void {
    saveWritingChoice(this.deps.storage, { modelId, settings: this.settings, onnxDevice: this.onnxDevice });
  }
}
