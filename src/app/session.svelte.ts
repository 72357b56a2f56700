import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import type { ProfileDescription } from '../core/explain/describe-profile';
import type { ConversationalIntent } from '../core/intent/intent';
import type { VectorAttachResult } from '../engines/ranker/ranker-api';
import type { RankerMode } from '../engines/ranker/supervised-ranker';
import { CatalogueLifecycle } from './catalogue-lifecycle';
import { FeedRanking } from './feed-ranking.svelte';
import { Feedback, type QueryEmbedder } from './feedback';
import type { ForgetTarget } from './history-rewrite';
import { ProfilePersistence, type CompactionResult } from './profile-persistence';
import { SerialQueue } from './serial-queue';
import type { SessionDeps, TabChange } from './session-deps';
import type { CardAction, CatalogueInfo, FeedEntry } from './session-types';
import { SessionVectors, type VectorSource } from './session-vectors';
import { SessionView } from './session-view.svelte';

export type { CompactionResult } from './profile-persistence';

/** How many items "More like this" shows. */
const MORE_LIKE_THIS = 12;

/**
 * The app's state (SessionView, what the views read) and the intents the views send, each
 * handed to the part whose job it is:
 * - CatalogueLifecycle: which catalogue is on screen (start, load, refetch);
 * - FeedRanking: the ranked feed and the items the page has;
 * - Feedback: actions, searches, requests, stated interests, profile edits;
 * - ProfilePersistence: the stored profile, other tabs, forgetting, compaction;
 * - SessionVectors: semantic vectors in the ranking.
 * Every state change runs through one queue, so that, e.g., "flush events, then snapshot the
 * profile" never interleaves with a new click. Rendering lives in src/ui.
 */
export class SiftSession extends SessionView {
  private readonly queue = new SerialQueue();
  private readonly feedRanking: FeedRanking;
  private readonly profile: ProfilePersistence;
  private readonly catalogues: CatalogueLifecycle;
  private readonly feedback: Feedback;
  private readonly vectors: SessionVectors;

  constructor(private readonly deps: SessionDeps) {
    super();
    this.feedRanking = new FeedRanking(deps, this);
    this.profile = new ProfilePersistence(deps, this, this.queue, this.feedRanking);
    this.catalogues = new CatalogueLifecycle(deps, this, this.queue, this.feedRanking, this.profile);
    this.feedback = new Feedback(deps, this, this.queue, this.feedRanking, this.profile);
    this.vectors = new SessionVectors(deps, this, this.queue, this.profile);
  }

  get defaultCatalogueUrl(): string {
    return this.deps.defaultCatalogueUrl;
  }

  // The catalogue on screen.

  /** Shows the stored catalogue at once, then checks the network for a newer one; resolves once it is stored. */
  start(): Promise<void> {
    return this.catalogues.start();
  }

  /** Loads a catalogue the user asked for; on failure the current one stays. */
  loadCatalogue(url: string): Promise<void> {
    return this.catalogues.load(url);
  }

  /** Titles of the current catalogue's items (for checking generated text). */
  catalogueTitles(): Promise<readonly string[]> {
    return this.catalogues.titlesOfItems();
  }

  /** Called after every catalogue install (the ranker's index, and so its vectors, are new). */
  onCatalogueInstalled(listener: (catalogue: CatalogueInfo) => void): void {
    this.catalogues.onInstalled(listener);
  }

  // The feed.

  /** An item of the current catalogue, if the page has it; views re-read when items arrive. */
  itemById(id: string): CatalogueItem | undefined {
    return this.feedRanking.itemById(id);
  }

  /** Asks the worker for the items of these ids the page does not have yet. */
  ensureItems(ids: Iterable<string>): Promise<void> {
    return this.feedRanking.ensureItems(ids);
  }

  /** Ranks again now (the feed otherwise changes only on events and catalogue changes). */
  rerank(): Promise<void> {
    return this.queue.run(() => (this.catalogue === null ? Promise.resolve() : this.feedRanking.refresh()));
  }

  /** Items around this one, best first (the widget's `item=`). */
  rankAround(itemId: string, limit: number): Promise<FeedEntry[]> {
    return this.queue.run(() => (this.catalogue === null ? Promise.resolve([]) : this.feedRanking.around(itemId, limit)));
  }

  /** The page's own list ordered for this reader (the widget's `candidates=`); unknown ids come back apart. */
  orderList(ids: readonly string[]): Promise<{ readonly entries: FeedEntry[]; readonly unknown: readonly string[] }> {
    return this.queue.run(() => (this.catalogue === null ? Promise.resolve({ entries: [], unknown: [] }) : this.feedRanking.list(ids)));
  }

  /** "More like this": the results view shows what is around the item. */
  moreLike(itemId: string): Promise<void> {
    return this.queue.run(async () => {
      const item = this.feedRanking.itemById(itemId);
      if (this.catalogue === null || item === undefined) return;
      const results = await this.feedRanking.around(itemId, MORE_LIKE_THIS);
      this.searchResults = { kind: 'around', itemId, query: item.title, results };
    });
  }

  showMore(): Promise<void> {
    return this.queue.run(async () => {
      this.feedRanking.grow();
      await this.feedRanking.refresh();
    });
  }

  // What the user does and asks.

  /** An action on an item shown in `list` (the feed by default; [] for one shown in no list of Sift's). */
  act(itemId: string, action: CardAction, list?: readonly FeedEntry[]): Promise<void> {
    return this.feedback.act(itemId, action, list);
  }

  searchFor(query: string): Promise<void> {
    return this.feedback.searchFor(query);
  }

  ask(text: string, understood?: ConversationalIntent): Promise<void> {
    return this.feedback.ask(text, understood);
  }

  clearSearch(): void {
    this.searchResults = null;
  }

  statedInterest(text: string): Promise<void> {
    return this.feedback.statedInterest(text);
  }

  editTag(tag: string, factor: number): Promise<void> {
    return this.feedback.editTag(tag, factor);
  }

  forgetInterest(tags: readonly string[]): Promise<void> {
    return this.feedback.forgetInterest(tags);
  }

  finishOnboarding(): Promise<void> {
    return this.feedback.finishOnboarding();
  }

  tagLabels(): Promise<string[]> {
    return this.feedback.tagLabels();
  }

  describeProfile(): Promise<ProfileDescription | null> {
    return this.feedback.describeProfile();
  }

  /** Embeds a search query with the vector model, when one is loaded (set by SemanticMatching). */
  get queryEmbedder(): QueryEmbedder | null {
    return this.feedback.queryEmbedder;
  }

  set queryEmbedder(embedder: QueryEmbedder | null) {
    this.feedback.queryEmbedder = embedder;
  }

  // The stored profile and history.

  /** Writes pending events and the profile now (page hide, before a catalogue switch). */
  flush(): Promise<void> {
    return this.profile.flush();
  }

  /** Another tab wrote (or deleted) events: apply that and re-rank. */
  syncTabs(change?: TabChange): Promise<void> {
    return this.profile.syncTabs(change);
  }

  /** Deletes what the user asked Sift to forget and rebuilds the profile; resolves with the number of events deleted. */
  forget(target: ForgetTarget): Promise<number> {
    return this.profile.forget(target);
  }

  compactHistory(): Promise<CompactionResult> {
    return this.profile.compactHistory();
  }

  /** The event writer could not write a batch (storage full: the history is compacted). */
  writeFailed(error: unknown): void {
    this.profile.writeFailed(error);
  }

  // Semantic vectors.

  useVectors(catalogueId: string, source: VectorSource): Promise<VectorAttachResult | null> {
    return this.vectors.use(catalogueId, source);
  }

  dropVectors(): Promise<void> {
    return this.vectors.drop();
  }

  vectorStatus(): Promise<{ readonly model: string; readonly count: number; readonly textHash: string } | null> {
    return this.vectors.status();
  }

  catalogueItems(): Promise<readonly CatalogueItem[]> {
    return this.vectors.catalogueItems();
  }

  statedInterestTexts(): Promise<string[]> {
    return this.vectors.statedInterestTexts();
  }

  useTextVectors(model: string, entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    return this.vectors.useTextVectors(model, entries);
  }

  // The page.

  dismissNotice(): void {
    this.notice = null;
  }

  rankerModeChanged(mode: RankerMode): void {
    this.rankerMode = mode;
  }
}
