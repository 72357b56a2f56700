import type { CardAction, FeedEntry } from '../app/session-types';
import type { SiftSession } from '../app/session.svelte';
import type { WidgetLanguage } from './widget-text';
import type { FrameStorage } from './frame-protocol';

import { TRACK_KINDS, type TrackKind, type WidgetEvents, type WidgetLayout, type WidgetTheme } from './widget-kinds';

export { TRACK_KINDS, WIDGET_LAYOUTS, WIDGET_THEMES, type TrackKind, type WidgetEvents, type WidgetLayout, type WidgetTheme } from './widget-kinds';

export interface WidgetSettings {
  readonly count: number;
  readonly layout: WidgetLayout;
  readonly lang: WidgetLanguage;
  readonly theme: WidgetTheme;
}

export type WidgetStatus = 'loading' | 'ready' | 'unavailable';


export type Emit = <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K], cancelable?: boolean) => boolean;

/** The state a `<sift-recs>` renders and the intents it sends; no DOM here. */
export class WidgetController {
  settings = $state<WidgetSettings>({ count: 6, layout: 'row', lang: 'en', theme: 'auto' });
  /** 'memory' where the browser blocks storage for the frame: the widget forgets on leaving the page, and says so. */
  storage = $state<FrameStorage>('persistent');

  constructor(
    readonly session: SiftSession,
    private readonly emit: Emit,
  ) {}

  get items(): readonly FeedEntry[] {
    return this.session.feed.slice(0, this.settings.count);
  }

  get status(): WidgetStatus {
    const kind = this.session.state.kind;
    return kind === 'no-catalogue' ? 'unavailable' : kind === 'ready' ? 'ready' : 'loading';
  }

  async start(): Promise<void> {
    await this.session.start();
    if (this.status === 'unavailable') this.emit('sift-error', { reason: 'catalogue-unavailable' });
    else this.emit('sift-ready', { count: this.items.length });
  }

  /** A host page reports what the reader did on its own pages. */
  track(itemId: unknown, kind: unknown): Promise<void> {
    if (typeof itemId !== 'string' || itemId.length === 0) return Promise.reject(new TypeError('track(itemId, kind): itemId must be a non-empty string'));
    if (!TRACK_KINDS.includes(kind as TrackKind)) return Promise.reject(new TypeError(`track(itemId, kind): kind must be one of ${TRACK_KINDS.join(', ')}`));
    return this.session.act(itemId, kind as TrackKind);
  }

  refresh(): Promise<void> {
    return this.session.rerank();
  }

  /** The reader clicked a recommendation: tell the host (it may cancel the navigation) and learn from it. */
  opened(entry: FeedEntry): boolean {
    const proceed = this.emit('sift-click', { itemId: entry.item.id, url: entry.item.url ?? null }, true);
    void this.session.act(entry.item.id, 'open');
    return proceed;
  }

  dismissed(entry: FeedEntry): Promise<void> {
    return this.session.act(entry.item.id, 'dislike');
  }
}
