import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import type { Reason } from '../core/explain/reasons';
import type { ItemMark } from '../core/profile/interest-profile';
import type { RankedItem } from '../core/rank/ranked-item';
import type { SiftDatabase } from './db';

/**
 * The first page of the feed as last ranked, so a reload can paint it before the worker has
 * indexed the catalogue; the fresh ranking replaces it moments later. Tied to the catalogue's
 * content hash: a changed catalogue never shows a stale page.
 */
export interface FeedCache {
  readonly version: 1;
  readonly catalogueId: string;
  readonly contentHash: string;
  /** The last stored event the ranking had seen: a page from before later events is not shown. */
  readonly eventSeq: number;
  /** Whether the onboarding panel was showing above the page. */
  readonly onboarding: boolean;
  /** Everything a card shows, so painting needs neither the catalogue nor the worker. */
  readonly entries: readonly CachedFeedEntry[];
  /** Items the page's explanations name ("because you liked …"). */
  readonly related: readonly CatalogueItem[];
}

export interface CachedFeedEntry {
  readonly item: CatalogueItem;
  readonly ranked: RankedItem;
  readonly reasons: readonly Reason[];
  readonly mark: ItemMark;
}

export async function saveFeedCache(db: SiftDatabase, cache: FeedCache): Promise<void> {
  await db.settings.put({ key: 'feedCache', value: JSON.stringify(cache) });
}

/** The cached page, or undefined when absent or not in the shape this release writes. */
export async function loadFeedCache(db: SiftDatabase): Promise<FeedCache | undefined> {
  const record = await db.settings.get('feedCache');
  if (record === undefined) return undefined;
  try {
    const value = JSON.parse(record.value) as Partial<FeedCache> | null;
    if (value === null || value.version !== 1 || typeof value.catalogueId !== 'string' || typeof value.contentHash !== 'string') return undefined;
    if (typeof value.eventSeq !== 'number' || typeof value.onboarding !== 'boolean' || !Array.isArray(value.entries)) return undefined;
    if (!Array.isArray(value.related) || !value.related.every((item) => typeof item?.id === 'string' && typeof item.title === 'string')) return undefined;
    const wellFormed = value.entries.every(
      (e) =>
        typeof e?.item?.id === 'string' &&
        typeof e.item.title === 'string' &&
        Array.isArray(e.item.tags) &&
        e.ranked?.itemId === e.item.id &&
        Array.isArray(e.ranked.explanation?.signals) &&
        // Pages cached before explanations named their context are ranked afresh instead.
        (e.ranked.explanation.context === null || typeof e.ranked.explanation.context?.itemId === 'string') &&
        Array.isArray(e.reasons) &&
        typeof e.mark?.reaction === 'string',
    );
    return wellFormed ? (value as FeedCache) : undefined;
  } catch {
    return undefined;
  }
}
