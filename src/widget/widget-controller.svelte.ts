import { untrack } from 'svelte';
import type { FeedEntry } from '../app/session-types';
import type { SiftSession } from '../app/session.svelte';
import type { WidgetLanguage } from './widget-text';
import type { FrameStorage } from './frame-protocol';

import { TRACK_KINDS, type TrackKind, type WidgetEvents, type WidgetLayout, type WidgetPlacement, type WidgetTheme, type WidgetTracking } from './widget-kinds';

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
  /** The cards of an 'around' or 'list' placement, as ranked last (for the placement with this key). */
  #placed = $state.raw<{ readonly key: string; readonly entries: readonly FeedEntry[] } | null>(null);
  /** Page items already recorded as read, and ids already reported unknown, by this element. */
  readonly #visited = new Set<string>();
  readonly #reported = new Set<string>();
  /** Bumped for each ranking of the placement: an answer overtaken by a later one is dropped. */
  #version = 0;
  #started = false;

  constructor(
    readonly session: SiftSession,
    private readonly emit: Emit,
  ) {}

  get items(): readonly FeedEntry[] {
    const placement = this.placement;
    if (placement.kind === 'feed') return this.session.feed.slice(0, this.settings.count);
    const placed = this.#placed?.key === keyOf(placement) ? this.#placed.entries : [];
    // The page's own list is shown whole: the page chose its length.
    return placement.kind === 'list' ? placed : placed.slice(0, this.settings.count);
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
    await this.session.start();
    if (this.session.state.kind === 'no-catalogue') {
      this.emit('sift-error', { reason: 'catalogue-unavailable' });
      return;
    }
    this.#started = true;
    await this.#placeNow();
    this.#followFeed();
    this.emit('sift-ready', { count: this.items.length });
  }

  /** A host page reports what the reader did on its own pages. */
  async track(itemId: unknown, kind: unknown): Promise<void> {
    if (typeof itemId !== 'string' || itemId.length === 0) throw new TypeError('track(itemId, kind): itemId must be a non-empty string');
    if (!TRACK_KINDS.includes(kind as TrackKind)) throw new TypeError(`track(itemId, kind): kind must be one of ${TRACK_KINDS.join(', ')}`);
    // The host's own pages: nothing in the widget was passed over.
    await this.session.act(itemId, kind as TrackKind, []);
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
    if (placement.kind === 'around') entries = await this.session.rankAround(placement.itemId, AROUND_LIMIT);
    else {
      const ordered = await this.session.orderList(placement.ids);
      this.#reportUnknown(ordered.unknown);
      // What the reader turned down leaves the page's list as it leaves the feed.
      entries = ordered.entries.filter((entry) => entry.mark.reaction !== 'disliked' && entry.mark.reaction !== 'hidden');
    }
    if (version === this.#version) this.#placed = { key: keyOf(placement), entries };
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

  #reportUnknown(ids: readonly string[]): void {
    const fresh = ids.filter((id) => !this.#reported.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.#reported.add(id);
    this.emit('sift-error', { reason: 'unknown-items', ids: fresh });
  }
}
