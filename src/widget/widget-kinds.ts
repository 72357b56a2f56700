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

/**
 * Why the catalogue could not be loaded, for the host page's developer: refused by the
 * deployment's catalogue origins (`not-allowed`: SIFT_CONNECT_ORIGINS), not reachable (`network`:
 * offline, or no Access-Control-Allow-Origin, which browsers do not tell apart), an HTTP status,
 * too large, or not a Sift catalogue (`invalid`). Nothing about the reader.
 */
export type CatalogueFailure = 'not-allowed' | 'network' | 'http' | 'too-large' | 'invalid';
export const CATALOGUE_FAILURES: readonly CatalogueFailure[] = ['not-allowed', 'network', 'http', 'too-large', 'invalid'];

/** The catalogue could not be loaded (and why); or ids the host gave (`item`, `candidates`) are not in it (they were dropped). */
export type WidgetError =
  | { readonly reason: 'catalogue-unavailable'; readonly cause?: { readonly kind: CatalogueFailure; readonly status: number | null } }
  | { readonly reason: 'unknown-items'; readonly ids: readonly string[] };

/** One line for the host page's console: what went wrong with the catalogue and what to do. */
export function describeCatalogueFailure(url: string, cause: { readonly kind: CatalogueFailure; readonly status: number | null } | undefined): string {
  const fix = ((): string => {
    switch (cause?.kind) {
      case 'not-allowed':
        return "its origin is not one this Sift deployment loads catalogues from: add it to SIFT_CONNECT_ORIGINS and rebuild";
      case 'network':
        return 'it could not be fetched: check the URL, and that its server sends Access-Control-Allow-Origin';
      case 'http':
        return `its server answered HTTP ${cause.status ?? '?'}`;
      case 'too-large':
        return 'it is over the 64 MiB limit';
      case 'invalid':
        return 'it is not a Sift catalogue (check it with npm run catalog)';
      case undefined:
        return 'it could not be loaded';
    }
  })();
  return `<sift-recs>: the catalogue ${url} is unavailable: ${fix}. See docs/widget.md, "When the widget is unavailable".`;
}

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
