import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { reasonsForFeed } from '../core/explain/reasons';
import { NO_MARK, type ItemMark } from '../core/profile/interest-profile';
import type { RankedItem } from '../core/rank/ranked-item';
import { saveFeedCache, type FeedCache } from '../storage/feed-cache-repository';
import type { FeedPage } from '../engines/ranker/ranker-api';
import type { SessionDeps } from './session-deps';
import type { FeedEntry } from './session-types';
import type { SessionView } from './session-view.svelte';

export const PAGE_SIZE = 20;

/**
 * The feed on screen: asks the worker for a ranked page and the items it names, turns them into
 * cards with reasons, and keeps the items the page has (the page never holds the catalogue).
 */
export class FeedRanking {
  /**
   * Items by id: those on screen and those the user marked (Saved, History), asked of the
   * worker as they are needed.
   */
  private items = new Map<string, CatalogueItem>();
  /** Bumped when items arrive, so views that found one missing read again. */
  private itemsVersion = $state(0);
  private size = PAGE_SIZE;
  /** Cards passed over above one acted on, counted once per page load (see Feedback.act). */
  readonly skippedThisPage = new Set<string>();

  constructor(
    private readonly deps: Pick<SessionDeps, 'db' | 'ranker' | 'clock'>,
    private readonly view: SessionView,
  ) {}

  /** An item of the current catalogue, if the page has it (see ensureItems); views re-read when items arrive. */
  itemById(id: string): CatalogueItem | undefined {
    void this.itemsVersion;
    return this.items.get(id);
  }

  /** Asks the worker for the items of these ids the page does not have yet. */
  async ensureItems(ids: Iterable<string>): Promise<void> {
    const catalogue = this.view.catalogue;
    const missing = [...new Set(ids)].filter((id) => !this.items.has(id));
    if (catalogue === null || missing.length === 0) return;
    const found = await this.deps.ranker.itemsById(missing);
    if (this.view.catalogue?.id !== catalogue.id) return;
    for (const item of found) this.items.set(item.id, item);
    this.itemsVersion += 1;
  }

  /** Another catalogue is on screen: none of the last one's items. */
  forgetItems(): void {
    this.items = new Map();
  }

  /** A profile was (re)loaded: the first page again, and no card counts as passed over yet. */
  firstPage(): void {
    this.size = PAGE_SIZE;
    this.skippedThisPage.clear();
  }

  /** Paints the page ranked last time (a start, while the worker indexes); refresh() replaces it. */
  paintCached(cache: FeedCache): void {
    this.items = new Map([...cache.related, ...cache.entries.map((e) => e.item)].map((item) => [item.id, item]));
    this.view.marks = new Map(cache.entries.map((e) => [e.item.id, e.mark]));
    this.view.feed = cache.entries;
    this.view.feedSource = 'cache';
    this.view.onboarding = cache.onboarding;
  }

  /** One page more. */
  grow(): void {
    this.size += PAGE_SIZE;
  }

  /** Ranks the feed again with what the worker knows now; results on screen get their new marks. */
  async refresh(source: 'provisional' | 'ranking' = 'ranking'): Promise<void> {
    const page = await this.deps.ranker.feedPage({ limit: this.size, now: this.deps.clock() });
    this.cards(page);
    const marks = new Map(page.marks);
    // Saved and History name the user's marked items too (asked of the worker once each).
    await this.ensureItems(marks.keys());
    const view = this.view;
    view.marks = marks;
    view.feed = this.entries(page.ranked, marks);
    view.feedSource = source;
    const search = view.searchResults;
    if (search !== null) view.searchResults = { ...search, results: search.results.map((entry) => ({ ...entry, mark: marks.get(entry.item.id) ?? NO_MARK })) };
  }

  /** Cards for items around one (the page's article, "More like this"): its likes blended with the profile. */
  async around(itemId: string, limit: number): Promise<FeedEntry[]> {
    const page = await this.deps.ranker.feedPage({ limit, now: this.deps.clock(), context: itemId });
    return this.cards(page);
  }

  /** Cards for the page's own list, ordered for the reader; ids the catalogue lacks come back apart. */
  async list(ids: readonly string[]): Promise<{ readonly entries: FeedEntry[]; readonly unknown: readonly string[] }> {
    const page = await this.deps.ranker.listPage({ ids, now: this.deps.clock() });
    return { entries: this.cards(page), unknown: page.unknown };
  }

  private cards(page: Pick<FeedPage, 'ranked' | 'marks' | 'items'>): FeedEntry[] {
    if (page.items.some((item) => !this.items.has(item.id))) {
      for (const item of page.items) this.items.set(item.id, item);
      this.itemsVersion += 1;
    }
    return this.entries(page.ranked, new Map(page.marks));
  }

  /** Cards for ranked items the page has, with their reasons and marks. */
  entries(ranked: readonly RankedItem[], marks: ReadonlyMap<string, ItemMark>): FeedEntry[] {
    const cards = ranked.flatMap((entry) => {
      const item = this.itemById(entry.itemId);
      return item === undefined ? [] : [{ item, ranked: entry }];
    });
    // Reasons are chosen across the page: one every card would give says nothing.
    const reasons = reasonsForFeed(cards, (id) => this.itemById(id)?.title);
    return cards.map((card, i) => ({ ...card, reasons: reasons[i]!, mark: marks.get(card.item.id) ?? NO_MARK }));
  }

  /** Stores the first page, so the next start paints it before the worker has indexed. */
  async saveCache(catalogueId: string, contentHash: string, eventSeq: number): Promise<void> {
    const entries = this.view.feed.slice(0, PAGE_SIZE);
    const relatedIds = new Set(entries.flatMap((entry) => entry.ranked.explanation.because.map((b) => b.itemId)));
    const related = [...relatedIds].flatMap((id) => this.itemById(id) ?? []);
    try {
      await saveFeedCache(this.deps.db, { version: 1, catalogueId, contentHash, eventSeq, onboarding: this.view.onboarding, entries, related });
    } catch {
      // Only a start-up shortcut: without it the next start ranks before painting.
    }
  }
}
