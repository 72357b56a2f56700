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
  // FNV-1a over `${id}\u0000${embeddingText(item)}\u0001` for each item, hashed part by part
  // rather than built as strings: this runs over every item each time a catalogue is indexed.
  const state = { hash: 0x811c9dc5, length: 0 };
  for (const item of items) {
    hashText(state, item.id);
    hashText(state, '\u0000');
    let first = true;
    const part = (text: string): void => {
      if (text === '') return;
      if (!first) hashText(state, '. ');
      hashText(state, text);
      first = false;
    };
    part(item.title);
    part(item.summary ?? '');
    if (item.tags.length > 0 && !(item.tags.length === 1 && item.tags[0] === '')) {
      if (!first) hashText(state, '. ');
      item.tags.forEach((tag, k) => {
        if (k > 0) hashText(state, ', ');
        hashText(state, tag);
      });
    }
    hashText(state, '\u0001');
  }
  return (state.hash >>> 0).toString(16).padStart(8, '0') + state.length.toString(16);
}

function hashText(state: { hash: number; length: number }, text: string): void {
  let hash = state.hash;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  state.hash = hash;
  state.length += text.length;
}
