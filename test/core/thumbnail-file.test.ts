import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeThumbnailFile, encodeThumbnailFile, MAX_WEBP_BYTES, type ThumbnailFile } from '../../src/core/catalogue/thumbnail-file';
import { parseCatalogue } from '../../src/core/catalogue/parse-catalogue';

const thumbnail = fc.record({
  id: fc.string({ minLength: 1, maxLength: 40 }),
  hash: fc.uint8Array({ minLength: 0, maxLength: 40 }),
  webp: fc.uint8Array({ minLength: 0, maxLength: 300 }),
});
const file = fc.record({ width: fc.integer({ min: 1, max: 1024 }), thumbnails: fc.array(thumbnail, { maxLength: 20 }) });

describe('the thumbnail file', () => {
  it('decodes what it encodes (property)', () => {
    fc.assert(
      fc.property(file, (f: ThumbnailFile) => {
        const decoded = decodeThumbnailFile(encodeThumbnailFile(f));
        expect(decoded.kind).toBe('ok');
        if (decoded.kind !== 'ok') return;
        expect(decoded.file.width).toBe(f.width);
        expect(decoded.file.thumbnails.map((t) => [t.id, [...t.hash], [...t.webp]])).toEqual(f.thumbnails.map((t) => [t.id, [...t.hash], [...t.webp]]));
      }),
      { numRuns: 200 },
    );
  });

  it('a cut, flipped or foreign file is refused with its problem, never thrown (property)', () => {
    fc.assert(
      fc.property(file, fc.nat(), fc.integer({ min: 0, max: 255 }), (f, at, value) => {
        const bytes = encodeThumbnailFile(f);
        const cut = bytes.subarray(0, at % (bytes.length + 1));
        const flipped = bytes.slice();
        flipped[at % bytes.length] = value;
        for (const variant of [cut, flipped]) {
          const result = decodeThumbnailFile(variant);
          if (result.kind === 'ok') for (const t of result.file.thumbnails) expect(t.webp.length).toBeLessThanOrEqual(MAX_WEBP_BYTES);
        }
        if (cut.length < bytes.length && f.thumbnails.length > 0) expect(decodeThumbnailFile(cut).kind).toBe('invalid');
      }),
      { numRuns: 300 },
    );
    expect(decodeThumbnailFile(new TextEncoder().encode('{"format":"sift-catalog"}'))).toEqual({ kind: 'invalid', problem: { kind: 'not-a-thumbnail-file' } });
    const future = encodeThumbnailFile({ width: 96, thumbnails: [] });
    future[8] = 2;
    expect(decodeThumbnailFile(future)).toEqual({ kind: 'invalid', problem: { kind: 'unsupported-version', version: 2 } });
  });

  it('a catalogue names its thumbnail file, resolved against its own address; a bad reference is dropped', () => {
    const base = { format: 'sift-catalog', version: 1, id: 'c', items: [{ id: 'a', title: 'A' }] };
    const ok = parseCatalogue({ ...base, thumbnails: { url: 'thumbnails.bin', count: 1, width: 96 } }, { baseUrl: 'https://site.example/catalog/c.json' });
    expect(ok.kind === 'ok' && ok.catalogue.thumbnails).toEqual({ url: 'https://site.example/catalog/thumbnails.bin', count: 1, width: 96 });
    for (const bad of [{ url: 'javascript:alert(1)', count: 1, width: 96 }, { url: 'thumbnails.bin', count: -1, width: 96 }, { url: 'thumbnails.bin', count: 1, width: 0 }, 'thumbnails.bin']) {
      const parsed = parseCatalogue({ ...base, thumbnails: bad }, { baseUrl: 'https://site.example/catalog/c.json' });
      expect(parsed.kind === 'ok' && parsed.catalogue.thumbnails).toBeUndefined();
    }
  });
});
