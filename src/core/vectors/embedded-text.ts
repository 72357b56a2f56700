import type { CatalogueItem } from '../catalogue/catalogue-types';
import { TextFingerprint } from '../catalogue/content-hash';

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
  // FNV-1a over `${id}\u0000${embeddingText(item)}\u0001` for each item, hashed part by part
  // rather than built as strings: this runs over every item each time a catalogue is indexed.
  const state = new TextFingerprint();
  for (const item of items) {
    state.add(item.id);
    state.add('\u0000');
    let first = true;
    const part = (text: string): void => {
      if (text === '') return;
      if (!first) state.add('. ');
      state.add(text);
      first = false;
    };
    part(item.title);
    part(item.summary ?? '');
    if (item.tags.length > 0 && !(item.tags.length === 1 && item.tags[0] === '')) {
      if (!first) state.add('. ');
      item.tags.forEach((tag, k) => {
        if (k > 0) state.add(', ');
        state.add(tag);
      });
    }
    state.add('\u0001');
  }
  return state.digest();
}
