import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import type { InteractionEvent, ShownSignals } from '../core/events/interaction-event';
import { reasonsFor } from '../core/explain/reasons';
import type { TagCount } from '../core/index/top-tags';
import { NO_MARK, type ItemMark } from '../core/profile/interest-profile';
import { itemsNamedIn, type RankedItem } from '../core/rank/ranked-item';
import { skippedAbove } from '../core/rank/skips';
import type { CatalogueLoadError } from '../engines/catalogue/fetch-catalogue';
import type { AsyncRanker, CatalogueSaveResult, StoredRankerState, VectorAttachResult } from '../engines/ranker/ranker-api';
import type { CatalogueEmbeddingsRef } from '../core/catalogue/catalogue-types';
import type { VectorsSnapshot } from '../core/index/index-snapshot';
import type { RankerMode } from '../engines/ranker/supervised-ranker';
import type { ProfileDescription } from '../core/explain/describe-profile';
import type { ConversationalIntent } from '../core/intent/intent';
import { planForget, type ForgetTarget } from './history-rewrite';
import { loadActiveCatalogue, loadCatalogueUrl } from '../storage/catalogue-repository';
import type { SiftDatabase } from '../storage/db';
import type { StoredCatalogue, StoredEvent, StoredProfile, StoredSummary } from '../storage/records';
import { countEvents, eventsSince, lastEventSeq } from '../storage/event-repository';
import { deleteEvents, dropRebuildableData, isQuotaError, loadSummary, oldestEvents, replaceSummary, saveCompaction } from '../storage/history-repository';
import type { EventWriter } from '../storage/event-writer';
import { loadFeedCache, saveFeedCache, type FeedCache } from '../storage/feed-cache-repository';
import { loadProfile, saveProfile } from '../storage/profile-repository';
import { SerialQueue } from './serial-queue';
import type { CardAction, CatalogueInfo, FeedEntry, Notice, ResultsView, SessionState } from './session-types';

export interface SessionDeps {
  readonly db: SiftDatabase;
  readonly ranker: AsyncRanker;
  readonly events: EventWriter;
  readonly clock: () => number;
  /** Absolute URL of the bundled demo catalogue. */
  readonly defaultCatalogueUrl: string;
  /** A catalogue asked for in the page URL (`?catalog=`), if any. */
  readonly requestedCatalogueUrl?: string;
  /** Resolves once what was just rendered is on screen (before long main-thread work). */
  readonly afterPaint: () => Promise<void>;
  /** This page load's id, stored with its events. */
  readonly tabId: string;
  /** Other tabs of the same database announce written events here (BroadcastChannel). */
  readonly tabs?: TabChannel;
}

/** What another tab did to a catalogue's history: appended events, or deleted some. */
export type TabChange = 'events-written' | 'history-rewritten';

/** Tells the other tabs that events were written or deleted; calls back when they did. */
export interface TabChannel {
  announce(catalogueId: string, change: TabChange): void;
  listen(listener: (catalogueId: string, change: TabChange) => void): void;
  close(): void;
}

const PAGE_SIZE = 20;
const SEARCH_LIMIT = 30;

const ONBOARDING_TAGS = 18;
const PERSIST_AFTER_MS = 800;

/** The app's state and the intents the UI can send; rendering lives in src/ui. */
export class SiftSession {
  state = $state<SessionState>({ kind: 'starting' });
  notice = $state<Notice | null>(null);
  catalogue = $state<CatalogueInfo | null>(null);
  feed = $state.raw<readonly FeedEntry[]>([]);
  /**
   * 'cache' while the page ranked last time is shown and the worker is still indexing;
   * 'provisional' while a new user's first page, ranked from the catalogue's tags, is shown and
   * its words are being indexed; 'ranking' once the feed is ranked with everything.
   */
  feedSource = $state<'cache' | 'provisional' | 'ranking'>('ranking');
  marks = $state.raw<ReadonlyMap<string, ItemMark>>(new Map());
  /** True for a new user until they pick interests or skip onboarding. */
  onboarding = $state(false);
  topTags = $state.raw<readonly TagCount[]>([]);
  /** The last search and its results, while they are on screen (null: the feed is). */
  searchResults = $state.raw<ResultsView | null>(null);
  /** 'main-thread' while the ranking worker is being restarted after a crash or hang. */
  rankerMode = $state<RankerMode>('worker');

  /**
   * Items by id: those on screen and those the user marked (Saved, History), asked of the
   * worker as they are needed; the page never holds the whole catalogue.
   */
  private items = new Map<string, CatalogueItem>();
  /** Bumped when items arrive, so views that found one missing read again. */
  private itemsVersion = $state(0);
  private titles: { readonly catalogueId: string; readonly titles: Promise<readonly string[]> } | null = null;
  /** The worker storing the catalogue it just fetched (after the first feed is on screen). */
  private saving: Promise<void> = Promise.resolve();
  private contentHash: string | null = null;
  private feedSize = PAGE_SIZE;
  private readonly queue = new SerialQueue();
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly skippedThisPage = new Set<string>();
  private compacting = false;
  private readonly installListeners: Array<(catalogue: CatalogueInfo) => void> = [];
  /** Embeds a search query with the vector model, when one is loaded (set by SemanticMatching). */
  queryEmbedder: ((text: string) => Promise<{ readonly model: string; readonly vector: Float32Array } | null>) | null = null;

  /** Every stored event up to this seq is in the ranker's profile (own and other tabs'). */
  private appliedSeq = 0;

  constructor(private readonly deps: SessionDeps) {
    deps.tabs?.listen((catalogueId, change) => {
      if (catalogueId === this.catalogue?.id) void this.syncTabs(change);
    });
  }

  /** Another tab wrote (or deleted) events: apply that and re-rank, so every open tab shows the same feed. */
  syncTabs(change: TabChange = 'events-written'): Promise<void> {
    return this.queue.run(async () => {
      if (this.catalogue === null) return;
      if (change === 'history-rewritten') await this.rebuildProfile(this.catalogue.id);
      else if ((await this.applyOtherTabsEvents(this.catalogue.id)) > 0) await this.refresh();
    });
  }

  /** Applies stored events of other tabs newer than appliedSeq; own ones are applied already. */
  private async applyOtherTabsEvents(catalogueId: string): Promise<number> {
    const fresh = await eventsSince(this.deps.db, catalogueId, this.appliedSeq);
    if (fresh.length === 0) return 0;
    const foreign = fresh.filter((event) => event.origin !== this.deps.tabId);
    if (foreign.length > 0) await this.deps.ranker.recordEvents(foreign);
    this.appliedSeq = Math.max(this.appliedSeq, lastSeqOf(fresh));
    return foreign.length;
  }

  get defaultCatalogueUrl(): string {
    return this.deps.defaultCatalogueUrl;
  }

  /** An item of the current catalogue, if the page has it (see ensureItems); views re-read when items arrive. */
  itemById(id: string): CatalogueItem | undefined {
    void this.itemsVersion;
    return this.items.get(id);
  }

  /** Asks the worker for the items of these ids the page does not have yet. */
  async ensureItems(ids: Iterable<string>): Promise<void> {
    const catalogue = this.catalogue;
    const missing = [...new Set(ids)].filter((id) => !this.items.has(id));
    if (catalogue === null || missing.length === 0) return;
    const found = await this.deps.ranker.itemsById(missing);
    if (this.catalogue?.id !== catalogue.id) return;
    for (const item of found) this.items.set(item.id, item);
    this.itemsVersion += 1;
  }

  /** Shows the stored catalogue at once, then checks the network for a newer one. */
  start(): Promise<void> {
    const started = this.queue.run(async () => {
      const { db } = this.deps;
      // A catalogue asked for in the page's URL is fetched at every start anyway (to revalidate
      // the stored copy): the download starts now, while the database opens.
      const requested = this.deps.requestedCatalogueUrl;
      if (requested !== undefined) void this.deps.ranker.prefetchCatalogue(requested);
      // Every read starts at once; painting the cached page waits only for these small ones (the
      // worker reads the stored index and items itself).
      const storage = this.deps.ranker.useStorage(db.name);
      const storedRead = loadActiveCatalogue(db);
      const eventSeq = storedRead.then((stored) => (stored === undefined ? 0 : lastEventSeq(db, stored.id)));
      const [stored, cache, storedUrl] = await Promise.all([storedRead, loadFeedCache(db), loadCatalogueUrl(db), storage]);
      const url = this.deps.requestedCatalogueUrl ?? storedUrl ?? this.deps.defaultCatalogueUrl;
      let installed = stored;
      if (stored !== undefined && (await this.install(stored, { cache, eventSeq })) === 'installed') {
        this.state = { kind: 'ready' };
      } else {
        // Nothing stored, or its items are gone (storage cleared underneath): fetch it afresh.
        installed = undefined;
        if (this.state.kind !== 'ready') this.state = { kind: 'loading-catalogue', url };
      }
      await this.fetchAndInstall(url, installed);
    });
    // Resolves once the catalogue is stored too; the queue is free for the user meanwhile.
    return started.then(() => this.saving);
  }

  /** Loads a catalogue the user asked for; on failure the current one stays. */
  loadCatalogue(url: string): Promise<void> {
    return this.queue.run(async () => {
      await this.persistNow();
      const current = this.catalogue;
      if (current === null) this.state = { kind: 'loading-catalogue', url };
      const stored = current === null ? undefined : await this.deps.db.catalogues.get(current.id);
      await this.fetchAndInstall(url, stored);
    }).then(() => this.saving);
  }

  act(itemId: string, action: CardAction): Promise<void> {
    const at = this.deps.clock();
    const events: InteractionEvent[] = [];
    const shown = (id: string): { shown?: ShownSignals } => {
      const entry = this.feed.find((e) => e.item.id === id);
      return entry === undefined ? {} : { shown: Object.fromEntries(entry.ranked.explanation.signals.map((s) => [s.signal, s.value])) };
    };
    if (action === 'open' || action === 'like' || action === 'save') {
      // Cards passed over above the one acted on were seen and not wanted (once per page load).
      const feedIds = this.feed.map((entry) => entry.item.id);
      const index = feedIds.indexOf(itemId);
      for (const id of skippedAbove(feedIds, index, (id) => this.marks.get(id) ?? NO_MARK)) {
        if (this.skippedThisPage.has(id)) continue;
        this.skippedThisPage.add(id);
        events.push({ kind: 'skip', itemId: id, at, ...shown(id) });
      }
    }
    // Undoing (unlike, unsave) is not feedback on what was shown.
    const feedback = action === 'unlike' || action === 'unsave' ? {} : shown(itemId);
    events.push({ kind: action, itemId, at, ...feedback });
    return this.record(events);
  }

  /**
   * Searches the catalogue. The search is also an event: it leans the session's interests (and
   * so the feed) towards what was asked for, and it is kept in the history like any other.
   */
  searchFor(query: string): Promise<void> {
    const trimmed = query.trim();
    if (trimmed.length === 0) {
      this.searchResults = null;
      return Promise.resolve();
    }
    // Meaning as well as words, when the embedding model is loaded (in its own worker).
    const embedding = this.embedText(trimmed);
    return this.queue.run(async () => {
      const catalogue = this.catalogue;
      if (catalogue === null) return;
      const at = this.deps.clock();
      const event: InteractionEvent = { kind: 'search', query: trimmed, at };
      this.deps.events.append({ ...event, catalogueId: catalogue.id, origin: this.deps.tabId });
      await this.deps.ranker.recordEvents([event]);
      const queryVector = await embedding;
      const ranked = await this.deps.ranker.search({ query: trimmed, limit: SEARCH_LIMIT, now: at, ...(queryVector === null ? {} : { queryVector }) });
      await this.refresh();
      await this.ensureItems(itemsNamedIn(ranked));
      this.searchResults = { kind: 'search', query: trimmed, results: this.feedEntries(ranked, this.marks) };
      this.schedulePersist();
    });
  }

  /**
   * A conversational request ("a sci-fi film with a happy ending, nothing too long"): understood
   * in the worker against this catalogue's tags, executed by the ranking, shown with what was
   * understood and what could not be applied. Stored as an event with the tags it asked for.
   */
  ask(text: string, understood?: ConversationalIntent): Promise<void> {
    const trimmed = text.trim();
    if (trimmed.length === 0) return Promise.resolve();
    return this.queue.run(async () => {
      const catalogue = this.catalogue;
      if (catalogue === null) return;
      const at = this.deps.clock();
      const answer = await this.deps.ranker.ask({ text: trimmed, limit: SEARCH_LIMIT, now: at, ...(understood === undefined ? {} : { intent: understood }) });
      const event: InteractionEvent = { kind: 'ask', text: trimmed, include: answer.intent.includeTags, at };
      this.deps.events.append({ ...event, catalogueId: catalogue.id, origin: this.deps.tabId });
      await this.deps.ranker.recordEvents([event]);
      await this.refresh();
      await this.ensureItems(itemsNamedIn(answer.results));
      this.searchResults = {
        kind: 'ask',
        query: trimmed,
        understoodBy: understood === undefined ? 'rules' : 'model',
        intent: answer.intent,
        notes: answer.notes,
        results: this.feedEntries(answer.results, this.marks),
      };
      this.schedulePersist();
    });
  }

  /** Titles of the current catalogue's items (for checking generated text), asked of the worker once per catalogue. */
  catalogueTitles(): Promise<readonly string[]> {
    const catalogue = this.catalogue;
    if (catalogue === null) return Promise.resolve([]);
    if (this.titles?.catalogueId !== catalogue.id) this.titles = { catalogueId: catalogue.id, titles: this.deps.ranker.catalogueTitles() };
    return this.titles.titles;
  }

  /** The current catalogue's tags (what a language model may name in an intent). */
  tagLabels(): Promise<string[]> {
    return this.queue.run(async () => (this.catalogue === null ? [] : this.deps.ranker.tagLabels()));
  }

  clearSearch(): void {
    this.searchResults = null;
  }

  /** Onboarding and the profile page: "I like …", as free text or a picked tag. */
  statedInterest(text: string): Promise<void> {
    const trimmed = text.trim();
    if (trimmed.length === 0) return Promise.resolve();
    const at = this.deps.clock();
    return this.embedText(trimmed).then(async (embedded) => {
      if (embedded !== null) await this.queue.run(async () => this.deps.ranker.rememberTextVectors(embedded.model, [[trimmed, embedded.vector]]));
      await this.record([{ kind: 'stated-interest', text: trimmed, at }]);
    });
  }

  /** The text's vector from the embedding model, or null (none loaded, or it failed: words still work). */
  private async embedText(text: string): Promise<{ readonly model: string; readonly vector: Float32Array } | null> {
    try {
      return (await this.queryEmbedder?.(text)) ?? null;
    } catch {
      return null;
    }
  }

  finishOnboarding(): Promise<void> {
    this.onboarding = false;
    return this.queue.run(async () => {
      await this.deps.db.settings.put({ key: 'onboardingDismissed', value: String(this.deps.clock()) });
    });
  }

  /** Ranks again now (the feed otherwise changes only on events and catalogue changes). */
  rerank(): Promise<void> {
    return this.queue.run(() => (this.catalogue === null ? Promise.resolve() : this.refresh()));
  }

  showMore(): Promise<void> {
    return this.queue.run(async () => {
      this.feedSize += PAGE_SIZE;
      await this.refresh();
    });
  }

  dismissNotice(): void {
    this.notice = null;
  }

  rankerModeChanged(mode: RankerMode): void {
    this.rankerMode = mode;
  }

  /** "More", "less" or "remove" on a tag of the profile page; kept as an event so rebuilds keep it. */
  editTag(tag: string, factor: number): Promise<void> {
    return this.record([{ kind: 'tag-weight', tag, factor, at: this.deps.clock() }]);
  }

  /** Removes a learnt interest (named by its tags). */
  forgetInterest(tags: readonly string[]): Promise<void> {
    return this.record([{ kind: 'forget-interest', tags, at: this.deps.clock() }]);
  }

  /** The profile in readable terms, as of every event recorded so far. */
  describeProfile(): Promise<ProfileDescription | null> {
    return this.queue.run(async () => (this.catalogue === null ? null : this.deps.ranker.describeProfile()));
  }

  /**
   * Deletes what the user asked Sift to forget from the stored history (and from the compacted
   * summary, if there is one), rebuilds the profile from what is left, and tells other tabs to
   * do the same. Returns how many stored events were deleted.
   */
  forget(target: ForgetTarget): Promise<number> {
    return this.queue.run(async () => {
      const catalogue = this.catalogue;
      if (catalogue === null) return 0;
      const { db, ranker } = this.deps;
      await this.deps.events.flush();
      const plan = await planForget(target, await eventsSince(db, catalogue.id, 0), ranker);
      const deleted = await deleteEvents(db, catalogue.id, (event) => event.seq !== undefined && plan.seqs.has(event.seq));
      const summary = await loadSummary(db, catalogue.id);
      if (summary !== undefined && (plan.summary.itemIds.length > 0 || plan.summary.tags.length > 0)) {
        const edited = await ranker.forgetInState({ profile: summary.profile, weights: summary.weights }, plan.summary, this.deps.clock());
        await replaceSummary(db, { ...summary, profile: edited.profile, weights: edited.weights });
      }
      await this.rebuildProfile(catalogue.id);
      this.deps.tabs?.announce(catalogue.id, 'history-rewritten');
      return deleted;
    });
  }

  /**
   * Storage is short: drops what can be rebuilt, then folds the oldest half of this catalogue's
   * history into its summary and deletes those events. The profile does not change.
   */
  compactHistory(): Promise<CompactionResult> {
    return this.queue.run(() => this.compactNow());
  }

  /** The event writer could not write a batch; it keeps the batch and retries on the next flush. */
  writeFailed(error: unknown): void {
    if (!isQuotaError(error) || this.compacting) {
      this.notice = { kind: 'storage-failed', detail: describeError(error) };
      return;
    }
    this.compacting = true;
    void this.queue
      .run(async () => {
        const result = await this.compactNow();
        if (result.kind === 'compacted') await this.deps.events.flush();
        else this.notice = { kind: 'storage-failed', detail: describeError(error) };
      })
      .finally(() => {
        this.compacting = false;
      });
  }

  /** Writes pending events and the profile now (page hide, before a catalogue switch). */
  flush(): Promise<void> {
    return this.queue.run(() => this.persistNow());
  }

  private record(events: readonly InteractionEvent[]): Promise<void> {
    return this.queue.run(async () => {
      const catalogue = this.catalogue;
      if (catalogue === null) return;
      for (const event of events) this.deps.events.append({ ...event, catalogueId: catalogue.id, origin: this.deps.tabId });
      // Acting on items is answer enough: onboarding gives way (a reload would not show it either).
      if (events.some((event) => 'itemId' in event)) this.onboarding = false;
      await this.deps.ranker.recordEvents(events);
      await this.refresh();
      this.schedulePersist();
    });
  }

  private async fetchAndInstall(url: string, stored: StoredCatalogue | undefined): Promise<void> {
    const knownHash = stored !== undefined && stored.sourceUrl === url ? stored.contentHash : undefined;
    const result = await this.deps.ranker.fetchCatalogue(url, this.deps.clock(), knownHash);
    if (result.kind === 'failed') {
      this.reportLoadFailure(result.error, stored);
      // The worker kept its previous catalogue; nothing else to undo.
      return;
    }
    if (result.kind === 'unchanged') return;
    // The record as the page knows it: where the user asked for it (the response may have been redirected).
    const record: StoredCatalogue = { ...result.record, sourceUrl: url };
    const switched = stored?.id !== record.id;
    await this.install(record, { indexed: true, provisional: result.coverage === 'tags-only' });
    this.state = { kind: 'ready' };
    if (switched || result.skippedCount > 0 || result.rankingIssues.length > 0) {
      this.notice = { kind: 'catalogue-loaded', title: record.title, itemCount: record.itemCount, skippedCount: result.skippedCount, rankingIssues: result.rankingIssues };
    }
    // The feed is up: the worker stores the catalogue now, while the user can already act.
    this.saving = this.deps.ranker.saveCatalogue().then(
      (saved) => this.catalogueSaved(saved),
      (error: unknown) => this.catalogueSaved({ kind: 'failed', detail: describeError(error) }),
    );
  }

  private catalogueSaved(result: CatalogueSaveResult): void {
    if (result.kind === 'failed') this.notice = { kind: 'storage-failed', detail: result.detail };
  }

  private reportLoadFailure(error: CatalogueLoadError, stored: StoredCatalogue | undefined): void {
    // Checking the network for a newer copy of the catalogue on screen, and none answered
    // (offline, a flaky connection): the stored copy is the latest known, so nothing is wrong.
    if (error.kind === 'network' && this.catalogue !== null && stored !== undefined && this.catalogue.sourceUrl === error.url) return;
    if (this.catalogue !== null) {
      this.notice = { kind: 'catalogue-failed', error, keptTitle: this.catalogue.title };
    } else if (stored === undefined) {
      this.state = { kind: 'no-catalogue', error };
    }
  }

  /** Makes a catalogue the one on screen: 'missing' when the worker has neither its index nor its items. */
  private async install(
    record: StoredCatalogue,
    options: {
      /** The worker has it ranked already (just fetched). */
      indexed?: boolean;
      /** ...from its tags only so far (see RankerApi.completeIndex). */
      provisional?: boolean;
      cache?: FeedCache | undefined;
      /** The last stored event's seq for this catalogue, when already being read. */
      eventSeq?: Promise<number>;
    } = {},
  ): Promise<'installed' | 'missing'> {
    this.catalogue = { id: record.id, title: record.title, sourceUrl: record.sourceUrl, itemCount: record.itemCount, fetchedAt: record.fetchedAt, embeddings: record.embeddings ?? null };
    this.contentHash = record.contentHash;
    this.items = new Map();
    this.titles = null;
    const indexing = options.indexed === true ? Promise.resolve(true) : this.deps.ranker.openCatalogue(record).then((opened) => opened.kind !== 'missing');
    const baseRead = Promise.all([loadProfile(this.deps.db, record.id), loadSummary(this.deps.db, record.id)]).then(([profile, summary]) => startingPoint(profile, summary));
    const replayRead = baseRead.then((base) => eventsSince(this.deps.db, record.id, base.throughSeq));
    const dismissedRead = this.deps.db.settings.get('onboardingDismissed');
    const cache = options.cache;
    const eventSeq = options.eventSeq ?? lastEventSeq(this.deps.db, record.id);
    if (cache !== undefined && cache.catalogueId === record.id && cache.contentHash === record.contentHash && cache.eventSeq === (await eventSeq)) {
      // Paint the page ranked last time while the worker indexes; refresh() below replaces it.
      this.items = new Map([...cache.related, ...cache.entries.map((e) => e.item)].map((item) => [item.id, item]));
      this.marks = new Map(cache.entries.map((e) => [e.item.id, e.mark]));
      this.feed = cache.entries;
      this.feedSource = 'cache';
      this.onboarding = cache.onboarding;
      this.state = { kind: 'ready' };
      await this.deps.afterPaint();
    }
    const [indexed, base, replay, dismissed] = await Promise.all([indexing, baseRead, replayRead, dismissedRead]);
    if (!indexed) return 'missing';
    await this.deps.ranker.restore(base.state, replay);
    this.appliedSeq = Math.max(base.throughSeq, lastSeqOf(replay));
    this.skippedThisPage.clear();
    this.topTags = await this.deps.ranker.topTags(ONBOARDING_TAGS);
    this.onboarding = replay.length === 0 && (base.state?.profile.eventCount ?? 0) === 0 && dismissed === undefined;
    this.feedSize = PAGE_SIZE;
    await this.refresh(options.provisional === true ? 'provisional' : 'ranking');
    this.state = { kind: 'ready' };
    if (options.provisional === true) {
      // That page came from the tags alone: let it paint, then index the words and rank again.
      await this.deps.afterPaint();
      if ((await this.deps.ranker.completeIndex()).kind === 'completed') await this.refresh();
      else this.feedSource = 'ranking';
    }
    await this.saveFeedCache(record.id, record.contentHash, this.appliedSeq);
    const installed = this.catalogue;
    // After this queued task: listeners call back into the session.
    queueMicrotask(() => {
      for (const listener of this.installListeners) listener(installed);
    });
    return 'installed';
  }

  /** Called after every catalogue install (the ranker's index, and so its vectors, are new). */
  onCatalogueInstalled(listener: (catalogue: CatalogueInfo) => void): void {
    this.installListeners.push(listener);
  }

  /**
   * Semantic vectors for the current catalogue: its own vector file, or rows embedded in the
   * browser. Once attached, the profile is rebuilt from the history so every interest gathers
   * vectors of this model (and none of another).
   */
  useVectors(catalogueId: string, source: { readonly kind: 'file'; readonly ref: CatalogueEmbeddingsRef } | { readonly kind: 'rows'; readonly model: string; readonly vectors: VectorsSnapshot }): Promise<VectorAttachResult | null> {
    return this.queue.run(async () => {
      if (this.catalogue?.id !== catalogueId) return null;
      const result = source.kind === 'file' ? await this.deps.ranker.loadVectorFile(source.ref) : await this.deps.ranker.attachVectors(source.model, source.vectors);
      if (result.kind === 'attached') await this.rebuildProfile(catalogueId);
      return result;
    });
  }

  /** Words only again (semantic matching turned off). */
  dropVectors(): Promise<void> {
    return this.queue.run(async () => {
      if (this.catalogue === null) return;
      await this.deps.ranker.detachVectors();
      await this.rebuildProfile(this.catalogue.id);
    });
  }

  /** The model of the ranker's vectors, and the catalogue text fingerprint they are for. */
  vectorStatus(): Promise<{ readonly model: string; readonly count: number; readonly textHash: string } | null> {
    return this.queue.run(async () => this.deps.ranker.vectorStatus());
  }

  /** Every item of the current catalogue in catalogue order (what vector rows follow), from the worker. */
  catalogueItems(): Promise<readonly CatalogueItem[]> {
    return this.deps.ranker.allItems();
  }

  /** The stated interests in the history, for embedding. */
  async statedInterestTexts(): Promise<string[]> {
    const catalogue = this.catalogue;
    if (catalogue === null) return [];
    const events = await this.deps.db.events.where('[catalogueId+seq]').between([catalogue.id, 0], [catalogue.id, Infinity]).filter((e) => e.kind === 'stated-interest').toArray();
    return [...new Set(events.flatMap((e) => (e.kind === 'stated-interest' ? [e.text] : [])))];
  }

  /** The user's texts embedded by the vector model: the profile is rebuilt so they count. */
  useTextVectors(model: string, entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    return this.queue.run(async () => {
      if (this.catalogue === null || entries.length === 0) return;
      await this.deps.ranker.rememberTextVectors(model, entries);
      await this.rebuildProfile(this.catalogue.id);
    });
  }

  private async saveFeedCache(catalogueId: string, contentHash: string, eventSeq: number): Promise<void> {
    const entries = this.feed.slice(0, PAGE_SIZE);
    const relatedIds = new Set(entries.flatMap((entry) => entry.ranked.explanation.because.map((b) => b.itemId)));
    const related = [...relatedIds].flatMap((id) => this.itemById(id) ?? []);
    try {
      await saveFeedCache(this.deps.db, { version: 1, catalogueId, contentHash, eventSeq, onboarding: this.onboarding, entries, related });
    } catch {
      // Only a start-up shortcut: without it the next start ranks before painting.
    }
  }

  private async refresh(source: 'provisional' | 'ranking' = 'ranking'): Promise<void> {
    const page = await this.deps.ranker.feedPage({ limit: this.feedSize, now: this.deps.clock() });
    const ranked = page.ranked;
    if (page.items.some((item) => !this.items.has(item.id))) {
      for (const item of page.items) this.items.set(item.id, item);
      this.itemsVersion += 1;
    }
    const markMap = new Map(page.marks);
    // Saved and History name the user's marked items too (asked of the worker once each).
    await this.ensureItems(markMap.keys());
    this.marks = markMap;
    this.feed = this.feedEntries(ranked, markMap);
    this.feedSource = source;
    const search = this.searchResults;
    if (search !== null) this.searchResults = { ...search, results: search.results.map((entry) => ({ ...entry, mark: markMap.get(entry.item.id) ?? NO_MARK })) };
  }

  private feedEntries(ranked: readonly RankedItem[], marks: ReadonlyMap<string, ItemMark>): FeedEntry[] {
    const feed: FeedEntry[] = [];
    for (const entry of ranked) {
      const item = this.itemById(entry.itemId);
      if (item === undefined) continue;
      const reasons = reasonsFor(entry, item, (id) => this.itemById(id)?.title);
      feed.push({ item, ranked: entry, reasons, mark: marks.get(entry.itemId) ?? NO_MARK });
    }
    return feed;
  }

  /** The profile from scratch: the compacted summary (if any) plus every stored event after it. */
  private async rebuildProfile(catalogueId: string): Promise<void> {
    const summary = await loadSummary(this.deps.db, catalogueId);
    const events = await eventsSince(this.deps.db, catalogueId, summary?.throughSeq ?? 0);
    await this.deps.ranker.restore(summary === undefined ? null : { profile: summary.profile, weights: summary.weights }, events);
    this.appliedSeq = Math.max(summary?.throughSeq ?? 0, lastSeqOf(events));
    this.skippedThisPage.clear();
    await this.refresh();
    await this.persistNow();
  }

  private async compactNow(): Promise<CompactionResult> {
    const catalogue = this.catalogue;
    if (catalogue === null) return { kind: 'nothing-to-compact' };
    const { db, ranker } = this.deps;
    await dropRebuildableData(db, catalogue.id);
    const total = await countEvents(db, catalogue.id);
    const oldest = await oldestEvents(db, catalogue.id, Math.ceil(total / 2));
    const throughSeq = oldest[oldest.length - 1]?.seq;
    // Only what the live profile already holds may be folded (another tab may be ahead).
    if (throughSeq === undefined || throughSeq > this.appliedSeq) return { kind: 'nothing-to-compact' };
    const summary = await loadSummary(db, catalogue.id);
    const folded = await ranker.foldEvents(summary === undefined ? null : { profile: summary.profile, weights: summary.weights }, oldest);
    await saveCompaction(db, {
      catalogueId: catalogue.id,
      throughSeq,
      eventCount: (summary?.eventCount ?? 0) + oldest.length,
      compactedAt: this.deps.clock(),
      profile: folded.profile,
      weights: folded.weights,
    });
    this.notice = { kind: 'storage-compacted', eventCount: oldest.length };
    return { kind: 'compacted', eventCount: oldest.length };
  }

  private schedulePersist(): void {
    if (this.persistTimer !== undefined) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      void this.flush();
    }, PERSIST_AFTER_MS);
  }

  /** Must run inside the queue: no event can slip between the flush and the snapshot. */
  private async persistNow(): Promise<void> {
    const catalogue = this.catalogue;
    await this.deps.events.flush();
    if (catalogue === null) return;
    try {
      // Other tabs' events first, so the snapshot covers every event up to the seq it records.
      await this.applyOtherTabsEvents(catalogue.id);
      const seq = this.appliedSeq;
      const state = await this.deps.ranker.state();
      await saveProfile(this.deps.db, { catalogueId: catalogue.id, updatedAt: this.deps.clock(), lastEventSeq: seq, snapshot: state.profile, weights: state.weights });
      if (this.contentHash !== null) await this.saveFeedCache(catalogue.id, this.contentHash, seq);
    } catch (error) {
      this.notice = { kind: 'storage-failed', detail: describeError(error) };
    }
  }
}

export type CompactionResult = { readonly kind: 'compacted'; readonly eventCount: number } | { readonly kind: 'nothing-to-compact' };

/** Where a profile starts from: the stored profile if it covers the summary, else the summary. */
function startingPoint(profile: StoredProfile | undefined, summary: StoredSummary | undefined): { state: StoredRankerState | null; throughSeq: number } {
  if (profile !== undefined && profile.lastEventSeq >= (summary?.throughSeq ?? 0)) {
    return { state: { profile: profile.snapshot, ...(profile.weights === undefined ? {} : { weights: profile.weights }) }, throughSeq: profile.lastEventSeq };
  }
  if (summary !== undefined) return { state: { profile: summary.profile, weights: summary.weights }, throughSeq: summary.throughSeq };
  return { state: null, throughSeq: 0 };
}

function lastSeqOf(events: readonly StoredEvent[]): number {
  let last = 0;
  for (const event of events) if (event.seq !== undefined && event.seq > last) last = event.seq;
  return last;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
