import { firstImageSrc, htmlToText } from '../text/html-text';

/**
 * Items for a catalogue from what sites already publish: a JSON list of items (or a Sift
 * catalogue), JSON Lines, a JSON Feed, or RSS 2.0 / Atom (given here as the object an XML parser
 * made of them). The result is raw catalogue items; the catalogue validator (parse-catalogue)
 * checks and normalises them like any catalogue the app loads.
 */
export type SourceFormat = 'json' | 'jsonl' | 'json-feed' | 'rss' | 'atom';

export interface SourceItems {
  readonly format: SourceFormat;
  readonly title: string | undefined;
  /** The language the source declares (RSS `<language>`, Atom `xml:lang`, JSON Feed `language`). */
  readonly language?: string | undefined;
  readonly items: readonly Record<string, unknown>[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
/** Text of an XML node as parsers give it: a string, or an object with `#text`. */
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (isObj(v) && (typeof v['#text'] === 'string' || typeof v['#text'] === 'number')) return String(v['#text']).trim() || undefined;
  return undefined;
};
const isoDate = (v: unknown): string | undefined => {
  const t = text(v);
  if (t === undefined) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};
/** Feeds and CMS exports put HTML (and character references) in every text: keep the words. */
const plain = htmlToText;
/** A language tag as sources write it (`zh-CN`, `en_US`), or undefined. */
const languageTag = (v: unknown): string | undefined => {
  const tag = text(v)?.replace('_', '-');
  return tag !== undefined && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag) ? tag : undefined;
};
const isImageType = (type: unknown): boolean => typeof type !== 'string' || type === '' || type.toLowerCase().startsWith('image/');
/** The first picture an RSS item names: enclosure, media:content, media:thumbnail (also inside media:group), then the first <img> of its content. */
function rssImage(entry: Obj): string | undefined {
  const enclosure = list(entry.enclosure).filter(isObj).find((e) => typeof e['@_type'] === 'string' && e['@_type'].toLowerCase().startsWith('image/'));
  const groups = list(entry['media:group']).filter(isObj);
  const media = [entry, ...groups].flatMap((node) => list(node['media:content']).filter(isObj)).find((m) => m['@_medium'] === 'image' || (m['@_medium'] === undefined && isImageType(m['@_type'])));
  const thumbnail = [entry, ...groups].flatMap((node) => list(node['media:thumbnail']).filter(isObj))[0];
  return (
    text(enclosure?.['@_url']) ??
    text(media?.['@_url']) ??
    text(thumbnail?.['@_url']) ??
    firstImageSrc(text(entry['content:encoded'])) ??
    firstImageSrc(text(entry.description))
  );
}
/** HTML out of the text fields of an item given as JSON (a CMS export); everything else as it is. */
function cleanItem(item: Obj): Obj {
  const cleaned: Obj = { ...item };
  for (const field of ['title', 'summary', 'body']) if (typeof item[field] === 'string') cleaned[field] = plain(item[field]);
  return cleaned;
}

function compact(item: Obj): Obj {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** JSON: a list of items, `{ items: [...] }` (a Sift catalogue too), or a JSON Feed. */
export function itemsFromJson(value: unknown): SourceItems {
  if (Array.isArray(value)) return { format: 'json', title: undefined, items: value.filter(isObj).map(cleanItem) };
  if (!isObj(value)) return { format: 'json', title: undefined, items: [] };
  const title = typeof value.title === 'string' ? value.title : undefined;
  if (typeof value.version === 'string' && value.version.startsWith('https://jsonfeed.org/version/')) {
    const items = list(value.items)
      .filter(isObj)
      .map((entry) =>
        compact({
          id: entry.id ?? entry.url,
          title: plain(typeof entry.title === 'string' ? entry.title : undefined) ?? plain(typeof entry.content_text === 'string' ? entry.content_text.slice(0, 120) : undefined),
          summary: plain(typeof entry.summary === 'string' ? entry.summary : undefined) ?? plain(typeof entry.content_html === 'string' ? entry.content_html : undefined) ?? entry.content_text,
          url: entry.url ?? entry.external_url,
          image: entry.image ?? entry.banner_image ?? firstImageSrc(typeof entry.content_html === 'string' ? entry.content_html : undefined),
          tags: list(entry.tags).filter((t): t is string => typeof t === 'string'),
          published_at: entry.date_published,
        }),
      );
    return { format: 'json-feed', title, language: languageTag(value.language), items };
  }
  return { format: 'json', title, items: list(value.items).filter(isObj).map(cleanItem) };
}

/** JSON Lines: one item object per line; blank and unreadable lines are skipped. */
export function itemsFromJsonLines(source: string): SourceItems & { readonly unreadableLines: number } {
  const items: Obj[] = [];
  let unreadableLines = 0;
  for (const line of source.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isObj(value)) items.push(cleanItem(value));
      else unreadableLines += 1;
    } catch {
      unreadableLines += 1;
    }
  }
  return { format: 'jsonl', title: undefined, items, unreadableLines };
}

/** RSS 2.0 (`rss.channel.item`) or Atom (`feed.entry`), as an XML parser's object. */
export function itemsFromFeedXml(parsedXml: unknown): SourceItems {
  if (!isObj(parsedXml)) return { format: 'rss', title: undefined, items: [] };
  const rss = isObj(parsedXml.rss) ? parsedXml.rss : undefined;
  if (rss !== undefined) {
    const channel = isObj(rss.channel) ? rss.channel : {};
    const items = list(channel.item)
      .filter(isObj)
      .map((entry) =>
        compact({
          id: text(entry.guid) ?? text(entry.link),
          title: plain(text(entry.title)),
          summary: plain(text(entry.description) ?? text(entry['content:encoded'])),
          url: text(entry.link),
          image: rssImage(entry),
          tags: list(entry.category).flatMap((c) => text(c) ?? []),
          published_at: isoDate(entry.pubDate),
        }),
      );
    return { format: 'rss', title: plain(text(channel.title)), language: languageTag(channel.language ?? channel['dc:language']), items };
  }
  const feed = isObj(parsedXml.feed) ? parsedXml.feed : {};
  const items = list(feed.entry)
    .filter(isObj)
    .map((entry) => {
      const links = list(entry.link).filter(isObj);
      const link = links.find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate') ?? links[0];
      const enclosure = links.find((l) => l['@_rel'] === 'enclosure' && typeof l['@_type'] === 'string' && l['@_type'].toLowerCase().startsWith('image/'));
      const thumbnail = list(entry['media:thumbnail']).filter(isObj)[0];
      return compact({
        id: text(entry.id),
        title: plain(text(entry.title)),
        summary: plain(text(entry.summary) ?? text(entry.content)),
        url: link === undefined ? undefined : text(link['@_href']),
        image: text(enclosure?.['@_href']) ?? text(thumbnail?.['@_url']) ?? firstImageSrc(text(entry.content)),
        tags: list(entry.category).flatMap((c) => (isObj(c) ? (text(c['@_term']) ?? []) : [])),
        published_at: isoDate(entry.published ?? entry.updated),
      });
    });
  return { format: 'atom', title: plain(text(feed.title)), language: languageTag(feed['@_xml:lang']), items };
}
