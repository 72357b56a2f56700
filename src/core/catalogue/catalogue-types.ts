/** The Sift catalogue file format, version 1 (documented in README "Catalogue format"). */
import type { RankingPriors } from './ranking-priors';

export const CATALOGUE_FORMAT = 'sift-catalog';
export const CATALOGUE_VERSION = 1;

export type VectorDtype = 'int8' | 'float16' | 'float32';

export interface CatalogueEmbeddingsRef {
  readonly model: string;
  readonly dim: number;
  readonly dtype: VectorDtype;
  readonly url: string;
}

/** The catalogue's thumbnail file (thumbnail-file.ts): small pictures of `count` items, `width` pixels wide. */
export interface CatalogueThumbnailsRef {
  readonly url: string;
  readonly count: number;
  readonly width: number;
}

export interface CatalogueItem {
  readonly id: string;
  readonly title: string;
  readonly summary?: string;
  readonly body?: string;
  /** Only http(s) URLs survive validation. */
  readonly url?: string;
  readonly image?: string;
  readonly tags: readonly string[];
  /** ISO 8601 date or date-time. */
  readonly published_at?: string;
  /** A non-negative count (views, ratings, reads) published by the site. */
  readonly popularity?: number;
  /** Ids of items that the site's audience engaged with together with this one, best first. */
  readonly neighbors?: readonly string[];
  /**
   * How strongly each of `neighbors` goes with this item (same length, positive, non-increasing),
   * on one scale across the catalogue, e.g. an item-item model's weights. Absent: by rank alone.
   */
  readonly neighbor_weights?: readonly number[];
}

export interface Catalogue {
  readonly format: typeof CATALOGUE_FORMAT;
  readonly version: typeof CATALOGUE_VERSION;
  readonly id: string;
  readonly title: string;
  readonly language: string;
  readonly items: readonly CatalogueItem[];
  readonly embeddings?: CatalogueEmbeddingsRef;
  readonly thumbnails?: CatalogueThumbnailsRef;
  /** Ranking priors tuned by the site on its own logs (validated; absent: Sift's defaults). */
  readonly ranking?: RankingPriors;
}
