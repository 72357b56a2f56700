import type { CatalogueItem } from '../../core/catalogue/catalogue-types';
import { chunkCount, chunkOf, ITEMS_PER_CHUNK, parseChunk } from '../../core/catalogue/item-chunks';
import type { CatalogueStore } from './catalogue-store';

/** Parsed chunks kept at hand: a feed page, its reasons and the user's saved items, many times over. */
const CACHED_CHUNKS = 96;

/**
 * The items of the catalogue being ranked, by index position: from memory while a freshly
 * fetched catalogue is not yet stored, then read by chunk from the store and kept in a small
 * least-recently-used cache, so the engine never holds the whole catalogue's objects for long.
 */
export class CatalogueItems {
  private memory: readonly CatalogueItem[] | null;
  private readonly cache = new Map<number, readonly CatalogueItem[]>();

  constructor(
    private readonly catalogueId: string,
    readonly itemCount: number,
    source: { readonly kind: 'memory'; readonly items: readonly CatalogueItem[] } | { readonly kind: 'stored' },
    private store: CatalogueStore | null,
  ) {
    this.memory = source.kind === 'memory' ? source.items : null;
  }

  /** The items are stored now: read them from there and let the objects go. */
  stored(store: CatalogueStore): void {
    this.store = store;
    this.memory = null;
  }

  get inMemory(): readonly CatalogueItem[] | null {
    return this.memory;
  }

  /** Items at these positions, in the same order (positions out of range are left out). */
  async at(positions: readonly number[]): Promise<CatalogueItem[]> {
    const memory = this.memory;
    if (memory !== null) return positions.flatMap((p) => memory[p] ?? []);
    const wanted = [...new Set(positions.filter((p) => p >= 0 && p < this.itemCount).map(chunkOf))];
    for (const chunk of wanted) {
      // Least recently used goes first: a hit moves to the end of the map's order.
      const hit = this.cache.get(chunk);
      if (hit === undefined) continue;
      this.cache.delete(chunk);
      this.cache.set(chunk, hit);
    }
    await this.load(wanted.filter((chunk) => !this.cache.has(chunk)));
    return positions.flatMap((p) => {
      const chunk = this.cache.get(chunkOf(p));
      return chunk?.[p - chunkOf(p) * ITEMS_PER_CHUNK] ?? [];
    });
  }

  /**
   * Reads every chunk into the cache when the whole catalogue fits in it (up to 12,288 items), so
   * that no later like waits for IndexedDB; larger catalogues are read by need. Run when idle.
   */
  async warm(): Promise<void> {
    const total = chunkCount(this.itemCount);
    if (this.memory !== null || this.store === null || total > CACHED_CHUNKS) return;
    const missing = Array.from({ length: total }, (_, chunk) => chunk).filter((chunk) => !this.cache.has(chunk));
    // A few chunks per read, so that a ranking asked for meanwhile waits for one short step only.
    for (let start = 0; start < missing.length; start += 8) await this.load(missing.slice(start, start + 8));
  }

  /** Every item in catalogue order (embedding the whole catalogue, checking titles). */
  async all(): Promise<CatalogueItem[]> {
    if (this.memory !== null) return [...this.memory];
    const items: CatalogueItem[] = [];
    const total = chunkCount(this.itemCount);
    // A few hundred chunks per read: one transaction each, without holding every text at once.
    for (let start = 0; start < total; start += 256) {
      const numbers = Array.from({ length: Math.min(256, total - start) }, (_, k) => start + k);
      for (const [k, text] of (await this.read(numbers)).entries()) items.push(...this.parse(text, numbers[k]!));
    }
    return items;
  }

  private async load(chunks: readonly number[]): Promise<void> {
    if (chunks.length === 0) return;
    const texts = await this.read(chunks);
    chunks.forEach((chunk, k) => {
      this.cache.set(chunk, this.parse(texts[k], chunk));
      if (this.cache.size > CACHED_CHUNKS) this.cache.delete(this.cache.keys().next().value!);
    });
  }

  private async read(chunks: readonly number[]): Promise<ReadonlyArray<string | undefined>> {
    if (this.store === null) throw new Error('the catalogue items are neither in memory nor stored');
    return this.store.readChunks(this.catalogueId, chunks);
  }

  private parse(text: string | undefined, chunk: number): readonly CatalogueItem[] {
    const items = text === undefined ? null : parseChunk(text, chunk, this.itemCount);
    if (items === null) throw new MissingItems(this.catalogueId, chunk);
    return items;
  }
}

/** A stored chunk is gone or damaged (storage cleared underneath): the catalogue must be fetched again. */
export class MissingItems extends Error {
  constructor(
    readonly catalogueId: string,
    readonly chunk: number,
  ) {
    super(`chunk ${chunk} of catalogue ${catalogueId} is missing or damaged`);
    this.name = 'MissingItems';
  }
}
