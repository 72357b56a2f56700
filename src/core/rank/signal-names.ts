/**
 * The named signals of the hybrid score. Penalties enter the score with a minus sign. `context`
 * and `coread` are about the item being read (`<sift-recs item=…>`, "More like this") and are
 * zero everywhere else.
 */
export const SIGNALS = ['interest', 'semantic', 'session', 'neighbors', 'listedBy', 'popularity', 'freshness', 'disliked', 'seen', 'skipped', 'context', 'coread'] as const;
export type SignalName = (typeof SIGNALS)[number];

export const PENALTIES: ReadonlySet<SignalName> = new Set(['disliked', 'seen', 'skipped']);

/** The signals that only ranking around an item (a context) gives values. */
export const CONTEXT_SIGNALS: ReadonlySet<SignalName> = new Set(['context', 'coread']);

export type SignalWeights = Readonly<Record<SignalName, number>>;

export function isSignalName(value: string): value is SignalName {
  return (SIGNALS as readonly string[]).includes(value);
}
