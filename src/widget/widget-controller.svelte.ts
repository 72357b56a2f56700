import { untrack } from 'svelte';
import type { FeedEntry } from '../app/session-types';
import type { SiftSession } from '../app/session.svelte';
import type { WidgetLanguage } from './widget-text';
import type { FrameStorage } from './frame-protocol';
import type { PictureConsent } from '../app/picture-consent';
import type { DataControls } from '../app/data-controls.svelte';

import { PendingReports, TRACK_RATE_PER_SECOND, TrackLimit } from './track-limit';
import { trackProblem, type TrackKind, type WidgetEvents, type WidgetLayout, type WidgetPlacement, type WidgetTheme, type WidgetTracking } from './widget-kinds';

export { TRACK_KINDS, WIDGET_LAYOUTS, WIDGET_THEMES, type TrackKind, type WidgetEvents, type WidgetLayout, type WidgetTheme } from './widget-kinds';

export interface WidgetSettings {
  readonly count: number;
  readonly layout: WidgetLayout;
  readonly lang: WidgetLanguage;
  readonly theme: WidgetTheme;
}

export type WidgetStatus = 'loading' | 'ready' | 'unavailable';

export type Emit = <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K], cancelable?: boolean) => boolean;

/** How many items around an article are ranked (the most `count` may ask for). */
const AROUND_LIMIT = 50;

/** A placement as a comparable key. */
function keyOf(placement: WidgetPlacement): string {
  return JSON.stringify(placement);
}

/** The state a `<sift-recs>` renders and the intents it sends; no DOM here. */
export class WidgetController {
  settings = $state<WidgetSettings>({ count: 6, layout: 'row', lang: 'en', theme: 'auto' });
  /** 'memory' where the browser blocks storage for the frame: the widget forgets on leaving the page, and says so. */
  storage = $state<FrameStorage>('persistent');
  /** What the widget shows: the feed, what is around the page's item, or the page's own list. */
  // Raw: replaced whole, never changed in place, and sent to the worker as it is (a proxy cannot be cloned).
  placement = $state.raw<WidgetPlacement>({ kind: 'feed' });
  tracking: WidgetTracking = 'visit';
  /** Item pictures load only once the reader allowed them (see picture-consent.ts). */
  pictures = $state<PictureConsent>('off');
  /** Import and export of this frame's profile (the file bridges the sites' separate storage); null where the frame cannot store. */
  profile: DataControls | null = null;
  /** Keeps the reader's pictures choice where the frame may store (null: no control is offered). */
  choosePictures: ((consent: PictureConsent) => void) | null = null;
  /**
   * The cards of an 'around' or 'list' placement, as ranked last (for the placement with this
   * key); `known`: how many of a list's ids the catalogue has (public: the host gave them).
   */
  #placed = $state.raw<{ readonly key: string; readonly entries: readonly FeedEntry[]; readonly known: number } | null>(null);
  /** Page items already recorded as read, and ids already reported unknown, by this element. */
  readonly #visited = new Set<string>();
  readonly #reported = new Set<string>();
  /** Bumped for each ranking of the placement: an answer overtaken by a later one is dropped. */
  #version = 0;
  #started = false;
  /** Resolves once the session has its catalogue (or knows it has none): reports wait for it. */
  #catalogueKnown: () => void = () => undefined;
  readonly #catalogueReady = new Promise<void>((resolve) => {
    this.#catalogueKnown = resolve;
  });
  readonly #trackLimit = new TrackLimit();
  readonly #pending = new PendingReports<TrackKind>();

  constructor(
    readonly session: SiftSession,
    private readonly emit: Emit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Host reports dropped for being over the rate limit (see track-limit.ts), this page view. */
  get droppedReports(): number {
    return this.#trackLimit.dropped;
  }

  /** Host reports about items the catalogue lacks, held for this page view (see PendingReports). */
  get pendingReports(): number {
    return this.#pending.size;
  }

  /**
   * How many cards the widget lays out: from the settings, the catalogue's size and the ids the
   * host gave, never from the reader's history. The host page can measure the frame and reads
   * `sift-ready`'s count, so neither may shrink when the reader turns items down or has read
   * them: turned-down cards are refilled in place, and a slot with nothing left to show keeps
   * its size, empty.
   */
  get slots(): number {
    const placement = this.placement;
    const size = this.session.catalogue?.itemCount ?? Number.POSITIVE_INFINITY;
    switch (placement.kind) {
      case 'feed':
        return Math.min(this.settings.count, size);
      case 'around':
        return Math.min(this.settings.count, Math.max(size - 1, 0));
      case 'list':
        // The page's own list is laid out whole: the page chose its length.
        return this.#placed?.key === keyOf(placement) ? this.#placed.known : placement.ids.length;
    }
  }

  /**
   * The cards this placement showed on the last visit (frame/last-cards.ts), shown until the
   * first ranking of this page view arrives, then replaced in place (same slots, same heights).
   */
  preview = $state.raw<{ readonly key: string; readonly entries: readonly FeedEntry[] } | null>(null);
  /** Hears each settled set of cards (see `settled`), to keep them for the next visit. */
  remember: ((placementKey: string, entries: readonly FeedEntry[]) => void) | null = null;

  /** This page view's cards for the placement, once ranked (null while loading or showing last visit's). */
  get settled(): { readonly key: string; readonly entries: readonly FeedEntry[] } | null {
    const entries = this.#rankedItems();
    return this.status === 'ready' && entries.length > 0 ? { key: this.placementKey, entries } : null;
  }

  /** The placement as a key (for the cards kept between visits). */
  get placementKey(): string {
    return keyOf(this.placement);
  }

  get items(): readonly FeedEntry[] {
    const ranked = this.#rankedItems();
    const preview = this.preview;
    if (ranked.length > 0 || preview === null || preview.key !== this.placementKey || this.status !== 'loading') return ranked;
    return preview.entries.slice(0, this.slots);
  }

  /** Whether the cards shown are last visit's, not yet this page view's. */
  get previewing(): boolean {
    return this.#rankedItems().length === 0 && this.items.length > 0;
  }

  #rankedItems(): readonly FeedEntry[] {
    const placement = this.placement;
    const slots = this.slots;
    if (placement.kind === 'feed') return this.session.feed.slice(0, slots);
    const placed = this.#placed?.key === keyOf(placement) ? this.#placed.entries : [];
    if (placement.kind === 'around' || placed.length >= slots) return placed.slice(0, slots);
    // What the reader turned down in the page's list is replaced by the best of their feed.
    const listed = new Set(placement.ids);
    return [...placed, ...this.session.feed.filter((entry) => !listed.has(entry.item.id))].slice(0, slots);
  }

  get status(): WidgetStatus {
    const kind = this.session.state.kind;
    if (kind === 'no-catalogue') return 'unavailable';
    if (kind !== 'ready') return 'loading';
    return this.placement.kind === 'feed' || this.#placed?.key === keyOf(this.placement) ? 'ready' : 'loading';
  }

  /** Shows another placement (the host changed `item` or `candidates`); the tracking choice applies from now on. */
  place(placement: WidgetPlacement, tracking: WidgetTracking): void {
    this.tracking = tracking;
    if (keyOf(placement) === keyOf(this.placement)) return;
    this.placement = placement;
    if (this.#started) void this.#placeNow();
  }

  async start(): Promise<void> {
    await this.session.start().finally(() => this.#catalogueKnown());
    const state = this.session.state;
    if (state.kind === 'no-catalogue') {
      this.emit('sift-error', { reason: 'catalogue-unavailable', cause: { kind: state.error.kind, status: state.error.kind === 'http' ? state.error.status : null } });
      return;
    }
    this.#started = true;
    this.session.onCatalogueInstalled(() => void this.#recordPending());
    await this.#placeNow();
    this.#followFeed();
    this.emit('sift-ready', { count: this.slots });
  }

  /**
   * A host page reports what the reader did on its own pages. Only items of the catalogue are
   * stored; reports over the rate limit are dropped (rejected, and counted).
   */
  async track(itemId: unknown, kind: unknown): Promise<void> {
    const problem = trackProblem(itemId, kind);
    if (problem !== null) throw new TypeError(problem);
    if (!this.#trackLimit.take(this.now())) throw new RangeError(`track(): more than ${TRACK_RATE_PER_SECOND} reports a second; dropped (${this.#trackLimit.dropped} so far)`);
    const id = itemId as string;
    await this.#catalogueReady;
    await this.session.ensureItems([id]);
    if (this.session.itemById(id) === undefined) {
      this.#pending.add(id, kind as TrackKind);
      return;
    }
    // The host's own pages: nothing in the widget was passed over.
    await this.session.act(id, kind as TrackKind, []);
    await this.#rankPlacement();
  }

  async refresh(): Promise<void> {
    await this.session.rerank();
    await this.#rankPlacement();
  }

  /** The reader clicked a recommendation: tell the host (it may cancel the navigation) and learn from it. */
  opened(entry: FeedEntry): boolean {
    const proceed = this.emit('sift-click', { itemId: entry.item.id, url: entry.item.url ?? null }, true);
    void this.session.act(entry.item.id, 'open', this.items);
    return proceed;
  }

  async dismissed(entry: FeedEntry): Promise<void> {
    await this.session.act(entry.item.id, 'dislike', this.items);
    await this.#rankPlacement();
  }

  /** Records the page's item as read (unless told not to), then ranks the placement. */
  async #placeNow(): Promise<void> {
    const placement = this.placement;
    if (placement.kind === 'around') {
      const itemId = placement.itemId;
      await this.session.ensureItems([itemId]);
      if (this.session.itemById(itemId) === undefined) this.#reportUnknown([itemId]);
      else if (this.tracking === 'visit' && !this.#visited.has(itemId)) {
        this.#visited.add(itemId);
        await this.session.act(itemId, 'open', []);
      }
    }
    await this.#rankPlacement();
  }

  async #rankPlacement(): Promise<void> {
    const placement = this.placement;
    if (placement.kind === 'feed') return;
    const version = ++this.#version;
    let entries: readonly FeedEntry[];
    let known = 0;
    if (placement.kind === 'around') entries = await this.session.rankAround(placement.itemId, AROUND_LIMIT);
    else {
      const ordered = await this.session.orderList(placement.ids);
      this.#reportUnknown(ordered.unknown);
      known = ordered.entries.length;
      // What the reader turned down leaves the page's list as it leaves the feed.
      entries = ordered.entries.filter((entry) => entry.mark.reaction !== 'disliked' && entry.mark.reaction !== 'hidden');
    }
    if (version === this.#version) this.#placed = { key: keyOf(placement), entries, known };
  }

  /** The session's feed is ranked again on every event and catalogue change (other tabs' too): so is the placement. */
  #followFeed(): void {
    let first = true;
    $effect.root(() => {
      $effect(() => {
        void this.session.feed;
        if (first) {
          first = false;
          return;
        }
        untrack(() => void this.#rankPlacement());
      });
    });
  }

  /** A newer catalogue arrived: what the host reported about items it now has is recorded. */
  async #recordPending(): Promise<void> {
    if (this.#pending.size === 0) return;
    await this.session.ensureItems(this.#pending.itemIds());
    for (const report of this.#pending.takeKnown((id) => this.session.itemById(id) !== undefined)) await this.session.act(report.itemId, report.kind, []);
    await this.#rankPlacement();
  }

  #reportUnknown(ids: readonly string[]): void {
    const fresh = ids.filter((id) => !this.#reported.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.#reported.add(id);
    this.emit('sift-error', { reason: 'unknown-items', ids: fresh });
  }
}
