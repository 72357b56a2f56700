/**
 * The messages between `<sift-recs>` on a host page (the loader) and the widget's frame, served
 * from Sift's own origin. They travel over a MessageChannel whose port the loader hands to the
 * frame in one handshake, so no other window can speak on it. Everything that arrives is
 * untrusted: each side parses what it receives and drops anything else. Only what the reader
 * clicked ever reaches the host page; the profile never leaves the frame.
 */
import { CATALOGUE_FAILURES, MAX_CANDIDATES, type CatalogueFailure, MAX_ITEM_ID_LENGTH, TRACK_KINDS, WIDGET_LAYOUTS, WIDGET_THEMES, type TrackKind, type WidgetError, type WidgetLayout, type WidgetPlacement, type WidgetTheme, type WidgetTracking } from './widget-kinds';

export const FRAME_PROTOCOL = 'sift-frame';
export const FRAME_PROTOCOL_VERSION = 1;

/** The custom properties a host may theme the frame with, and what each may hold. */
export const THEME_PROPERTIES = {
  '--sift-font': 'font',
  '--sift-font-size': 'length',
  '--sift-radius': 'length',
  '--sift-gap': 'length',
  '--sift-fg': 'colour',
  '--sift-bg': 'colour',
  '--sift-accent': 'colour',
  '--sift-muted': 'colour',
  '--sift-card-bg': 'colour',
  '--sift-border': 'colour',
  '--sift-fg-dark': 'colour',
  '--sift-bg-dark': 'colour',
  '--sift-accent-dark': 'colour',
  '--sift-muted-dark': 'colour',
  '--sift-card-bg-dark': 'colour',
  '--sift-border-dark': 'colour',
} as const satisfies Record<string, 'font' | 'length' | 'colour'>;

export type ThemeProperty = keyof typeof THEME_PROPERTIES;
export type ThemeValues = Readonly<Partial<Record<ThemeProperty, string>>>;

/** What the element's attributes and styles say, as the frame uses it. */
export interface FrameSettings {
  readonly count: number;
  readonly layout: WidgetLayout;
  readonly lang: string;
  readonly theme: WidgetTheme;
  readonly styles: ThemeValues;
  readonly placement: WidgetPlacement;
  readonly tracking: WidgetTracking;
}

/** The first message, on the frame's window, carrying the port for everything after it. */
export interface FrameHandshake {
  readonly protocol: typeof FRAME_PROTOCOL;
  readonly version: number;
  readonly type: 'connect';
}

export type HostMessage =
  | { readonly type: 'track'; readonly id: number; readonly itemId: string; readonly kind: TrackKind }
  | { readonly type: 'refresh'; readonly id: number }
  | { readonly type: 'settings'; readonly settings: FrameSettings };

/** Where the reader's profile lives in the frame: IndexedDB, or this page view's memory only (storage blocked). */
export type FrameStorage = 'persistent' | 'memory';

export type FrameMessage =
  | { readonly type: 'ready'; readonly count: number; readonly storage: FrameStorage }
  | { readonly type: 'click'; readonly itemId: string; readonly url: string | null }
  | ({ readonly type: 'error' } & WidgetError)
  | { readonly type: 'resize'; readonly height: number }
  /** The answer to a track or refresh with this id. */
  | { readonly type: 'done'; readonly id: number; readonly error: string | null }
  /** The frame is about to load itself again (after an import): hold messages for the next connection. */
  | { readonly type: 'restart' };

const MAX_ID_LENGTH = MAX_ITEM_ID_LENGTH;
const MAX_URL_LENGTH = 2048;
const MAX_COUNT = 50;

export function isHandshake(data: unknown): data is FrameHandshake {
  return isRecord(data) && data.protocol === FRAME_PROTOCOL && data.version === FRAME_PROTOCOL_VERSION && data.type === 'connect';
}

/** A message from the host page, or null for anything that is not one exactly. */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (!isRecord(data)) return null;
  switch (data.type) {
    case 'track':
      return isRequestId(data.id) && isItemId(data.itemId) && TRACK_KINDS.includes(data.kind as TrackKind) ? { type: 'track', id: data.id, itemId: data.itemId, kind: data.kind as TrackKind } : null;
    case 'refresh':
      return isRequestId(data.id) ? { type: 'refresh', id: data.id } : null;
    case 'settings': {
      const settings = parseSettings(data.settings);
      return settings === null ? null : { type: 'settings', settings };
    }
    default:
      return null;
  }
}

/** A message from the frame, or null for anything that is not one exactly. */
export function parseFrameMessage(data: unknown): FrameMessage | null {
  if (!isRecord(data)) return null;
  switch (data.type) {
    case 'ready':
      return isCount(data.count, 0) && (data.storage === 'persistent' || data.storage === 'memory') ? { type: 'ready', count: data.count, storage: data.storage } : null;
    case 'click':
      return isItemId(data.itemId) && (data.url === null || isHttpUrl(data.url)) ? { type: 'click', itemId: data.itemId, url: data.url } : null;
    case 'error':
      if (data.reason === 'catalogue-unavailable') {
        const cause = data.cause;
        if (isRecord(cause) && CATALOGUE_FAILURES.includes(cause.kind as CatalogueFailure) && (cause.status === null || (typeof cause.status === 'number' && Number.isInteger(cause.status) && cause.status >= 100 && cause.status <= 599))) {
          return { type: 'error', reason: 'catalogue-unavailable', cause: { kind: cause.kind as CatalogueFailure, status: cause.status } };
        }
        return { type: 'error', reason: 'catalogue-unavailable' };
      }
      return data.reason === 'unknown-items' && isIdList(data.ids) ? { type: 'error', reason: 'unknown-items', ids: [...data.ids] } : null;
    case 'resize':
      return typeof data.height === 'number' && Number.isFinite(data.height) && data.height >= 0 && data.height <= 100_000 ? { type: 'resize', height: Math.ceil(data.height) } : null;
    case 'restart':
      return { type: 'restart' };
    case 'done':
      return isRequestId(data.id) && (data.error === null || (typeof data.error === 'string' && data.error.length <= 500)) ? { type: 'done', id: data.id, error: data.error } : null;
    default:
      return null;
  }
}

export function parseSettings(raw: unknown): FrameSettings | null {
  if (!isRecord(raw)) return null;
  const { count, layout, lang, theme, styles, tracking } = raw;
  if (!isCount(count, 1) || !WIDGET_LAYOUTS.includes(layout as WidgetLayout) || !WIDGET_THEMES.includes(theme as WidgetTheme)) return null;
  const placement = parsePlacement(raw.placement);
  if (placement === null || (tracking !== 'visit' && tracking !== 'none')) return null;
  if (typeof lang !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) return null;
  if (!isRecord(styles)) return null;
  const kept: Partial<Record<ThemeProperty, string>> = {};
  for (const [name, value] of Object.entries(styles)) {
    if (!(name in THEME_PROPERTIES) || typeof value !== 'string') return null;
    const clean = themeValue(name as ThemeProperty, value);
    if (clean !== null) kept[name as ThemeProperty] = clean;
  }
  return { count, layout: layout as WidgetLayout, lang, theme: theme as WidgetTheme, styles: kept, placement, tracking };
}

function parsePlacement(raw: unknown): WidgetPlacement | null {
  if (!isRecord(raw)) return null;
  switch (raw.kind) {
    case 'feed':
      return { kind: 'feed' };
    case 'around':
      return isItemId(raw.itemId) ? { kind: 'around', itemId: raw.itemId } : null;
    case 'list':
      return isIdList(raw.ids) && raw.ids.length > 0 ? { kind: 'list', ids: [...raw.ids] } : null;
    default:
      return null;
  }
}

function isIdList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.length <= MAX_CANDIDATES && value.every(isItemId);
}

/**
 * A theme value the frame may set, or null: colours (#hex, rgb()/hsl() with numbers, or a
 * colour keyword), lengths (a number with px, rem, em or %), font families (names, commas,
 * quotes). Nothing that could load a resource (url(), image-set()) or break out of the
 * declaration (semicolons, braces) passes.
 */
export function themeValue(name: ThemeProperty, raw: string): string | null {
  const value = raw.trim();
  if (value.length === 0 || value.length > 200) return null;
  switch (THEME_PROPERTIES[name]) {
    case 'colour':
      return /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value) ||
        /^(?:rgba?|hsla?)\(\s*[-\d.%]+(?:deg)?(?:\s*[,\s/]\s*[-\d.%]+){2,3}\s*\)$/i.test(value) ||
        /^[a-z]{3,20}$/i.test(value)
        ? value
        : null;
    case 'length':
      return /^\d{1,4}(?:\.\d{1,3})?(?:px|rem|em|%)$/.test(value) ? value : null;
    case 'font':
      return /^[\w\s,'"-]+$/.test(value) ? value : null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_COUNT;
}

function isItemId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
