import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE_LIMITS } from '../../src/core/catalogue/catalogue-limits';
import { needsCleaning, parseCatalogue, parseCatalogueText, parseDate, sameIgnoringCase } from '../../src/core/catalogue/parse-catalogue';

const header = { format: 'sift-catalog', version: 1, id: 'shop', title: 'Shop', language: 'en' };

function parseOk(json: unknown, baseUrl?: string) {
  const result = parseCatalogue(json, baseUrl === undefined ? {} : { baseUrl });
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

describe('parseCatalogue', () => {
  it('accepts a well-formed catalogue and keeps every field', () => {
    const item = {
      id: 'a',
      title: 'Alpha',
      summary: 'First',
      body: 'Long text',
      url: 'https://example.com/a',
      image: 'https://example.com/a.png',
      tags: ['One', 'Two'],
      published_at: '2024-05-01',
      popularity: 12,
      neighbors: ['b'],
    };
    const { catalogue, skippedCount } = parseOk({ ...header, items: [item, { id: 'b', title: 'Beta', tags: [] }] });
    expect(skippedCount).toBe(0);
    expect(catalogue.items[0]).toEqual({ ...item, published_at: '2024-05-01T00:00:00.000Z' });
  });

  it('with consume, gives the same catalogue and lets go of each raw item it copied', () => {
    const items = [{ id: 'a', title: ' Alpha  one ', tags: ['x', 'X'] }, 'junk', { id: 'b', title: 'Beta', neighbors: ['a', 'zz'] }, { id: 'a', title: 'dup' }];
    const kept = parseCatalogue(structuredClone({ ...header, items }));
    const handedOver = { ...header, items: structuredClone(items) as unknown[] };
    expect(parseCatalogue(handedOver, { consume: true })).toEqual(kept);
    expect(handedOver.items).toEqual([undefined, undefined, undefined, undefined]);
    // Without it the caller's JSON is left as it was.
    const untouched = { ...header, items: structuredClone(items) };
    parseCatalogue(untouched);
    expect(untouched.items).toEqual(items);
  });

  it('with consume, takes a parsed item that is already clean as it is, and copies any other (the same result either way)', () => {
    const clean = { id: 'a', title: 'Alpha', summary: 'First one', tags: ['One', 'two'], published_at: '2024-05-01T00:00:00.000Z', popularity: 3, neighbors: ['b'] };
    const unknownField = { id: 'b', title: 'Beta', tags: [], price: 12 };
    const json = { ...header, items: [clean, unknownField] };
    const result = parseCatalogue(json, { consume: true });
    if (result.kind !== 'ok') throw new Error('expected ok');
    expect(result.catalogue.items[0]).toBe(clean);
    expect(result.catalogue.items[1]).not.toBe(unknownField);
    expect(result.catalogue.items[1]).toEqual({ id: 'b', title: 'Beta', tags: [] });
    const text = fc.oneof(fc.constantFrom('A', 'a', ' a', 'a  b', 'x\ty', 'Beta', '', 'é'), fc.string({ maxLength: 5 }));
    const rawItem = fc.record(
      {
        id: fc.oneof(text, fc.integer({ min: -2, max: 5 })),
        title: text,
        summary: fc.oneof(text, fc.integer()),
        url: fc.constantFrom('https://e.example/a', '/relative', 'javascript:x'),
        tags: fc.oneof(fc.array(fc.constantFrom('A', 'a', 'B'), { maxLength: 3 }), fc.array(text, { maxLength: 4 })),
        published_at: fc.constantFrom('2024-05-01T00:00:00.000Z', '2024-05-01', 'nonsense', '2024-02-30T00:00:00.000Z'),
        popularity: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constant(1.5)),
        neighbors: fc.array(fc.oneof(text, fc.integer({ min: 0, max: 3 })), { maxLength: 3 }),
        extra: fc.constant(true),
      },
      { requiredKeys: [] },
    );
    // Mostly clean, or nearly: the cases where taking the object as it is could go wrong.
    const nearlyClean = fc.record(
      {
        id: fc.constantFrom('a', 'b', 'c'),
        title: fc.constantFrom('T', 'T '),
        summary: fc.constantFrom('S', 'S  s'),
        tags: fc.array(fc.constantFrom('A', 'a', 'B', 'b '), { maxLength: 3 }),
        published_at: fc.constantFrom('2024-05-01T00:00:00.000Z', '2024-05-01'),
        popularity: fc.constantFrom(0, 3, -1),
        neighbors: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
      },
      { requiredKeys: ['id', 'title'] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(rawItem, nearlyClean), { maxLength: 8 }), (items) => {
        const kept = parseCatalogue({ ...header, items: structuredClone(items) }, { consume: true, baseUrl: 'https://e.example/c.json' });
        expect(kept).toEqual(parseCatalogue({ ...header, items }, { baseUrl: 'https://e.example/c.json' }));
        // And what both give is clean: tags unique ignoring case, neighbours unique and never the item itself.
        for (const item of kept.kind === 'ok' ? kept.catalogue.items : []) {
          expect(new Set(item.tags.map((tag) => tag.toLowerCase())).size).toBe(item.tags.length);
          expect(item.tags.every((tag) => tag.length > 0 && !needsCleaning(tag))).toBe(true);
          expect(new Set(item.neighbors ?? []).size).toBe(item.neighbors?.length ?? 0);
          expect(item.neighbors ?? []).not.toContain(item.id);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('skips bad items, counts them, and keeps the rest', () => {
    const result = parseOk({ ...header, items: [{ id: 'a', title: 'A' }, 'junk', { title: 'no id' }, { id: 'c' }, { id: 'a', title: 'dup' }] });
    expect(result.catalogue.items.map((item) => item.id)).toEqual(['a']);
    expect(result.skippedCount).toBe(4);
    expect(result.issues.map((issue) => issue.kind)).toEqual(['not-an-object', 'missing-id', 'missing-title', 'duplicate-id']);
  });

  it('keeps only http(s) links and resolves relative ones against the catalogue URL', () => {
    const { catalogue } = parseOk(
      {
        ...header,
        items: [
          { id: '1', title: 't', url: 'javascript:alert(1)', image: 'data:image/png;base64,AAAA' },
          { id: '2', title: 't', url: '/films/2', image: 'img/2.png' },
          { id: '3', title: 't', url: 'ftp://example.com/x' },
        ],
      },
      'https://site.example/catalog/feed.json',
    );
    expect(catalogue.items[0]!.url).toBeUndefined();
    expect(catalogue.items[0]!.image).toBeUndefined();
    expect(catalogue.items[1]!.url).toBe('https://site.example/films/2');
    expect(catalogue.items[1]!.image).toBe('https://site.example/catalog/img/2.png');
    expect(catalogue.items[2]!.url).toBeUndefined();
  });

  it('caps lengths, strips control characters and de-duplicates tags case-insensitively', () => {
    const { catalogue } = parseOk({
      ...header,
      items: [{ id: 'x', title: `A\u0000B${'t'.repeat(1000)}`, tags: ['Drama', 'drama', 'DRAMA', ' ', 42, 'x'.repeat(500)] }],
    });
    const item = catalogue.items[0]!;
    expect(item.title.length).toBe(DEFAULT_CATALOGUE_LIMITS.maxTitleLength);
    expect(item.title.startsWith('A B')).toBe(true);
    expect(item.tags[0]).toBe('Drama');
    expect(item.tags.length).toBe(2);
    expect(item.tags[1]!.length).toBe(DEFAULT_CATALOGUE_LIMITS.maxTagLength);
  });

  it('drops neighbours that name unknown items or the item itself', () => {
    const { catalogue } = parseOk({ ...header, items: [{ id: 'a', title: 'A', neighbors: ['a', 'b', 'ghost'] }, { id: 'b', title: 'B' }] });
    expect(catalogue.items[0]!.neighbors).toEqual(['b']);
  });

  it('rejects a file that is not a Sift catalogue with a precise problem', () => {
    expect(parseCatalogueText('{oops')).toMatchObject({ kind: 'invalid', problem: { kind: 'not-json' } });
    expect(parseCatalogue([])).toEqual({ kind: 'invalid', problem: { kind: 'not-an-object' } });
    expect(parseCatalogue({ ...header, format: 'rss' })).toEqual({ kind: 'invalid', problem: { kind: 'wrong-format', found: '"rss"' } });
    expect(parseCatalogue({ ...header, version: 2 })).toEqual({ kind: 'invalid', problem: { kind: 'unsupported-version', found: '2' } });
    expect(parseCatalogue({ ...header, items: 'x' })).toEqual({ kind: 'invalid', problem: { kind: 'missing-field', field: 'items' } });
    expect(parseCatalogue({ ...header, items: [{}] })).toEqual({ kind: 'invalid', problem: { kind: 'no-valid-items', skipped: 1 } });
  });

  it('stops at the item limit', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ id: `i${i}`, title: 't' }));
    const result = parseCatalogue({ ...header, items }, { limits: { ...DEFAULT_CATALOGUE_LIMITS, maxItems: 4 } });
    expect(result).toMatchObject({ kind: 'ok', skippedCount: 6 });
  });

  it('never throws on arbitrary JSON and every kept item has an id, a title and http(s) links only', () => {
    const item = fc.oneof(
      fc.anything(),
      fc.record(
        {
          id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          title: fc.oneof(fc.string(), fc.constant(undefined)),
          url: fc.oneof(fc.webUrl(), fc.string(), fc.constant('javascript:alert(1)')),
          tags: fc.oneof(fc.array(fc.oneof(fc.string(), fc.integer())), fc.anything()),
          neighbors: fc.array(fc.string()),
          popularity: fc.oneof(fc.double(), fc.string()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), fc.anything(), (items, junk) => {
        for (const input of [{ ...header, items }, junk]) {
          const result = parseCatalogue(input);
          if (result.kind !== 'ok') continue;
          const ids = new Set<string>();
          for (const kept of result.catalogue.items) {
            expect(kept.id.length).toBeGreaterThan(0);
            expect(kept.title.length).toBeGreaterThan(0);
            expect(ids.has(kept.id)).toBe(false);
            ids.add(kept.id);
            if (kept.url !== undefined) expect(kept.url).toMatch(/^https?:\/\//);
            if (kept.popularity !== undefined) expect(Number.isFinite(kept.popularity) && kept.popularity >= 0).toBe(true);
          }
          for (const kept of result.catalogue.items) for (const n of kept.neighbors ?? []) expect(ids.has(n)).toBe(true);
        }
      }),
    );
  });
});

describe('text cleaning', () => {
  /** The rule, written the slow way: control characters to spaces, whitespace runs to one space, trimmed. */
  // eslint-disable-next-line no-control-regex
  const reference = (raw: string): string => raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const messy = fc.string({ unit: fc.constantFrom('a', 'é', ' ', '  ', '\t', '\n', '\u0000', '\u007f', '\u00a0', '\u2028', '\ufeff', '字', 'b') });

  it('the fast path for clean text gives what the full cleaning gives (property)', () => {
    fc.assert(
      fc.property(fc.oneof(messy, fc.string()), (title) => {
        const parsed = parseCatalogue({ format: 'sift-catalog', version: 1, id: 'c', items: [{ id: 'x', title }] });
        const expected = reference(title);
        if (expected.length === 0) expect(parsed.kind).toBe('invalid');
        else expect(parsed.kind === 'ok' && parsed.catalogue.items[0]!.title).toBe(expected.length > 300 ? `${expected.slice(0, 299)}…` : expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the fast paths on the way to the first card', () => {
  // eslint-disable-next-line no-control-regex
  const NEEDS_CLEANING = /[\u0000-\u001f\u007f]|[^\S ]| {2}|^ | $/;
  const awkward = fc.constantFrom(' ', '  ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u202f', '\u205f', '\u3000', '\ufeff', 'a', 'é', '字', '😀');
  it('needsCleaning says what the regular expression says, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.array(awkward).map((parts) => parts.join('')), fc.string({ unit: 'binary' })), (text) => {
        expect(needsCleaning(text)).toBe(NEEDS_CLEANING.test(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('sameIgnoringCase says what comparing the lowered strings says, for any two texts', () => {
    // Letters whose lowering is not one ASCII letter for one: İ lowers to two characters, the Kelvin sign to an ASCII k.
    const awkwardLetters = ['a', 'A', 'k', 'K', 'i', 'I', 'z', 'Z', '-', '0', '\u0130', 'i\u0307', '\u212a', '\u00df', '\u03a3', '\u03c3', '\u00e9', '\u00c9', '@', '[', '`', '{'];
    // Every two of them, alone and between other text.
    for (const x of awkwardLetters) {
      for (const y of awkwardLetters) {
        for (const [before, after] of [['', ''], ['Tag-', ''], ['', '-x'], ['b', 'z\u00e9']]) {
          const [a, b] = [before + x + after, before + y + after];
          expect(sameIgnoringCase(a, b), `${a} ${b}`).toBe(a.toLowerCase() === b.toLowerCase());
        }
      }
    }
    const letters = fc.constantFrom(...awkwardLetters);
    const text = fc.array(letters, { maxLength: 6 }).map((parts) => parts.join(''));
    // Pairs that often differ only in case.
    const pair = fc.oneof(
      fc.tuple(text, text),
      // Each character kept, upper-cased, lower-cased or replaced.
      fc.array(fc.tuple(letters, fc.integer({ min: 0, max: 3 }), letters), { maxLength: 6 }).map((chars) => [
        chars.map(([c]) => c).join(''),
        chars.map(([c, how, other]) => [c, c.toUpperCase(), c.toLowerCase(), other][how]).join(''),
      ]),
      fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameIgnoringCase(a, b)).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      { numRuns: 5_000 },
    );
  });

  it('parseDate keeps a canonical date as it is exactly when Date gives back the same text, and agrees with Date otherwise', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const canonicalShaped = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    const general = (raw: string): string | undefined => {
      const time = Date.parse(raw);
      return Number.isNaN(time) ? undefined : new Date(time).toISOString();
    };
    // Every field at or just past its valid range.
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const nearlyValid = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }))
      .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.000Z`);
    // A canonical-looking date with one character replaced: a digit by a non-digit (or a digit of another script), a separator by another.
    const mutated = fc
      .tuple(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.nat(), fc.constantFrom('/', ':', '-', 'T', 'Z', ' ', '0', '9', 'a', '\u0663', '\uff11', '.', ''))
      .map(([date, at, char]) => date.slice(0, at % date.length) + char + date.slice((at % date.length) + 1));
    fc.assert(
      fc.property(fc.oneof(canonicalShaped, nearlyValid, mutated, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 })), (raw) => {
        expect(parseDate(raw)).toBe(general(raw));
      }),
      { numRuns: 5_000 },
    );
    // Each character of a canonical date replaced by each of a few others.
    const date = '2024-02-29T10:00:00.000Z';
    for (let at = 0; at < date.length; at += 1) {
      for (const char of ['/', ':', '-', 'T', 'Z', ' ', '0', '9', 'a', '\u0663', '\uff11', '.', '']) {
        const raw = date.slice(0, at) + char + date.slice(at + 1);
        expect(parseDate(raw), raw).toBe(general(raw));
      }
    }
    expect(parseDate('2024-02-29T10:00:00.000Z')).toBe('2024-02-29T10:00:00.000Z');
    expect(parseDate('2023-02-29T10:00:00.000Z')).toBe('2023-03-01T10:00:00.000Z');
    expect(parseDate('2023-01-01T24:00:00.000Z')).toBe(general('2023-01-01T24:00:00.000Z'));
  });
});
