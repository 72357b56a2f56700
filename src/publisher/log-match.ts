import { canonicalUrl } from '../core/catalogue/canonical-url';
import type { CatalogueKey, ItemKey, LogSummary } from './log-source';
import { PublisherError } from './publisher-error';

/**
 * A log that names almost none of the catalogue's items builds a catalogue with no popularity,
 * no neighbours and priors tuned on nothing, and looks like a success. It is refused instead, with
 * the keys it did not match and the option that would match them.
 */
export const DEFAULT_MIN_MATCH_SHARE = 0.01;

export function checkLogMatchesCatalogue(summary: LogSummary, catalogue: readonly CatalogueKey[], itemKey: ItemKey, minShare: number, itemsWithPopularity: number): void {
  const share = summary.validRows === 0 ? 0 : summary.matchedRows / summary.validRows;
  if (share >= minShare && itemsWithPopularity > 0) return;
  throw new PublisherError({
    kind: 'log-does-not-match',
    matchedRows: summary.matchedRows,
    rows: summary.validRows,
    minShare,
    unmatched: summary.topUnmatched,
    fix: matchFix(summary.topUnmatched.map((entry) => entry.key), catalogue, itemKey, summary.site),
  });
}

/** What would make these log keys name catalogue items, in words naming the option. */
export function matchFix(keys: readonly string[], catalogue: readonly CatalogueKey[], itemKey: ItemKey, site: string | null): string {
  const withUrl = catalogue.filter((item) => item.url !== undefined);
  const looksLikeAddress = (key: string): boolean => /^(https?:)?\/\//i.test(key) || key.startsWith('/') || /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(key);
  if (itemKey.kind === 'id') {
    if (keys.some(looksLikeAddress)) {
      return withUrl.length > 0
        ? 'the log names pages by address: match them to the items\' url with --item-key url'
        : 'the log names pages by address, and the catalogue\'s items have no url to match: give them one (--fields url=permalink) and use --item-key url';
    }
    const prefix = commonPrefix(keys, catalogue);
    if (prefix !== null) return `the catalogue's ids are the log's with "${prefix}" in front: add --item-prefix ${prefix}`;
    return `check that --columns item=NAME names the column holding the catalogue's item ids (e.g. ${catalogue.slice(0, 2).map((item) => item.id).join(', ')})`;
  }
  if (withUrl.length === 0) return 'the catalogue\'s items have no url to match the log\'s addresses: give them one (--fields url=permalink)';
  if (site === null && keys.some((key) => key.startsWith('/'))) return 'the log has relative paths and the catalogue no site to resolve them against: add --site https://your.site';
  const catalogueHost = hostOf(canonicalUrl(withUrl[0]!.url!, site ?? undefined));
  const logHosts = [...new Set(keys.map((key) => hostOf(key)).filter((host) => host !== null))];
  if (catalogueHost !== null && logHosts.length > 0 && !logHosts.includes(catalogueHost)) {
    return `the log's pages are on ${logHosts.join(', ')} and the catalogue's on ${catalogueHost}: give relative paths with --site, or build from the feed of that site`;
  }
  return `these addresses are not the url of any catalogue item (e.g. ${withUrl.slice(0, 2).map((item) => item.url).join(', ')}); check --columns item=NAME`;
}

function hostOf(canonical: string | null): string | null {
  if (canonical === null) return null;
  const match = /^([a-z0-9.-]+\.[a-z0-9-]+)(:\d+)?(\/|\?|$)/i.exec(canonical);
  return match === null ? null : match[1]!.toLowerCase();
}

/** A prefix that turns most of these keys into catalogue ids ("movie-" for "12" → "movie-12"). */
function commonPrefix(keys: readonly string[], catalogue: readonly CatalogueKey[]): string | null {
  const ids = new Set(catalogue.map((item) => item.id));
  const votes = new Map<string, number>();
  for (const key of keys) {
    for (const id of ids) {
      if (id.length > key.length && id.endsWith(key)) {
        const prefix = id.slice(0, id.length - key.length);
        votes.set(prefix, (votes.get(prefix) ?? 0) + 1);
      }
    }
  }
  let best: string | null = null;
  let most = 0;
  for (const [prefix, count] of votes) if (count > most) [best, most] = [prefix, count];
  return best !== null && most * 2 >= keys.length ? best : null;
}
