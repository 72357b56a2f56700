/**
 * A cheap fingerprint of a catalogue file's text (FNV-1a over its characters, plus its length),
 * to skip no-op updates. Taken from the text as served, before parsing: an unchanged catalogue
 * (the usual case at every start) costs one pass over its characters instead of a parse,
 * a validation and a second serialisation. Fed piece by piece as a download is decoded, the pass
 * happens while the rest of the body is still arriving instead of after it.
 */
export class TextFingerprint {
  private hash = 0x811c9dc5;
  private length = 0;

  add(text: string): void {
    let hash = this.hash;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    this.hash = hash;
    this.length += text.length;
  }

  digest(): string {
    return (this.hash >>> 0).toString(16).padStart(8, '0') + this.length.toString(16);
  }
}

export function contentHashOfText(text: string): string {
  const fingerprint = new TextFingerprint();
  fingerprint.add(text);
  return fingerprint.digest();
}
