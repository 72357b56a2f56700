import { parseSettings, type FrameSettings } from '../frame-protocol';

/** What the loader put in the frame's address: the catalogue and the first settings. */
export interface FrameStart {
  readonly catalogueUrl: string;
  readonly settings: FrameSettings;
}

/**
 * Reads `widget.html#catalog=…&count=…&layout=…&lang=…&theme=…`. The fragment, not the query:
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
  });
  return { catalogueUrl: url.href, settings: settings ?? { count: 6, layout: 'row', lang: 'en', theme: 'auto', styles: {} } };
}

/** The fragment for a frame's address (the loader's side of readFrameStart). */
export function frameFragment(catalogueUrl: string, settings: Omit<FrameSettings, 'styles'>): string {
  const params = new URLSearchParams({ catalog: catalogueUrl, count: String(settings.count), layout: settings.layout, lang: settings.lang, theme: settings.theme });
  return `#${params.toString()}`;
}
