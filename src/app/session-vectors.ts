import type { CatalogueEmbeddingsRef, CatalogueItem } from '../core/catalogue/catalogue-types';
import type { VectorsSnapshot } from '../core/index/index-snapshot';
import type { VectorAttachResult } from '../engines/ranker/ranker-api';
import type { ProfilePersistence } from './profile-persistence';
import type { SessionDeps } from './session-deps';
import type { SerialQueue } from './serial-queue';
import type { SessionView } from './session-view.svelte';
import { statedInterests } from '../storage/event-repository';

/** Where a catalogue's semantic vectors come from: its own vector file, or rows embedded in the browser. */
export type VectorSource = { readonly kind: 'file'; readonly ref: CatalogueEmbeddingsRef } | { readonly kind: 'rows'; readonly model: string; readonly vectors: VectorsSnapshot };

/**
 * Semantic vectors in the ranking: attaching and dropping them, and what SemanticMatching needs
 * to embed (the catalogue's items, the user's stated interests). Every change rebuilds the
 * profile from the history, so that interests never mix vectors of two models.
 */
export class SessionVectors {
  constructor(
    private readonly deps: SessionDeps,
    private readonly view: SessionView,
    private readonly queue: SerialQueue,
    private readonly profile: ProfilePersistence,
  ) {}

  /** Attaches vectors to the catalogue `catalogueId` if it is still the one on screen (null otherwise). */
  use(catalogueId: string, source: VectorSource): Promise<VectorAttachResult | null> {
    return this.queue.run(async () => {
      if (this.view.catalogue?.id !== catalogueId) return null;
      const result = source.kind === 'file' ? await this.deps.ranker.loadVectorFile(source.ref) : await this.deps.ranker.attachVectors(source.model, source.vectors);
      if (result.kind === 'attached') await this.profile.rebuild(catalogueId);
      return result;
    });
  }

  /** Words only again (semantic matching turned off). */
  drop(): Promise<void> {
    return this.queue.run(async () => {
      if (this.view.catalogue === null) return;
      await this.deps.ranker.detachVectors();
      await this.profile.rebuild(this.view.catalogue.id);
    });
  }

  /** The model of the ranker's vectors, and the catalogue text fingerprint they are for. */
  status(): Promise<{ readonly model: string; readonly count: number; readonly textHash: string } | null> {
    return this.queue.run(async () => this.deps.ranker.vectorStatus());
  }

  /** Every item of the current catalogue in catalogue order (what vector rows follow), from the worker. */
  catalogueItems(): Promise<readonly CatalogueItem[]> {
    return this.deps.ranker.allItems();
  }

  /** The stated interests in the history, for embedding. */
  async statedInterestTexts(): Promise<string[]> {
    const catalogue = this.view.catalogue;
    if (catalogue === null) return [];
    const events = await statedInterests(this.deps.db, catalogue.id);
    return [...new Set(events.flatMap((e) => (e.kind === 'stated-interest' ? [e.text] : [])))];
  }

  /** The user's texts embedded by the vector model: the profile is rebuilt so they count. */
  useTextVectors(model: string, entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    return this.queue.run(async () => {
      if (this.view.catalogue === null || entries.length === 0) return;
      await this.deps.ranker.rememberTextVectors(model, entries);
      await this.profile.rebuild(this.view.catalogue.id);
    });
  }
}
