import type { CatalogueItem } from '../catalogue/catalogue-types';
import type { RankedItem } from '../rank/ranked-item';

/**
 * Why an item is in the feed, as data; the UI turns these into words (and languages).
 * Derived only from the explanation's signals, so a reason is never claimed without a score
 * behind it. Strongest first.
 */
export type Reason =
  | { readonly kind: 'matches-interests'; readonly labels: readonly string[] }
  | { readonly kind: 'because-you-liked'; readonly title: string; readonly via: 'neighbors' | 'similar' }
  /** Like the item being read (`<sift-recs item=…>`, "More like this"). */
  | { readonly kind: 'because-reading'; readonly title: string }
  /** The catalogue's readers of the item being read also read this one. */
  | { readonly kind: 'readers-also-read'; readonly title: string }
  | { readonly kind: 'related-to-session' }
  | { readonly kind: 'exploring'; readonly tag: string }
  | { readonly kind: 'popular'; readonly popularity: number }
  | { readonly kind: 'new'; readonly year: string }
  | { readonly kind: 'seen-before' }
  | { readonly kind: 'unlike-dislikes'; readonly labels: readonly string[] };

/** A signal must bring at least this share of the positive score to be given as a reason. */
const MIN_SHARE = 0.2;

export function reasonsFor(ranked: RankedItem, item: CatalogueItem, titleOf: (itemId: string) => string | undefined): Reason[] {
  const { signals, matched, because, exploration } = ranked.explanation;
  const contribution = (name: string): number => signals.find((s) => s.signal === name)?.contribution ?? 0;
  const positiveTotal = signals.reduce((sum, s) => sum + Math.max(0, s.contribution), 0) || 1;
  const share = (name: string): number => contribution(name) / positiveTotal;

  const candidates: Array<{ strength: number; reason: Reason }> = [];
  if (exploration !== null) candidates.push({ strength: Infinity, reason: { kind: 'exploring', tag: exploration.tag } });

  const positive = matched.filter((m) => m.contribution > 0);
  if (share('interest') >= MIN_SHARE && positive.length > 0) {
    // Tags read better than loose title words; fall back to words only when no tag matched.
    const tags = positive.filter((m) => m.kind === 'tag');
    const labels = (tags.length > 0 ? tags : positive).slice(0, 3).map((m) => m.label);
    candidates.push({ strength: share('interest'), reason: { kind: 'matches-interests', labels } });
  }
  const source = because[0];
  const title = source === undefined ? undefined : titleOf(source.itemId);
  const becauseStrength = source?.via === 'neighbors' ? share('neighbors') : Math.max(share('interest'), share('semantic'));
  // Around an item, the visit is recorded too: what it brings in through the reader's own signals
  // is told as being about the item being read, not as something liked.
  const around = ranked.explanation.context ?? null;
  const viaAround = source !== undefined && around !== null && source.itemId === around.itemId;
  if (source !== undefined && title !== undefined && becauseStrength >= MIN_SHARE && !viaAround) {
    candidates.push({ strength: becauseStrength, reason: { kind: 'because-you-liked', title, via: source.via } });
  }
  const aroundTitle = around === null ? undefined : titleOf(around.itemId);
  if (aroundTitle !== undefined) {
    const coread = share('coread') + (viaAround && source.via === 'neighbors' ? becauseStrength : 0);
    const alike = share('context') + (viaAround && source.via === 'similar' ? becauseStrength : 0);
    if (coread >= MIN_SHARE) candidates.push({ strength: coread, reason: { kind: 'readers-also-read', title: aroundTitle } });
    if (alike >= MIN_SHARE) candidates.push({ strength: alike, reason: { kind: 'because-reading', title: aroundTitle } });
  }
  if (share('session') >= MIN_SHARE) candidates.push({ strength: share('session'), reason: { kind: 'related-to-session' } });
  if (item.popularity !== undefined && item.popularity > 0 && share('popularity') >= MIN_SHARE) {
    candidates.push({ strength: share('popularity'), reason: { kind: 'popular', popularity: item.popularity } });
  }
  if (share('freshness') >= MIN_SHARE && item.published_at !== undefined) {
    candidates.push({ strength: share('freshness'), reason: { kind: 'new', year: item.published_at.slice(0, 4) } });
  }
  candidates.sort((a, b) => b.strength - a.strength);
  const reasons = candidates.slice(0, 2).map((c) => c.reason);
  if (reasons.length === 0 && item.popularity !== undefined && item.popularity > 0) reasons.push({ kind: 'popular', popularity: item.popularity });

  const negative = matched.filter((m) => m.contribution < 0);
  if (negative.length > 0 && contribution('disliked') < -0.05) reasons.push({ kind: 'unlike-dislikes', labels: negative.slice(0, 2).map((m) => m.label) });
  if (contribution('seen') < 0) reasons.push({ kind: 'seen-before' });
  return reasons;
}
