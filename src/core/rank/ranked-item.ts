import type { SignalName } from './signals';

/** A ranking result that carries the signals that produced it (faithful: they sum to `score`). */

export interface SignalContribution {
  readonly signal: SignalName;
  /** The signal's value for this item (penalties as positive amounts). */
  readonly value: number;
  readonly weight: number;
  /** ± weight × value: what it added to (or, for penalties, took from) the score. */
  readonly contribution: number;
}

export interface MatchedFeature {
  readonly label: string;
  readonly kind: 'tag' | 'word';
  /** This feature's share of the interest signal; negative when it echoes something disliked. */
  readonly contribution: number;
}

/** An item the user engaged with that brought this one in. */
export interface BecauseItem {
  readonly itemId: string;
  /** Listed as a neighbour by the catalogue (co-engagement), or similar in content. */
  readonly via: 'neighbors' | 'similar';
}

export interface Explanation {
  readonly signals: readonly SignalContribution[];
  /** The strongest matches for and against the profile, strongest first. */
  readonly matched: readonly MatchedFeature[];
  readonly because: readonly BecauseItem[];
  /** Set when the item fills an exploration slot: the tag whose draw won it. */
  readonly exploration: { readonly tag: string } | null;
  /** Set when ranked around an item (the page's article, "More like this"): that item. */
  readonly context: { readonly itemId: string } | null;
}

export interface RankedItem {
  readonly itemId: string;
  readonly score: number;
  readonly explanation: Explanation;
}

/** The items a ranked list shows: each entry and the items its reasons name. */
export function itemsNamedIn(ranked: readonly RankedItem[]): string[] {
  return ranked.flatMap((entry) => [entry.itemId, ...entry.explanation.because.map((b) => b.itemId), ...(entry.explanation.context === null ? [] : [entry.explanation.context.itemId])]);
}
