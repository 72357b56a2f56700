/** The named signals of the hybrid score. Penalties enter the score with a minus sign. */
export const SIGNALS = ['interest', 'semantic', 'session', 'neighbors', 'listedBy', 'popularity', 'freshness', 'disliked', 'seen', 'skipped'] as const;
export type SignalName = (typeof SIGNALS)[number];

export const PENALTIES: ReadonlySet<SignalName> = new Set(['disliked', 'seen', 'skipped']);

export type SignalWeights = Readonly<Record<SignalName, number>>;

export function isSignalName(value: string): value is SignalName {
  return (SIGNALS as readonly string[]).includes(value);
}
