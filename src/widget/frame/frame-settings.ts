import { parseSettings, type FrameSettings } from '../frame-protocol';
import { placementOf } from '../widget-kinds';

/** What the loader put in the frame's address: the catalogue and the first settings. */
export interface FrameStart {
  readonly catalogueUrl: string;
  readonly settings: FrameSettings;
}

/**
 * Reads `widget.html#catalog=…&count=…&layout=…&lang=…&theme=…[&item=…|&candidates=…][&track=none]`. The fragment, not the query:
 * it never reaches a server or a log, and the service worker serves the page whatever it holds.
 * Null when the catalogue is not an absolute http(s) URL.
 */
export function readFrameStart(hash: string): FrameStart | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const catalog = params.get('catalog');
  if (catalog === null) return null;
  let url: URL;
  try {
    url = new URL(catalog);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const settings = parseSettings({
    count: Number(params.get('count') ?? '6'),
    layout: params.get('layout') ?? 'row',
    lang: params.get('lang') ?? 'en',
    theme: params.get('theme') ?? 'auto',
    styles: {},
    placement: placementOf(params.get('item'), params.get('candidates')),
    tracking: params.get('track') === 'none' ? 'none' : 'visit',
  });
  return { catalogueUrl: url.href, settings: settings ?? { count: 6, layout: 'row', lang: 'en', theme: 'auto', styles: {}, placement: { kind: 'feed' }, tracking: 'visit' } };
}

const MAX_FRAGMENT_LIST = 4000;

/** The fragment for a frame's address (the loader's side of readFrameStart). */
export function frameFragment(catalogueUrl: string, settings: Omit<FrameSettings, 'styles'>): string {
  const params = new URLSearchParams({ catalog: catalogueUrl, count: String(settings.count), layout: settings.layout, lang: settings.lang, theme: settings.theme });
  // The placement rides along so the frame's first ranking is already the right one.
  if (settings.placement.kind === 'around') params.set('item', settings.placement.itemId);
  // A long list waits for the settings message instead of making an address of many kilobytes.
  if (settings.placement.kind === 'list' && settings.placement.ids.join(' ').length <= MAX_FRAGMENT_LIST) params.set('candidates', settings.placement.ids.join(' '));
  if (settings.tracking === 'none') params.set('track', 'none');
  return `#${params.toString()}`;
}
