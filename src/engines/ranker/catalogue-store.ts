import type { CatalogueEmbeddingsRef, CatalogueThumbnailsRef } from '../../core/catalogue/catalogue-types';
import type { RankingPriors } from '../../core/catalogue/ranking-priors';
import type { CatalogueIndexSnapshot } from '../../core/index/index-snapshot';

/** What the app knows of a stored catalogue without reading its items. */
export interface CatalogueRecord {
  readonly id: string;
  readonly sourceUrl: string;
  readonly fetchedAt: number;
  readonly contentHash: string;
  /** The ETag this version was served with, when its server sent one the page could read (absent in older records). */
  readonly etag?: string | null;
  readonly title: string;
  readonly itemCount: number;
  /** The catalogue's own vector file, when it names one. */
  readonly embeddings?: CatalogueEmbeddingsRef | null;
  /** The catalogue's thumbnail file, when it names one (absent in older records). */
  readonly thumbnails?: CatalogueThumbnailsRef | null;
  /** Its validated ranking priors, to rebuild the index from the items (absent before schema v6). */
  readonly ranking?: RankingPriors | null;
}

/**
 * Where the ranking engine keeps the catalogue it serves: its description, its items as JSON
 * chunks (see item-chunks) and its built index. The engine owns this data so that the page never
 * holds or copies the catalogue; the app's IndexedDB implements it (src/storage).
 */
export interface CatalogueStore {
  /**
   * Makes this catalogue the stored one in one transaction: description, every chunk and the
   * index. Items and indexes of any other catalogue (or an older copy of this one) are deleted
   * in the same transaction, so no second copy lingers.
   */
  replace(entry: { readonly record: CatalogueRecord; readonly chunks: readonly string[]; readonly index: CatalogueIndexSnapshot }): Promise<void>;
  /** The stored index of this version of the catalogue, if there is one. */
  loadIndex(catalogueId: string, contentHash: string): Promise<CatalogueIndexSnapshot | undefined>;
  saveIndex(catalogueId: string, contentHash: string, index: CatalogueIndexSnapshot): Promise<void>;
  /** The stored version of this catalogue (this content hash) is now served with this ETag; nothing if another version is stored. */
  rememberEtag(catalogueId: string, contentHash: string, etag: string): Promise<void>;
  /** Every stored catalogue's key and where it came from (see catalogue-identity.ts). */
  storedSources(): Promise<ReadonlyArray<{ readonly id: string; readonly sourceUrl: string }>>;
  /** The chunks' texts, in the order asked (undefined where one is missing). */
  readChunks(catalogueId: string, chunks: readonly number[]): Promise<ReadonlyArray<string | undefined>>;
}

/** Opens the store of the named database (one per app or widget catalogue). */
export type CatalogueStoreFactory = (databaseName: string) => CatalogueStore;
