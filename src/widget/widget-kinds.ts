/**
 * The widget's small vocabulary, shared by the loader on the host page (which must stay a few
 * kilobytes, so it imports nothing else) and the widget itself.
 */
export type WidgetLayout = 'row' | 'grid' | 'list';
export const WIDGET_LAYOUTS: readonly WidgetLayout[] = ['row', 'grid', 'list'];

/** 'auto' follows the host page's prefers-color-scheme. */
export type WidgetTheme = 'auto' | 'light' | 'dark';
export const WIDGET_THEMES: readonly WidgetTheme[] = ['auto', 'light', 'dark'];

/** What a host page may report about its own pages (views, reads, its own like buttons). */
export type TrackKind = 'open' | 'like' | 'save' | 'dislike' | 'hide';
export const TRACK_KINDS: readonly TrackKind[] = ['open', 'like', 'save', 'dislike', 'hide'];

/**
 * What the widget shows: the reader's feed; what is around the item the page shows (`item=`);
 * or the page's own list, ordered for the reader (`candidates=`). Host → frame only.
 */
export type WidgetPlacement =
  | { readonly kind: 'feed' }
  | { readonly kind: 'around'; readonly itemId: string }
  | { readonly kind: 'list'; readonly ids: readonly string[] };

/** `track="none"`: the page's item is not recorded as read. */
export type WidgetTracking = 'visit' | 'none';

/** The most ids a `candidates` list may hold (a page's slots, a section, "latest"). */
export const MAX_CANDIDATES = 200;
/** The longest item id the widget accepts from a host. */
export const MAX_ITEM_ID_LENGTH = 500;

/**
 * What is wrong with a `track(itemId, kind)` call, or null: the loader on the host page checks
 * the same before sending, so a call the frame would drop is refused at once, never left waiting.
 */
export function trackProblem(itemId: unknown, kind: unknown): string | null {
  if (typeof itemId !== 'string' || itemId.length === 0 || itemId.length > MAX_ITEM_ID_LENGTH) return `track(itemId, kind): itemId must be a string of 1 to ${MAX_ITEM_ID_LENGTH} characters`;
  if (!TRACK_KINDS.includes(kind as TrackKind)) return `track(itemId, kind): kind must be one of ${TRACK_KINDS.join(', ')}`;
  return null;
}

/** Events the element dispatches; details carry only what the user clicked, or what the host itself gave. */
export interface WidgetEvents {
  'sift-ready': { readonly count: number };
  'sift-click': { readonly itemId: string; readonly url: string | null };
  'sift-error': WidgetError;
}

/** The catalogue could not be loaded; or ids the host gave (`item`, `candidates`) are not in it (they were dropped). */
export type WidgetError = { readonly reason: 'catalogue-unavailable' } | { readonly reason: 'unknown-items'; readonly ids: readonly string[] };

/** `item` and `candidates` as the element's attributes (or `candidates` property) give them; `candidates` wins. */
export function placementOf(item: string | null, candidates: readonly string[] | string | null): WidgetPlacement {
  const ids = typeof candidates === 'string' ? candidates.split(/\s+/) : candidates;
  if (ids !== null) {
    const kept = [...new Set(ids.filter((id) => typeof id === 'string' && id.length > 0 && id.length <= MAX_ITEM_ID_LENGTH))].slice(0, MAX_CANDIDATES);
    if (kept.length > 0) return { kind: 'list', ids: kept };
  }
  const trimmed = item?.trim() ?? '';
  return trimmed.length > 0 && trimmed.length <= MAX_ITEM_ID_LENGTH ? { kind: 'around', itemId: trimmed } : { kind: 'feed' };
}
