import type { CatalogueItem } from '../catalogue/catalogue-types';
import type { RankedItem } from '../rank/ranked-item';

/**
 * Why an item is in the feed, as data; the UI turns these into words (and languages).
 * Derived only from the explanation's signals, so a reason is never claimed without a score
 * behind it.
 */
export type Reason =
  | { readonly kind: 'matches-interests'; readonly labels: readonly string[] }
  | { readonly kind: 'popular'; readonly popularity: number }
  | { readonly kind: 'seen-before' }
  | { readonly kind: 'unlike-dislikes'; readonly labels: readonly string[] };

/** A popularity share below this is too small to be worth telling the user about. */
const POPULAR_SHARE = 0.5;
const MIN_INTEREST = 0.02;

export function reasonsFor(ranked: RankedItem, item: CatalogueItem): Reason[] {
  const reasons: Reason[] = [];
  const signal = (name: string): number => ranked.explanation.signals.find((s) => s.signal === name)?.contribution ?? 0;
  const positive = ranked.explanation.matched.filter((m) => m.contribution > 0);
  const negative = ranked.explanation.matched.filter((m) => m.contribution < 0);

  const interest = signal('interest');
  const popularity = signal('popularity');
  if (interest > MIN_INTEREST && positive.length > 0) {
    // Tags read better than loose title words; fall back to words only when no tag matched.
    const tags = positive.filter((m) => m.kind === 'tag');
    const labels = (tags.length > 0 ? tags : positive).slice(0, 3).map((m) => m.label);
    reasons.push({ kind: 'matches-interests', labels });
  }
  const maxPopularityContribution = popularity / (ranked.score > 0 ? ranked.score : 1);
  if (item.popularity !== undefined && item.popularity > 0 && (reasons.length === 0 || maxPopularityContribution >= POPULAR_SHARE)) {
    reasons.push({ kind: 'popular', popularity: item.popularity });
  }
  if (negative.length > 0 && interest < 0) {
    reasons.push({ kind: 'unlike-dislikes', labels: negative.slice(0, 2).map((m) => m.label) });
  }
  if (signal('seen') < 0) reasons.push({ kind: 'seen-before' });
  return reasons;
}
