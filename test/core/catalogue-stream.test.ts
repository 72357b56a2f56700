import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE_LIMITS } from '../../src/core/catalogue/catalogue-limits';
import { CatalogueStreamParser } from '../../src/core/catalogue/catalogue-stream';
import { parseCatalogueText, type CatalogueParseResult } from '../../src/core/catalogue/parse-catalogue';

/** The text in pieces cut at the given fractions of its length (a download's chunks). */
function piecesOf(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of at) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function streamed(pieces: readonly string[], batchChars: number, maxItems = DEFAULT_CATALOGUE_LIMITS.maxItems): CatalogueParseResult {
  const parser = new CatalogueStreamParser({ batchChars, baseUrl: 'https://shop.example/catalog.json', limits: { ...DEFAULT_CATALOGUE_LIMITS, maxItems } });
  for (const piece of pieces) parser.push(piece);
  return parser.finish();
}

function whole(text: string, maxItems = DEFAULT_CATALOGUE_LIMITS.maxItems): CatalogueParseResult {
  return parseCatalogueText(text, { baseUrl: 'https://shop.example/catalog.json', limits: { ...DEFAULT_CATALOGUE_LIMITS, maxItems } });
}

/** Equal results; for text that is not JSON, only the kind of problem (JSON.parse's message names other positions). */
function expectSameResult(actual: CatalogueParseResult, expected: CatalogueParseResult): void {
  if (expected.kind === 'invalid' && expected.problem.kind === 'not-json') {
    expect(actual.kind === 'invalid' ? actual.problem.kind : actual.kind).toBe('not-json');
    return;
  }
  expect(actual).toEqual(expected);
}

// Strings with what a scan must not trip on: quotes, backslashes, brackets, commas, colons, "items", escapes and non-ASCII.
const tricky = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('"items"', 'a\\b', '\\', '"', '[', ']', '{', '}', ',', ':', 'items', '\u00e9t\u00e9', '\ud83c\udf89', '\u2028', '\\"items\\": [', ' '),
);
const rawItem = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()), title: tricky, summary: tricky, tags: fc.array(tricky, { maxLength: 3 }), neighbors: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }) }, { requiredKeys: ['id'] }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.integer(), tricky, fc.array(fc.integer(), { maxLength: 2 }), fc.constant({ items: [1, 2] })) },
);
const topLevel = fc.record({
  items: fc.array(rawItem, { maxLength: 12 }),
  extras: fc.array(fc.tuple(fc.constantFrom('title', 'language', 'ranking', 'note', 'items', 'ite\\u006ds', 'format'), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }),
  extrasFirst: fc.boolean(),
  indent: fc.constantFrom(0, 1, 2),
});

/** A catalogue file as text, with the top-level keys in any order and, sometimes, a second "items" (or an escaped one). */
function catalogueText({ items, extras, extrasFirst, indent }: { items: unknown[]; extras: Array<[string, unknown]>; extrasFirst: boolean; indent: number }): string {
  const pad = indent === 0 ? '' : '\n' + ' '.repeat(indent);
  const entries = [
    `"format": "sift-catalog"`,
    `"version": 1`,
    `"id": "shop"`,
    `"items":${pad}${JSON.stringify(items, null, indent)}`,
  ];
  const more = extras.map(([key, value]) => `"${key}": ${JSON.stringify(value, null, indent) ?? 'null'}`);
  const all = extrasFirst ? [...more, ...entries] : [...entries, ...more];
  return `{${pad}${all.join(`,${pad}`)}${indent === 0 ? '' : '\n'}}`;
}

const mutation = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(',', ']', '[', '}', '{', '"', '\\', ':', ' ', 'x', '1', ',,') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, change: Mutation): string {
  if (change.kind === 'none') return text;
  const at = Math.floor(change.at * text.length);
  if (change.kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
  if (change.kind === 'insert') return text.slice(0, at) + change.text + text.slice(at);
  return text.slice(0, at);
}

describe('CatalogueStreamParser', () => {
  it('gives what parsing the whole text gives, for any file, cut into any pieces, in batches of any size', () => {
    fc.assert(
      fc.property(topLevel, mutation, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 8 }), (shape, change, cuts, batchChars, maxItems) => {
        const text = mutate(catalogueText(shape), change);
        expectSameResult(streamed(piecesOf(text, cuts), batchChars, maxItems), whole(text, maxItems));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same for a piece per character (every boundary inside strings, escapes and keys)', () => {
    fc.assert(
      fc.property(topLevel, fc.integer({ min: 1, max: 64 }), (shape, batchChars) => {
        const text = catalogueText(shape);
        expectSameResult(streamed([...text], batchChars), whole(text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses commas that do not sit between two items, wherever a batch is cut', () => {
    const head = '{"format":"sift-catalog","version":1,"id":"s","items":[';
    const item = (id: string): string => JSON.stringify({ id, title: id });
    for (const items of [`${item('a')},`, `,${item('a')}`, `${item('a')},,${item('b')}`, `${item('a')}, ,${item('b')}`, ' , ']) {
      for (const batchChars of [1, 5, 1000]) {
        const result = streamed([`${head}${items}]}`], batchChars);
        expect(result.kind === 'invalid' && result.problem.kind, `${items} in batches of ${batchChars}`).toBe('not-json');
      }
    }
    expect(streamed([`${head}]}`], 1)).toEqual(whole(`${head}]}`));
  });

  it('keeps the last of two "items" arrays, as JSON.parse does, and an "items" that is not an array wins over one that was', () => {
    const text = '{"format":"sift-catalog","version":1,"id":"s","items":[{"id":"a","title":"A"}],"items":[{"id":"b","title":"B"}]}';
    const result = streamed([text], 1);
    expect(result.kind === 'ok' && result.catalogue.items.map((i) => i.id)).toEqual(['b']);
    const replaced = '{"format":"sift-catalog","version":1,"id":"s","items":[{"id":"a","title":"A"}],"items":5}';
    expect(streamed([replaced], 1)).toEqual(whole(replaced));
    expect(whole(replaced)).toEqual({ kind: 'invalid', problem: { kind: 'missing-field', field: 'items' } });
  });

  it('parses a large catalogue in batches as it arrives, without keeping its text', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `item-${i}`, title: `Item ${i}`, summary: 'word '.repeat(30).trim(), tags: ['a', 'b'] }));
    const text = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'big', title: 'Big', items });
    const parser = new CatalogueStreamParser({ batchChars: 20_000 });
    const pieces = piecesOf(text, Array.from({ length: 99 }, (_, i) => (i + 1) / 100));
    let held = 0;
    for (const piece of pieces) {
      parser.push(piece);
      held = Math.max(held, parserTextChars(parser));
    }
    expect(parser.finish()).toEqual(whole(text));
    // Never more than a batch and a piece of the text at once.
    expect(held).toBeLessThan(20_000 + Math.ceil(text.length / 100) + 200);
  });
});

/** Characters of the file the parser holds as text right now (its header and unparsed batch). */
function parserTextChars(parser: CatalogueStreamParser): number {
  const inner = parser as unknown as { header: string[]; batch: string[] };
  return [...inner.header, ...inner.batch].reduce((sum, part) => sum + part.length, 0);
}
