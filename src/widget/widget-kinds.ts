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

/** Events the element dispatches; details carry only what the user clicked. */
export interface WidgetEvents {
  'sift-ready': { readonly count: number };
  'sift-click': { readonly itemId: string; readonly url: string | null };
  'sift-error': { readonly reason: 'catalogue-unavailable' };
}
