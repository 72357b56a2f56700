/**
 * Word tokens for lexical matching: NFKC-folded, lower-cased, split on anything that is not a
 * letter or digit. Han/Kana/Hangul runs have no spaces, so they become overlapping character
 * bigrams (the usual choice for CJK lexical search, e.g. Lucene's CJKBigramFilter); a lone
 * character stays a unigram.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be but by for from has have he her his i in into is it its of on or our she ' +
    'so than that the their them then there these they this to was we were what when which who will ' +
    'with you your not no do does did can could would should about after all also any just more most ' +
    'some such only own same too very s t don de la le les el los un une der die das und'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function tokenize(text: string): string[] {
  if (!isAscii(text)) return tokenizeUnicode(text);
  const tokens: string[] = [];
  tokenizeAscii(text.toLowerCase(), tokens);
  return tokens;
}

/** The general path, for any text (the ASCII one must give the same tokens: a property test checks). */
export function tokenizeUnicode(text: string): string[] {
  const tokens: string[] = [];
  const folded = text.normalize('NFKC').toLowerCase();
  for (const match of folded.matchAll(WORD)) {
    let word = match[0];
    if (word.includes("'") || word.includes('’')) word = word.replace(/['’]s$/u, '').replace(/['’]/gu, '');
    if (mayBeCjk(word) && CJK.test(word)) pushCjkTokens(word, tokens);
    else if (word.length > 1 && !STOPWORDS.has(word)) tokens.push(word);
  }
  return tokens;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** a-z (text is lower-cased already). */
function isLetter(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

function isLetterOrDigit(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39);
}

/**
 * The same tokens as the general path for ASCII text, without a regular expression or Unicode
 * folding (NFKC leaves ASCII as it is): most catalogues are mostly ASCII, and indexing 100k items
 * spends most of its time here.
 */
function tokenizeAscii(text: string, tokens: string[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isLetterOrDigit(text.charCodeAt(i))) i += 1;
    const start = i;
    while (i < n && isLetterOrDigit(text.charCodeAt(i))) i += 1;
    if (start === i) break;
    let word = text.slice(start, i);
    // An apostrophe followed by letters belongs to the word ("don't", "sam's"), as in WORD.
    if (i + 1 < n && text.charCodeAt(i) === 0x27 && isLetter(text.charCodeAt(i + 1))) {
      let end = i + 1;
      while (end < n && isLetter(text.charCodeAt(end))) end += 1;
      const suffix = text.slice(i + 1, end);
      word = suffix === 's' ? word : word + suffix;
      i = end;
    }
    if (word.length > 1 && !STOPWORDS.has(word)) tokens.push(word);
  }
}

/** Hangul Jamo (U+1100) is the lowest code point CJK matches: most words are ruled out by a scan. */
function mayBeCjk(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) if (word.charCodeAt(i) >= 0x1100) return true;
  return false;
}

function pushCjkTokens(word: string, tokens: string[]): void {
  // Split a mixed run (e.g. "iphone手机") into CJK and non-CJK parts first.
  let run = '';
  const flushRun = (): void => {
    const chars = Array.from(run);
    if (chars.length === 1) tokens.push(run);
    for (let i = 0; i + 1 < chars.length; i += 1) tokens.push(chars[i]! + chars[i + 1]!);
    run = '';
  };
  let latin = '';
  for (const char of word) {
    if (CJK.test(char)) {
      if (latin.length > 1 && !STOPWORDS.has(latin)) tokens.push(latin);
      latin = '';
      run += char;
    } else {
      if (run) flushRun();
      latin += char;
    }
  }
  if (run) flushRun();
  if (latin.length > 1 && !STOPWORDS.has(latin)) tokens.push(latin);
}

/** Canonical key for a tag: folded like words so "Sci-Fi" and "sci-fi" are one interest. */
export function normalizeTag(tag: string): string {
  return tag.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
