import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/core/intent/parse-request';
import { tagVocabulary } from '../../src/core/intent/tag-vocabulary';

// Tags as the MovieLens demo catalogue writes them (a subset).
const TAGS = ['Sci-Fi', 'Comedy', 'Horror', 'Romance', 'Animation', 'Children', 'Mystery', 'Musical', 'Thriller', 'Drama', 'Crime', 'happy ending', 'feel-good', 'heist', 'funny', 'dark comedy', 'Film-Noir', 'twist ending'];
const context = { vocabulary: tagVocabulary(TAGS), newestYear: 2018 };
const parse = (text: string) => parseRequest(text, context);

describe('parseRequest (rule-based, English and Chinese)', () => {
  it('the example from the issue: a genre, a wish about the ending, and a length', () => {
    const { intent, notes } = parse('I want a sci-fi film with a happy ending, nothing too long');
    expect(intent.includeTags).toEqual(['Sci-Fi', 'happy ending', 'feel-good']);
    expect(intent.excludeTags).toEqual([]);
    expect(intent.length).toBe('short');
    expect(intent.query).toBe('');
    // The catalogue has no lengths: said, not silently dropped.
    expect(notes).toEqual([{ kind: 'length-unavailable', length: 'short' }]);
  });

  it('negations reach to the end of their clause; decades and plurals are understood', () => {
    const { intent } = parse('Funny animated movies from the 90s, no horror or thrillers');
    expect([...intent.includeTags].sort()).toEqual(['Animation', 'Comedy', 'funny']);
    expect([...intent.excludeTags].sort()).toEqual(['Horror', 'Thriller']);
    expect(intent.years).toEqual({ from: 1990, to: 1999 });
  });

  it('before / after / between / recent / classic', () => {
    expect(parse('a detective story before 1970 without romance or musicals').intent).toMatchObject({
      includeTags: ['Mystery'],
      excludeTags: ['Romance', 'Musical'],
      years: { to: 1969 },
    });
    expect(parse('dramas after 2000').intent.years).toEqual({ from: 2001 });
    expect(parse('crime between 1970 and 1979').intent.years).toEqual({ from: 1970, to: 1979 });
    expect(parse('recent thrillers').intent).toMatchObject({ includeTags: ['Thriller'], years: { from: 2014 } });
    expect(parse('a classic film-noir').intent).toMatchObject({ includeTags: ['Film-Noir'], years: { to: 1979 } });
  });

  it('Chinese: genres by their Chinese names, 年代, and 不要', () => {
    const { intent } = parse('我想看一部90年代的科幻电影，不要恐怖的');
    expect(intent.includeTags).toEqual(['Sci-Fi']);
    expect(intent.excludeTags).toEqual(['Horror']);
    expect(intent.years).toEqual({ from: 1990, to: 1999 });
    expect([...parse('推荐一部结局圆满的爱情片').intent.includeTags].sort()).toEqual(['Romance', 'feel-good', 'happy ending']);
  });

  it('words that are not tags stay as query words; negated unknown words are reported', () => {
    expect(parse('something about heists in paris').intent).toMatchObject({ includeTags: ['heist'], query: 'about paris' });
    const { intent, notes } = parse('a dark comedy, no gore');
    expect(intent.includeTags).toEqual(['dark comedy']);
    expect(notes).toContainEqual({ kind: 'unknown-tag', tag: 'gore' });
    expect(parse('please recommend something').notes).toEqual([{ kind: 'nothing-understood' }]);
  });

  it('property: never throws, names only catalogue tags, never both includes and excludes a tag', () => {
    const words = fc.constantFrom('sci-fi', 'no', 'not', 'without', 'horror', 'the 80s', 'before', '1999', '科幻', '不要', '恐怖', ',', 'funny', 'long', 'short', 'zebra', 'happy ending', '年代', 'recent');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(words, { maxLength: 20 }).map((w) => w.join(' '))), (text) => {
        const { intent } = parse(text);
        for (const tag of [...intent.includeTags, ...intent.excludeTags]) expect(TAGS).toContain(tag);
        expect(intent.includeTags.filter((t) => intent.excludeTags.includes(t))).toEqual([]);
        if (intent.years !== null) for (const y of [intent.years.from, intent.years.to]) if (y !== undefined) expect(Number.isInteger(y)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
