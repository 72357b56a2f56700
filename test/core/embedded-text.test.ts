import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { embeddedTextHash, embeddingText } from '../../src/core/vectors/embedded-text';

/** The fingerprint as specified: FNV-1a over each item's id and embedded text, plus the length. */
function referenceHash(items: ReadonlyArray<{ id: string; title: string; summary?: string; tags: readonly string[] }>): string {
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

describe('embeddedTextHash', () => {
  it('is the FNV-1a of the embedded texts, hashed part by part without building them', () => {
    const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }));
    const item = fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), title: text, summary: fc.option(text, { nil: undefined }), tags: fc.array(text, { maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const clean = items.map(({ summary, ...rest }) => (summary === undefined ? rest : { ...rest, summary }));
        expect(embeddedTextHash(clean)).toBe(referenceHash(clean));
      }),
      { numRuns: 1000 },
    );
  });
});
