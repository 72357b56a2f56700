import type { CatalogueItem } from '../catalogue/catalogue-types';

/** What is embedded for an item: its title, summary and tags, in that order. */
export function embeddingText(item: Pick<CatalogueItem, 'title' | 'summary' | 'tags'>): string {
  return [item.title, item.summary ?? '', item.tags.join(', ')].filter((part) => part !== '').join('. ');
}

/**
 * The fingerprint a vector file is tied to: item ids in order and the text embedded for each
 * (not URLs, which the app resolves against where the catalogue is served). Vectors whose
 * fingerprint differs belong to another version of the catalogue.
 */
export function embeddedTextHash(items: ReadonlyArray<Pick<CatalogueItem, 'id' | 'title' | 'summary' | 'tags'>>): string {
  let hash = 0x811c9dc5;
  let length = 0;
  for (const item of items) {
    const text = `${item.id}\u0000${embeddingText(item)}\u0001`;
    length += text.length;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return (hash >>> 0).toString(16).padStart(8, '0') + length.toString(16);
}
