/** A ranking result that carries the signals that produced it (faithful: they sum to `score`). */

export type SignalName = 'interest' | 'popularity' | 'seen';

export interface SignalContribution {
  readonly signal: SignalName;
  readonly contribution: number;
}

export interface MatchedFeature {
  readonly label: string;
  readonly kind: 'tag' | 'word';
  /** This feature's share of the interest signal; negative when it echoes something disliked. */
  readonly contribution: number;
}

export interface Explanation {
  readonly signals: readonly SignalContribution[];
  /** The strongest matches for and against the profile, strongest first. */
  readonly matched: readonly MatchedFeature[];
}

export interface RankedItem {
  readonly itemId: string;
  readonly score: number;
  readonly explanation: Explanation;
}
