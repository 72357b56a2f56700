/**
 * One spelling for every way a log can name the same page, so that a log keyed by URL meets a
 * catalogue keyed by URL (`catalog build --item-key url`):
 *   https://www.Example.com/a/b/?utm_source=x&p=3#top  and  http://example.com/a/b?p=3  and  /a/b?p=3
 * all become `example.com/a/b?p=3`. What is folded:
 * - the scheme (http and https), a leading `www.`, the host's case and a default port;
 * - the fragment;
 * - tracking parameters (TRACKING_PARAMETERS, and every `utm_*`), which name a campaign, not a page;
 * - a trailing slash (not the root's);
 * - the order of the remaining query parameters.
 * A path keeps its case and its other parameters (`?p=1000` is WordPress's page id).
 * A relative path is resolved against `site`; without one it has no canonical form.
 */
export const TRACKING_PARAMETERS: readonly string[] = [
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'mc_cid', 'mc_eid', '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'oly_anon_id', 'oly_enc_id', 'vero_id', 'wickedid', 'rb_clickid', 's_cid',
];

const TRACKING = new Set(TRACKING_PARAMETERS);

export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING.has(lower);
}

/** The canonical form of `raw`, or null when it is not a web address (nor a path, given a site). */
export function canonicalUrl(raw: string, site?: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  let url: URL;
  try {
    // "example.com/a" (no scheme) is how some logs write hosts; a lone path needs the site.
    const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : text.startsWith('//') ? `https:${text}` : undefined;
    if (absolute !== undefined) url = new URL(absolute);
    else if (site !== undefined && site !== '') url = new URL(text, site);
    else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/|$)/i.test(text)) url = new URL(`https://${text}`);
    else return null;
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
  // Percent escapes are case-insensitive (RFC 3986 §6.2.2.1): %e6 and %E6 are one byte.
  const path = (url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '').replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParameter(name));
  kept.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const query = kept.length === 0 ? '' : `?${new URLSearchParams(kept).toString()}`;
  return `${host}${port}${path}${query}`;
}

/**
 * The site a catalogue's items live on (the origin most of their `url`s share), against which a
 * log's relative paths are resolved; null when no item has a web address.
 */
export function catalogueSite(urls: Iterable<string | undefined>): string | null {
  const counts = new Map<string, number>();
  for (const raw of urls) {
    if (raw === undefined) continue;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') counts.set(url.origin, (counts.get(url.origin) ?? 0) + 1);
    } catch {
      // not a web address: no vote
    }
  }
  let best: string | null = null;
  let most = 0;
  for (const [origin, count] of counts) if (count > most || (count === most && best !== null && origin < best)) [best, most] = [origin, count];
  return best;
}

/** Catalogue ids by the canonical form of their `url`; `collisions` counts items whose canonical URL another item already had. */
export function itemsByCanonicalUrl(items: Iterable<{ readonly id: string; readonly url?: string | undefined }>, site: string | undefined): { readonly ids: Map<string, string>; readonly collisions: number } {
  const ids = new Map<string, string>();
  let collisions = 0;
  for (const item of items) {
    if (item.url === undefined) continue;
    const key = canonicalUrl(item.url, site);
    if (key === null) continue;
    if (ids.has(key)) collisions += 1;
    else ids.set(key, item.id);
  }
  return { ids, collisions };
}
