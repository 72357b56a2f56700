import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTag, tokenize, tokenizeUnicode } from '../../src/core/text/tokenize';

describe('tokenize', () => {
  it('lower-cases, drops stopwords and one-letter words, strips possessives', () => {
    expect(tokenize("The Hitchhiker's Guide to the Galaxy")).toEqual(['hitchhiker', 'guide', 'galaxy']);
  });

  it('splits on punctuation but keeps digits', () => {
    expect(tokenize('Blade Runner 2049: sci-fi, neo-noir!')).toEqual(['blade', 'runner', '2049', 'sci', 'fi', 'neo', 'noir']);
  });

  it('folds full-width forms (NFKC)', () => {
    expect(tokenize('ＡＢＣ１２３')).toEqual(['abc123']);
  });

  it('turns Chinese runs into overlapping bigrams and keeps Latin words inside them', () => {
    expect(tokenize('科幻电影')).toEqual(['科幻', '幻电', '电影']);
    expect(tokenize('我爱iPhone手机')).toEqual(['我爱', 'iphone', '手机']);
    expect(tokenize('猫')).toEqual(['猫']);
  });

  it('gives ASCII text the same tokens as the general Unicode path', () => {
    const ascii = fc.string({ unit: fc.constantFrom(..."abcsStT0129 '-.,!AZz\t\n’".replace('’', '').split('')), maxLength: 120 });
    fc.assert(fc.property(fc.oneof(ascii, fc.string({ unit: 'binary-ascii', maxLength: 120 })), (text) => {
      expect(tokenize(text)).toEqual(tokenizeUnicode(text));
    }), { numRuns: 2000 });
    expect(tokenize("Don't stop: it's Sam's rock'n'roll, 1990's")).toEqual(tokenizeUnicode("Don't stop: it's Sam's rock'n'roll, 1990's"));
  });

  it('never throws and yields non-empty lower-case tokens for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const token of tokenize(text)) {
          expect(token.length).toBeGreaterThan(0);
          expect(token).toBe(token.toLowerCase());
        }
      }),
    );
  });
});

describe('normalizeTag', () => {
  it('makes differently written tags one key', () => {
    expect(normalizeTag('  Sci-Fi ')).toBe(normalizeTag('sci-fi'));
    expect(normalizeTag('Film   Noir')).toBe('film noir');
  });
});
