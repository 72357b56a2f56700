/**
 * A cheap fingerprint of a catalogue file's text (FNV-1a over its characters, plus its length),
 * to skip no-op updates. Taken from the text as served, before parsing: an unchanged catalogue
 * (the usual case at every start) costs one pass over its characters instead of a parse,
 * a validation and a second serialisation.
 */
export function contentHashOfText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}
