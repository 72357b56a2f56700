import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { embeddedTextHash, embeddingText } from '../core/vectors/embedded-text';
import { assembleBatches, missingBatchStarts, quantizeBatch } from '../core/vectors/vector-batches';
import type { BackendChoice, BackendPreference } from '../engines/embedding/embedding-backend';
import type { EmbeddingClient } from '../engines/embedding/embedding-client';
import type { EmbeddingLoadProblem } from '../engines/embedding/embedding-engine';
import { availableModels, chooseModel, parseSelfHostedManifest, type EmbeddingModel } from '../engines/embedding/embedding-models';
import { HUGGING_FACE_HUB, type FileProgress, type ModelSource } from '../engines/model-files';
import type { VectorAttachResult } from '../engines/ranker/ranker-api';
import type { SiftDatabase } from '../storage/db';
import { loadVectorBatches, saveVectorBatch } from '../storage/vector-repository';
import type { SiftSession } from './session.svelte';
import type { CatalogueInfo } from './session-types';

/** What semantic matching is doing, for Settings. */
export type SemanticState =
  /** Words only: no model loaded (the catalogue's own vectors may still be in use, see `catalogueVectors`). */
  | { readonly kind: 'off' }
  | { readonly kind: 'downloading'; readonly model: EmbeddingModel; readonly files: readonly FileProgress[] }
  | { readonly kind: 'embedding-catalogue'; readonly model: EmbeddingModel; readonly backend: BackendChoice; readonly done: number; readonly total: number }
  | { readonly kind: 'ready'; readonly model: EmbeddingModel; readonly backend: BackendChoice; readonly vectors: 'catalogue-file' | 'embedded-here' }
  | { readonly kind: 'failed'; readonly model: EmbeddingModel; readonly problem: EmbeddingLoadProblem | { readonly kind: 'embedding-failed'; readonly detail: string } };

export interface SemanticChoice {
  readonly enabled: boolean;
  readonly modelId: string | null;
  readonly backend: BackendPreference;
}

export interface SemanticDeps {
  readonly session: SiftSession;
  readonly db: SiftDatabase;
  readonly startClient: () => EmbeddingClient;
  /** The site's self-hosted models/manifest.json (undefined when there is none). */
  readonly fetchManifest: () => Promise<unknown>;
  /** Absolute URL of the app's models/ folder. */
  readonly modelsBaseUrl: string;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
}

const STORAGE_KEY = 'sift-semantic';
/** Items per embedding call and per stored batch: progress every few hundred ms on WASM. */
export const EMBED_BATCH = 32;
const DEFAULT_CHOICE: SemanticChoice = { enabled: false, modelId: null, backend: 'auto' };

/**
 * Semantic matching for the app: the catalogue's own vector file when it has one; with the user's
 * consent, an embedding model in a worker that embeds catalogues without vectors (batch by batch,
 * kept in IndexedDB, resumed after a reload) and the user's searches and stated interests.
 * Vectors of two models never mix: the model chosen here decides which vectors the ranker gets.
 */
export class SemanticMatching {
  state = $state.raw<SemanticState>({ kind: 'off' });
  choice = $state.raw<SemanticChoice>(DEFAULT_CHOICE);
  models = $state.raw<readonly EmbeddingModel[]>(availableModels([]));
  /** What happened to the current catalogue's own vector file. */
  catalogueVectors = $state.raw<VectorAttachResult | { readonly kind: 'none' } | { readonly kind: 'other-model'; readonly model: string }>({ kind: 'none' });
  private client: EmbeddingClient | null = null;
  private run = 0;
  private readonly selfHosted = new Set<string>();

  constructor(private readonly deps: SemanticDeps) {
    this.choice = readChoice(deps.storage);
  }

  /** Reads the self-hosted model list, then follows every catalogue install. */
  async start(): Promise<void> {
    try {
      const raw = await this.deps.fetchManifest();
      const parsed = raw === undefined ? null : parseSelfHostedManifest(raw);
      if (parsed?.kind === 'ok') {
        for (const model of parsed.models) this.selfHosted.add(model.id);
        this.models = availableModels(parsed.models);
      } else if (parsed?.kind === 'invalid') {
        console.warn('Sift: models/manifest.json is not a model list; using the built-in models', parsed.problem);
      }
    } catch {
      // No self-hosted models: the built-in list, from the hub.
    }
    this.deps.session.onCatalogueInstalled((catalogue) => void this.follow(catalogue));
    const current = this.deps.session.catalogue;
    if (current !== null) await this.follow(current);
  }

  /** The user turned semantic matching on (after seeing the download size) or picked another model. */
  async enable(modelId: string | null = this.choice.modelId, backend: BackendPreference = this.choice.backend): Promise<void> {
    this.saveChoice({ enabled: true, modelId, backend });
    const catalogue = this.deps.session.catalogue;
    if (catalogue !== null) await this.follow(catalogue);
  }

  /** Stops a download or an embedding in progress; what was embedded so far is kept for next time. */
  async cancel(): Promise<void> {
    this.saveChoice({ ...this.choice, enabled: false });
    this.run += 1;
    await this.client?.cancel();
    this.stopModel();
    this.state = { kind: 'off' };
  }

  /** Back to words (and the catalogue's own vectors, when it has some). */
  async disable(): Promise<void> {
    await this.cancel();
    const catalogue = this.deps.session.catalogue;
    if (catalogue !== null) await this.follow(catalogue);
  }

  /** The model the current choice resolves to. */
  get model(): EmbeddingModel {
    return chooseModel(this.models, this.choice.modelId);
  }

  private async follow(catalogue: CatalogueInfo): Promise<void> {
    const run = ++this.run;
    const { session } = this.deps;
    const stale = (): boolean => run !== this.run || session.catalogue?.id !== catalogue.id;
    const ref = catalogue.embeddings;
    if (!this.choice.enabled) {
      this.stopModel();
      this.state = { kind: 'off' };
      if (ref === null) {
        this.catalogueVectors = { kind: 'none' };
        if ((await session.vectorStatus()) !== null) await session.dropVectors();
        return;
      }
      // The catalogue's own vectors need no model: likes find items close in meaning.
      const result = await session.useVectors(catalogue.id, { kind: 'file', ref });
      if (result !== null && !stale()) this.catalogueVectors = result;
      return;
    }
    const model = this.model;
    const backend = await this.loadModel(model, stale);
    if (backend === null || stale()) return;
    if (ref !== null && ref.model === model.id) {
      const result = await session.useVectors(catalogue.id, { kind: 'file', ref });
      if (stale()) return;
      this.catalogueVectors = result ?? { kind: 'none' };
      if (result?.kind === 'attached') return this.ready(model, backend, 'catalogue-file');
    } else {
      // Vectors of another model cannot meet this model's queries: embed here instead.
      this.catalogueVectors = ref === null ? { kind: 'none' } : { kind: 'other-model', model: ref.model };
    }
    await this.embedCatalogue(catalogue, model, backend, stale);
  }

  private async loadModel(model: EmbeddingModel, stale: () => boolean): Promise<BackendChoice | null> {
    this.client ??= this.deps.startClient();
    const source: ModelSource = this.selfHosted.has(model.id) ? { kind: 'self-hosted', baseUrl: this.deps.modelsBaseUrl } : { kind: 'hub', host: HUGGING_FACE_HUB };
    const files = new Map<string, FileProgress>();
    this.state = { kind: 'downloading', model, files: [] };
    // Progress comes over a channel of its own, and may arrive after the load's answer: once that
    // is in, a late report must not put the state back to 'downloading'.
    let answered = false;
    const result = await this.client.load({ model, source, preference: this.choice.backend }, (progress) => {
      if (stale() || answered) return;
      files.set(progress.file, progress);
      this.state = { kind: 'downloading', model, files: [...files.values()] };
    });
    answered = true;
    if (stale()) return null;
    if (result.kind === 'cancelled') {
      this.state = { kind: 'off' };
      return null;
    }
    if (result.kind === 'failed') {
      this.state = { kind: 'failed', model, problem: result.problem };
      return null;
    }
    this.deps.session.queryEmbedder = async (text) => {
      const client = this.client;
      if (client === null || this.state.kind !== 'ready') return null;
      const rows = await client.embed([text]);
      return { model: rows.modelId, vector: rows.data };
    };
    return result.backend;
  }

  /** Embeds the items not yet stored, batch by batch, then hands the whole table to the ranker. */
  private async embedCatalogue(catalogue: CatalogueInfo, model: EmbeddingModel, backend: BackendChoice, stale: () => boolean): Promise<void> {
    const { session, db } = this.deps;
    const items = await session.catalogueItems();
    const textHash = embeddedTextHash(items);
    const current = await session.vectorStatus();
    if (current !== null && current.model === model.id && current.textHash === textHash) return this.ready(model, backend, 'embedded-here');
    const stored = await loadVectorBatches(db, catalogue.id, model.id, textHash);
    const batches = stored.filter((b) => b.dim === model.dim);
    const missing = missingBatchStarts(batches, items.length, EMBED_BATCH);
    let done = items.length - missing.reduce((sum, start) => sum + Math.min(EMBED_BATCH, items.length - start), 0);
    this.state = { kind: 'embedding-catalogue', model, backend, done, total: items.length };
    try {
      for (const start of missing) {
        if (stale() || this.client === null) return;
        const slice: readonly CatalogueItem[] = items.slice(start, start + EMBED_BATCH);
        const rows = await this.client.embed(slice.map(embeddingText));
        if (stale()) return;
        const batch = { ...quantizeBatch(start, rows.data, rows.dim), catalogueId: catalogue.id, model: model.id, textHash };
        await saveVectorBatch(db, batch);
        batches.push(batch);
        done += slice.length;
        this.state = { kind: 'embedding-catalogue', model, backend, done, total: items.length };
      }
    } catch (error) {
      if (!stale()) this.state = { kind: 'failed', model, problem: { kind: 'embedding-failed', detail: error instanceof Error ? error.message : String(error) } };
      return;
    }
    const table = assembleBatches(batches, items.length, model.dim);
    if (table === null || stale()) return;
    const result = await session.useVectors(catalogue.id, { kind: 'rows', model: model.id, vectors: table });
    if (result?.kind === 'attached' && !stale()) await this.ready(model, backend, 'embedded-here');
  }

  private async ready(model: EmbeddingModel, backend: BackendChoice, vectors: 'catalogue-file' | 'embedded-here'): Promise<void> {
    this.state = { kind: 'ready', model, backend, vectors };
    // The stated interests, in this model's space, so they steer the semantic signal too.
    const texts = await this.deps.session.statedInterestTexts();
    if (texts.length === 0 || this.client === null) return;
    const rows = await this.client.embed(texts);
    await this.deps.session.useTextVectors(rows.modelId, texts.map((text, i) => [text, rows.data.slice(i * rows.dim, (i + 1) * rows.dim)] as const));
  }

  private stopModel(): void {
    this.deps.session.queryEmbedder = null;
    this.client?.stop();
    this.client = null;
  }

  private saveChoice(choice: SemanticChoice): void {
    this.choice = choice;
    try {
      this.deps.storage?.setItem(STORAGE_KEY, JSON.stringify(choice));
    } catch {
      // Private mode or full storage: the choice lasts for this visit.
    }
  }
}

function readChoice(storage: Pick<Storage, 'getItem'> | undefined): SemanticChoice {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return DEFAULT_CHOICE;
    const r = raw as Partial<Record<keyof SemanticChoice, unknown>>;
    return {
      enabled: r.enabled === true,
      modelId: typeof r.modelId === 'string' ? r.modelId : null,
      backend: r.backend === 'webgpu' || r.backend === 'wasm' ? r.backend : 'auto',
    };
  } catch {
    return DEFAULT_CHOICE;
  }
}
