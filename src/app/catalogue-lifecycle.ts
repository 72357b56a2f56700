import { hasStoredCatalogue, rememberStoredCatalogue } from './stored-catalogue-hint';
import { catalogueAllowed } from './catalogue-origins';
import type { CatalogueLoadError } from '../engines/catalogue/fetch-catalogue';
import type { CatalogueSaveResult } from '../engines/ranker/ranker-api';
import { loadActiveCatalogue, loadCatalogueUrl } from '../storage/catalogue-repository';
import { lastEventSeq } from '../storage/event-repository';
import { loadFeedCache, type FeedCache } from '../storage/feed-cache-repository';
import type { StoredCatalogue } from '../storage/records';
import type { FeedRanking } from './feed-ranking.svelte';
import type { ProfilePersistence } from './profile-persistence';
import { describeError, type SessionDeps } from './session-deps';
import type { CatalogueInfo } from './session-types';
import type { SerialQueue } from './serial-queue';
import type { SessionView } from './session-view.svelte';
import { restoreRanker } from './restore-ranker';

const ONBOARDING_TAGS = 18;

/**
 * Which catalogue is on screen: the stored one at a start (painted from the feed cache while the
 * worker opens it), a newer copy from the network, or one the user asked for; and what the
 * user is told when none can be had.
 */
export class CatalogueLifecycle {
  /** The worker storing the catalogue it just fetched (after the first feed is on screen). */
  private saving: Promise<void> = Promise.resolve();
  private titles: { readonly catalogueId: string; readonly titles: Promise<readonly string[]> } | null = null;
  private readonly installListeners: Array<(catalogue: CatalogueInfo) => void> = [];

  constructor(
    private readonly deps: SessionDeps,
    private readonly view: SessionView,
    private readonly queue: SerialQueue,
    private readonly feed: FeedRanking,
    private readonly profile: ProfilePersistence,
  ) {}

  /** Shows the stored catalogue at once, then checks the network for a newer one. */
  start(): Promise<void> {
    const started = this.queue.run(async () => {
      const { db } = this.deps;
      // A catalogue asked for in the page's URL that this browser has no copy of: its download
      // starts now, while the database opens. A stored copy is checked once it is known, with its
      // ETag, so that an unchanged catalogue's body is never read: a response left unread while
      // the database opened was buffered whole by the browser meanwhile (37 MB for 100k items).
      const requested = this.deps.requestedCatalogueUrl;
      if (requested !== undefined && this.allowed(requested) && !hasStoredCatalogue(this.deps.hints, requested)) void this.deps.ranker.prefetchCatalogue(requested);
      // Every read starts at once; painting the cached page waits only for these small ones (the
      // worker reads the stored index and items itself).
      const storage = this.deps.catalogueStorage === 'none' ? undefined : this.deps.ranker.useStorage(db.name);
      const storedRead = loadActiveCatalogue(db);
      const eventSeq = storedRead.then((stored) => (stored === undefined ? 0 : lastEventSeq(db, stored.id)));
      const [stored, cache, storedUrl] = await Promise.all([storedRead, loadFeedCache(db), loadCatalogueUrl(db), storage]);
      const url = this.deps.requestedCatalogueUrl ?? storedUrl ?? this.deps.defaultCatalogueUrl;
      let installed = stored;
      if (stored !== undefined && (await this.install(stored, { cache, eventSeq })) === 'installed') {
        this.view.state = { kind: 'ready' };
        rememberStoredCatalogue(this.deps.hints, stored.sourceUrl);
      } else {
        // Nothing stored, or its items are gone (storage cleared underneath): fetch it afresh.
        installed = undefined;
        if (this.view.state.kind !== 'ready') this.view.state = { kind: 'loading-catalogue', url };
      }
      await this.fetchAndInstall(url, installed);
    });
    // Resolves once the catalogue is stored too; the queue is free for the user meanwhile.
    return started.then(() => this.saving);
  }

  /** Loads a catalogue the user asked for; on failure the current one stays. */
  load(url: string): Promise<void> {
    return this.queue
      .run(async () => {
        await this.profile.persistNow();
        const current = this.view.catalogue;
        if (current === null) this.view.state = { kind: 'loading-catalogue', url };
        const stored = current === null ? undefined : await this.deps.db.catalogues.get(current.id);
        await this.fetchAndInstall(url, stored);
      })
      .then(() => this.saving);
  }

  /** Titles of the current catalogue's items (for checking generated text), asked of the worker once per catalogue. */
  titlesOfItems(): Promise<readonly string[]> {
    const catalogue = this.view.catalogue;
    if (catalogue === null) return Promise.resolve([]);
    if (this.titles?.catalogueId !== catalogue.id) this.titles = { catalogueId: catalogue.id, titles: this.deps.ranker.catalogueTitles() };
    return this.titles.titles;
  }

  /** Called after every catalogue install (the ranker's index, and so its vectors, are new). */
  onInstalled(listener: (catalogue: CatalogueInfo) => void): void {
    this.installListeners.push(listener);
  }

  /** Whether this deployment loads catalogues from `url`'s origin (see catalogue-origins.ts). */
  private allowed(url: string): boolean {
    return catalogueAllowed(this.deps.catalogueOrigins ?? { kind: 'any' }, url);
  }

  private async fetchAndInstall(url: string, stored: StoredCatalogue | undefined): Promise<void> {
    if (!this.allowed(url)) {
      // Not even asked for: a link to a catalogue on a host the deployer did not name.
      this.reportLoadFailure({ kind: 'not-allowed', url }, stored);
      return;
    }
    const known = stored !== undefined && stored.sourceUrl === url ? { id: stored.id, contentHash: stored.contentHash, etag: stored.etag ?? null } : undefined;
    const result = await this.deps.ranker.fetchCatalogue(url, this.deps.clock(), known);
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
    this.view.state = { kind: 'ready' };
    if (switched || result.skippedCount > 0 || result.rankingIssues.length > 0) {
      const keptApart = result.sharesIdWith === null ? null : { origin: new URL(url).origin, sharesIdWith: result.sharesIdWith };
      this.view.notice = { kind: 'catalogue-loaded', title: record.title, itemCount: record.itemCount, skippedCount: result.skippedCount, rankingIssues: result.rankingIssues, keptApart };
    }
    // The feed is up: the worker stores the catalogue now, while the user can already act.
    this.saving = this.deps.ranker.saveCatalogue().then(
      (saved) => this.saved(saved, url),
      (error: unknown) => this.saved({ kind: 'failed', detail: describeError(error) }, url),
    );
  }

  private saved(result: CatalogueSaveResult, url: string): void {
    if (result.kind === 'failed') this.view.notice = { kind: 'storage-failed', detail: result.detail };
    if (result.kind === 'saved') rememberStoredCatalogue(this.deps.hints, url);
  }

  private reportLoadFailure(error: CatalogueLoadError, stored: StoredCatalogue | undefined): void {
    const view = this.view;
    // Checking the network for a newer copy of the catalogue on screen, and none answered
    // (offline, a flaky connection): the stored copy is the latest known, so nothing is wrong.
    if (error.kind === 'network' && view.catalogue !== null && stored !== undefined && view.catalogue.sourceUrl === error.url) return;
    if (view.catalogue !== null) {
      view.notice = { kind: 'catalogue-failed', error, keptTitle: view.catalogue.title };
    } else if (stored === undefined) {
      view.state = { kind: 'no-catalogue', error };
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
    const { db, ranker } = this.deps;
    const view = this.view;
    view.catalogue = { id: record.id, title: record.title, sourceUrl: record.sourceUrl, itemCount: record.itemCount, fetchedAt: record.fetchedAt, embeddings: record.embeddings ?? null, thumbnails: record.thumbnails ?? null };
    this.profile.contentHash = record.contentHash;
    this.feed.forgetItems();
    this.titles = null;
    const indexing = options.indexed === true ? Promise.resolve(true) : ranker.openCatalogue(record).then((opened) => opened.kind !== 'missing');
    const startRead = this.profile.readStart(record.id);
    const dismissedRead = db.settings.get('onboardingDismissed');
    const cache = options.cache;
    const eventSeq = options.eventSeq ?? lastEventSeq(db, record.id);
    if (cache !== undefined && cache.catalogueId === record.id && cache.contentHash === record.contentHash && cache.eventSeq === (await eventSeq)) {
      // Paint the page ranked last time while the worker indexes; the refresh below replaces it.
      this.feed.paintCached(cache);
      view.state = { kind: 'ready' };
      await this.deps.afterPaint();
    }
    const [indexed, start, dismissed] = await Promise.all([indexing, startRead, dismissedRead]);
    if (!indexed) return 'missing';
    await restoreRanker(ranker, start.state, start.replay);
    this.profile.restored(start);
    this.feed.firstPage();
    view.topTags = await ranker.topTags(ONBOARDING_TAGS);
    view.onboarding = start.replay.length === 0 && (start.state?.profile.eventCount ?? 0) === 0 && dismissed === undefined;
    await this.feed.refresh(options.provisional === true ? 'provisional' : 'ranking');
    view.state = { kind: 'ready' };
    if (options.provisional === true) {
      // That page came from the tags alone: let it paint, then index the words and rank again.
      await this.deps.afterPaint();
      if ((await ranker.completeIndex()).kind === 'completed') await this.feed.refresh();
      else view.feedSource = 'ranking';
    }
    await this.feed.saveCache(record.id, record.contentHash, this.profile.appliedSeq);
    const installed = view.catalogue;
    // After this queued task: listeners call back into the session.
    queueMicrotask(() => {
      for (const listener of this.installListeners) listener(installed);
    });
    return 'installed';
  }
}
