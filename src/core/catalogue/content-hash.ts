import type { Catalogue } from './catalogue-types';

/** A cheap fingerprint of a catalogue's content (FNV-1a over its JSON), to skip no-op updates. */
export function catalogueContentHash(catalogue: Catalogue): string {
  const text = JSON.stringify(catalogue);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}
