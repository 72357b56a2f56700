import type { CardAction } from './session-types';

/** Where keyboard focus goes after an action on a card. */
export type FocusAfterAction =
  /** The card that now follows where the acted-on one was. */
  | { readonly kind: 'card'; readonly itemId: string }
  /** Nothing is left after it: the list's heading. */
  | { readonly kind: 'heading' }
  /** The card stays where the user is (a save, an undo): focus stays on its button. */
  | { readonly kind: 'stay' };

export interface FeedChange {
  /** Items on the new list that were not on the one before. */
  readonly newCount: number;
  readonly focus: FocusAfterAction;
}

/** Actions after which the user moves on to the next card (the card is judged, or gone). */
const MOVES_ON: ReadonlySet<CardAction> = new Set(['like', 'dislike', 'hide']);

/**
 * What an action on one card did to a list of cards (the feed, or search results), for the
 * people who cannot see it: how many recommendations are new, and where focus goes so that a
 * keyboard user keeps their place instead of starting again from the top of the page.
 */
export function feedChange(before: readonly string[], after: readonly string[], actedId: string, action: CardAction): FeedChange {
  const previous = new Set(before);
  const newCount = after.filter((id) => !previous.has(id)).length;
  if (!MOVES_ON.has(action)) return { newCount, focus: { kind: 'stay' } };
  const remaining = new Set(after);
  // The next card in the order the user was reading, that is still there.
  const at = before.indexOf(actedId);
  for (let i = at + 1; at >= 0 && i < before.length; i += 1) {
    const id = before[i]!;
    if (remaining.has(id)) return { newCount, focus: { kind: 'card', itemId: id } };
  }
  // Read to the end: the first card that came in, else the heading.
  const fresh = after.find((id) => !previous.has(id) && id !== actedId);
  return { newCount, focus: fresh === undefined ? { kind: 'heading' } : { kind: 'card', itemId: fresh } };
}
