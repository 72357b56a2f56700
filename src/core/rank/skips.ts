import type { ItemMark } from '../profile/interest-profile';

/**
 * The "skip-above" rule (Joachims 2002): when the user acts on the item at `actedIndex`, the
 * items shown above it that they passed over without any reaction were probably seen and not
 * wanted. Returns their ids, top first.
 */
export function skippedAbove(feedIds: readonly string[], actedIndex: number, markOf: (itemId: string) => ItemMark): string[] {
  const skipped: string[] = [];
  for (let i = 0; i < Math.min(actedIndex, feedIds.length); i += 1) {
    const id = feedIds[i]!;
    const mark = markOf(id);
    if (mark.reaction === 'none' && !mark.saved && !mark.opened) skipped.push(id);
  }
  return skipped;
}
