import type { SignalName } from '../rank/signal-names';

/** What the user did. Stored on the device only; `at` is epoch milliseconds supplied by the shell. */

/** `skip`: shown above an item the user acted on, and passed over. */
export const ITEM_EVENT_KINDS = ['impression', 'skip', 'open', 'like', 'unlike', 'dislike', 'hide', 'save', 'unsave'] as const;
export type ItemEventKind = (typeof ITEM_EVENT_KINDS)[number];

/** The ranking signals an item had when it was on screen (what the weight learner learns from). */
export type ShownSignals = Partial<Record<SignalName, number>>;

export type InteractionEvent =
  | { readonly kind: ItemEventKind; readonly itemId: string; readonly at: number; readonly shown?: ShownSignals }
  | { readonly kind: 'dwell'; readonly itemId: string; readonly at: number; readonly seconds: number }
  | { readonly kind: 'search'; readonly query: string; readonly at: number }
  | { readonly kind: 'stated-interest'; readonly text: string; readonly at: number }
  /** A conversational request, with the catalogue tags it asked for (what the profile learns from it). */
  | { readonly kind: 'ask'; readonly text: string; readonly include: readonly string[]; readonly at: number }
  /**
   * Edits made on the "What Sift knows about you" page. They are events (not direct changes to
   * the profile) so that a profile rebuilt from the history keeps them. `factor` scales what was
   * learnt about the tag so far: 0 removes it, 0.5 is "less", 1.5 "more".
   */
  | { readonly kind: 'tag-weight'; readonly tag: string; readonly factor: number; readonly at: number }
  /** Removes the learnt interest best described by these tags. */
  | { readonly kind: 'forget-interest'; readonly tags: readonly string[]; readonly at: number };

export type InteractionKind = InteractionEvent['kind'];

/** The most a tag-weight edit may scale a tag by (a guard against runaway weights from imports). */
export const MAX_TAG_FACTOR = 4;

export function eventItemId(event: InteractionEvent): string | undefined {
  return 'itemId' in event ? event.itemId : undefined;
}
