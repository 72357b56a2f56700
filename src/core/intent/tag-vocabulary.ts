import type { CatalogueIndex } from '../index/catalogue-index';

/** The catalogue's tags, findable by a loose key ("Sci-Fi", "sci fi" and "scifi" are one). */
export interface TagVocabulary {
  /** Loose key → the tag as the catalogue writes it. */
  readonly byKey: ReadonlyMap<string, string>;
  /** Longest tag, in words (bounds the phrases worth looking up). */
  readonly maxWords: number;
  /** Tags written in CJK scripts, found by substring (no spaces to split on). */
  readonly cjkTags: readonly string[];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function looseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function tagVocabulary(labels: Iterable<string>): TagVocabulary {
  const byKey = new Map<string, string>();
  const cjkTags: string[] = [];
  let maxWords = 1;
  for (const label of labels) {
    const key = looseKey(label);
    if (key.length === 0 || byKey.has(key)) continue;
    byKey.set(key, label);
    if (CJK.test(label)) cjkTags.push(label);
    maxWords = Math.max(maxWords, label.trim().split(/[\s-]+/).length);
  }
  return { byKey, maxWords: Math.min(maxWords, 4), cjkTags };
}

/** The vocabulary of an indexed catalogue (its tag features). */
export function vocabularyOf(index: CatalogueIndex): TagVocabulary {
  const { lexical } = index;
  const labels: string[] = [];
  lexical.featureKeys.forEach((key, id) => {
    if (key.startsWith('t:')) labels.push(lexical.featureLabels[id]!);
  });
  return tagVocabulary(labels);
}
