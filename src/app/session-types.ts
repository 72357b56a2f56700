import type { RankingIssue } from '../core/catalogue/ranking-priors';
import type { CatalogueEmbeddingsRef, CatalogueThumbnailsRef, CatalogueItem } from '../core/catalogue/catalogue-types';
import type { Reason } from '../core/explain/reasons';
import type { ConversationalIntent, IntentNote } from '../core/intent/intent';
import type { ItemMark } from '../core/profile/interest-profile';
import type { RankedItem } from '../core/rank/ranked-item';
import type { CatalogueLoadError } from '../engines/catalogue/fetch-catalogue';

export type SessionState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'loading-catalogue'; readonly url: string }
  | { readonly kind: 'ready' }
  /** No catalogue could be loaded and none was stored: nothing to rank yet. */
  | { readonly kind: 'no-catalogue'; readonly error: CatalogueLoadError };

export type Notice =
  | { readonly kind: 'catalogue-failed'; readonly error: CatalogueLoadError; readonly keptTitle: string }
  | {
      readonly kind: 'catalogue-loaded';
      readonly title: string;
      readonly itemCount: number;
      readonly skippedCount: number;
      readonly rankingIssues: readonly RankingIssue[];
      /** Loaded from `origin`, with the id of the catalogue from `sharesIdWith`: kept apart, with a profile of its own. */
      readonly keptApart: { readonly origin: string; readonly sharesIdWith: string } | null;
    }
  | { readonly kind: 'storage-failed'; readonly detail: string }
  /** Storage ran short; the oldest events were folded into a summary and deleted. */
  | { readonly kind: 'storage-compacted'; readonly eventCount: number };

export interface CatalogueInfo {
  readonly id: string;
  readonly title: string;
  readonly sourceUrl: string;
  readonly itemCount: number;
  readonly fetchedAt: number;
  /** The catalogue's own vector file, if it has one. */
  readonly embeddings: CatalogueEmbeddingsRef | null;
  /** The catalogue's thumbnail file, if it has one. */
  readonly thumbnails: CatalogueThumbnailsRef | null;
}

export interface FeedEntry {
  readonly item: CatalogueItem;
  readonly ranked: RankedItem;
  readonly reasons: readonly Reason[];
  readonly mark: ItemMark;
}

/** Results shown instead of the feed: a search, "More like this", or a conversational request and how it was understood. */
export type ResultsView =
  | { readonly kind: 'search'; readonly query: string; readonly results: readonly FeedEntry[] }
  /** Around one item; `query` is its title. */
  | { readonly kind: 'around'; readonly itemId: string; readonly query: string; readonly results: readonly FeedEntry[] }
  | {
      readonly kind: 'ask';
      readonly query: string;
      /** The built-in rules, or the local language model (its JSON validated against the catalogue). */
      readonly understoodBy: 'rules' | 'model';
      readonly intent: ConversationalIntent;
      readonly notes: readonly IntentNote[];
      readonly results: readonly FeedEntry[];
    };

/** What a user can do to an item from a card. */
export type CardAction = 'open' | 'like' | 'unlike' | 'dislike' | 'hide' | 'save' | 'unsave';
