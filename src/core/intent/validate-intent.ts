import type { ConversationalIntent } from './intent';
import { looseKey, type TagVocabulary } from './tag-vocabulary';

/** Why a model's answer could not be used as an intent. */
export type IntentProblem = { readonly kind: 'not-json'; readonly detail: string } | { readonly kind: 'wrong-shape'; readonly detail: string };

export type ValidatedIntent =
  | { readonly kind: 'ok'; readonly intent: ConversationalIntent; readonly droppedTags: readonly string[] }
  | { readonly kind: 'invalid'; readonly problem: IntentProblem };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const year = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 1000 && v <= 3000 ? v : undefined);

/**
 * A language model's JSON answer to intentPrompt, as an intent: malformed JSON or a wrong shape
 * is refused (the caller falls back to the rule-based parser); tags the catalogue does not have
 * are dropped and reported (a model may invent them); the rest is normalised.
 */
export function validateIntent(text: string, vocabulary: TagVocabulary): ValidatedIntent {
  // Models sometimes wrap JSON in a code fence.
  const unfenced = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(unfenced);
  } catch (error) {
    return { kind: 'invalid', problem: { kind: 'not-json', detail: error instanceof Error ? error.message : String(error) } };
  }
  if (!isRecord(raw)) return { kind: 'invalid', problem: { kind: 'wrong-shape', detail: 'not an object' } };
  const tagList = (key: string): string[] | null => {
    const value = raw[key] ?? [];
    return Array.isArray(value) && value.every((t) => typeof t === 'string') ? (value as string[]) : null;
  };
  const include = tagList('includeTags');
  const exclude = tagList('excludeTags');
  if (include === null || exclude === null) return { kind: 'invalid', problem: { kind: 'wrong-shape', detail: 'includeTags/excludeTags must be lists of strings' } };
  const query = raw.query === undefined || raw.query === null ? '' : raw.query;
  if (typeof query !== 'string') return { kind: 'invalid', problem: { kind: 'wrong-shape', detail: 'query must be a string' } };
  const dropped: string[] = [];
  const known = (tags: string[]): string[] => {
    const found = new Set<string>();
    for (const tag of tags) {
      const label = vocabulary.byKey.get(looseKey(tag));
      if (label === undefined) dropped.push(tag);
      else found.add(label);
    }
    return [...found];
  };
  const excludeTags = known(exclude);
  const includeTags = known(include).filter((tag) => !excludeTags.includes(tag));
  const from = year(raw.yearFrom);
  const to = year(raw.yearTo);
  const length = raw.length === 'short' || raw.length === 'long' ? raw.length : null;
  return {
    kind: 'ok',
    intent: {
      query: query.slice(0, 500).trim(),
      includeTags,
      excludeTags,
      years: from === undefined && to === undefined ? null : { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) },
      length,
    },
    droppedTags: dropped,
  };
}
