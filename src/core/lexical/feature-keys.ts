import { normalizeTag } from '../text/tokenize';

/**
 * Feature keys: `t:` + normalised tag, `w:` + word. Apart from the index builder so that code
 * which only names features (the profile) does not pull the index into the page's bundle.
 */
export type FeatureKind = 'tag' | 'word';

export function tagKey(tag: string): string {
  return `t:${normalizeTag(tag)}`;
}

export function wordKey(word: string): string {
  return `w:${word}`;
}

export function featureKind(key: string): FeatureKind {
  return key.startsWith('t:') ? 'tag' : 'word';
}
