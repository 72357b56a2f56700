import type { CatalogueItem } from './catalogue-types';

/**
 * Catalogue items are stored as JSON text in chunks of consecutive positions: the page asks for
 * the few items it shows, and one chunk (tens of kilobytes, under the size at which Chromium
 * moves an IndexedDB value to a file of its own) is a single read and a short parse. Positions
 * are the index's, so an item's chunk follows from its position alone.
 */
export const ITEMS_PER_CHUNK = 128;

export function chunkOf(position: number): number {
  return Math.floor(position / ITEMS_PER_CHUNK);
}

export function chunkCount(itemCount: number): number {
  return Math.ceil(itemCount / ITEMS_PER_CHUNK);
}

/** Chunk `chunk` of the items, as stored. */
export function chunkText(items: readonly CatalogueItem[], chunk: number): string {
  return JSON.stringify(items.slice(chunk * ITEMS_PER_CHUNK, (chunk + 1) * ITEMS_PER_CHUNK));
}

/** A stored chunk read back: the items, or null when it is not a list of items of the expected length. */
export function parseChunk(text: string, chunk: number, itemCount: number): CatalogueItem[] | null {
  const expected = Math.min(ITEMS_PER_CHUNK, itemCount - chunk * ITEMS_PER_CHUNK);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return Array.isArray(parsed) && parsed.length === expected ? (parsed as CatalogueItem[]) : null;
}
