/**
 * A conversational request ("a sci-fi film with a happy ending, nothing too long") as something
 * the ranking can execute. Produced by the rule-based parser (parse-request.ts) or, with a local
 * LLM, from the model's JSON after validateIntent.
 */
export interface ConversationalIntent {
  /** Words to match in titles, summaries and tags (what is left after tags and constraints). */
  readonly query: string;
  /** Catalogue tags (as the catalogue writes them) the results should carry. */
  readonly includeTags: readonly string[];
  /** Catalogue tags no result may carry. */
  readonly excludeTags: readonly string[];
  /** Publication years, inclusive. */
  readonly years: { readonly from?: number; readonly to?: number } | null;
  /** Asked-for length; applied only where the catalogue says how long items are. */
  readonly length: 'short' | 'long' | null;
}

/** What could not be applied as asked, said to the user next to the results. */
export type IntentNote =
  | { readonly kind: 'length-unavailable'; readonly length: 'short' | 'long' }
  | { readonly kind: 'unknown-tag'; readonly tag: string }
  | { readonly kind: 'nothing-understood' };

export const EMPTY_INTENT: ConversationalIntent = { query: '', includeTags: [], excludeTags: [], years: null, length: null };

export function isEmptyIntent(intent: ConversationalIntent): boolean {
  return intent.query === '' && intent.includeTags.length === 0 && intent.excludeTags.length === 0 && intent.years === null && intent.length === null;
}
