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

/**
 * Reasons are chosen by what they tell the reader, not by the largest weighted term:
 * - true: a reason is only given when its signal brings at least a share of the item's positive
 *   score (TRUE_SHARE for what is about the reader or the item being read, GENERIC_SHARE for
 *   popularity and freshness, which lift every item a little);
 * - informative: a generic reason that every card of the feed would give ("New (2026)" on a
 *   news site where everything is new) tells nothing, and is dropped; a card with nothing else
 *   to say falls back to "popular" when the item has readers (a new reader's feed);
 * - specific first: what is about this reader (their interests, a like, the session, the item
 *   being read), then what the catalogue's readers did ("Readers of … also read"), then generic.
 */
const TRUE_SHARE = 0.1;
const GENERIC_SHARE = 0.2;
/** Below this many cards, "every card gives it" is no evidence that a reason is uninformative. */
const MIN_FEED_FOR_SHARED = 3;
const SHOWN = 2;

type Tier = 0 | 1 | 2;
const PERSONAL: Tier = 0;
const CO_ENGAGEMENT: Tier = 1;
const GENERIC: Tier = 2;

interface Candidate {
  readonly tier: Tier;
  readonly strength: number;
  readonly reason: Reason;
}

/** Reasons for one item alone (no feed to compare with). */
export function reasonsFor(ranked: RankedItem, item: CatalogueItem, titleOf: (itemId: string) => string | undefined): Reason[] {
  return reasonsForFeed([{ ranked, item }], titleOf)[0]!;
}

/** Reasons for each card of a feed, in the feed's order. */
export function reasonsForFeed(cards: ReadonlyArray<{ readonly ranked: RankedItem; readonly item: CatalogueItem }>, titleOf: (itemId: string) => string | undefined): Reason[][] {
  const candidates = cards.map((card) => trueReasons(card.ranked, card.item, titleOf));
  const shared = new Set<string>();
  if (cards.length >= MIN_FEED_FOR_SHARED) {
    for (const kind of ['new', 'popular'] as const) {
      if (candidates.every((list) => list.some((c) => c.reason.kind === kind))) shared.add(kind);
    }
  }
  return cards.map((card, i) => {
    const informative = candidates[i]!.filter((c) => !shared.has(c.reason.kind));
    informative.sort((a, b) => a.tier - b.tier || b.strength - a.strength);
    const reasons = informative.slice(0, SHOWN).map((c) => c.reason);
    const { item, ranked } = card;
    // Nothing else to say (a new reader's feed): popularity is what put it there, and true of it.
    if (reasons.length === 0 && item.popularity !== undefined && item.popularity > 0) reasons.push({ kind: 'popular', popularity: item.popularity });
    const contribution = (name: string): number => ranked.explanation.signals.find((s) => s.signal === name)?.contribution ?? 0;
    const negative = ranked.explanation.matched.filter((m) => m.contribution < 0);
    if (negative.length > 0 && contribution('disliked') < -0.05) reasons.push({ kind: 'unlike-dislikes', labels: negative.slice(0, 2).map((m) => m.label) });
    if (contribution('seen') < 0) reasons.push({ kind: 'seen-before' });
    return reasons;
  });
}

/** Every positive reason the item's score bears out, with its tier and strength. */
function trueReasons(ranked: RankedItem, item: CatalogueItem, titleOf: (itemId: string) => string | undefined): Candidate[] {
  const { signals, matched, because, exploration } = ranked.explanation;
  const contribution = (name: string): number => signals.find((s) => s.signal === name)?.contribution ?? 0;
  const positiveTotal = signals.reduce((sum, s) => sum + Math.max(0, s.contribution), 0) || 1;
  const share = (name: string): number => contribution(name) / positiveTotal;

  const candidates: Candidate[] = [];
  if (exploration !== null) candidates.push({ tier: PERSONAL, strength: Infinity, reason: { kind: 'exploring', tag: exploration.tag } });

  const positive = matched.filter((m) => m.contribution > 0);
  if (share('interest') >= TRUE_SHARE && positive.length > 0) {
    // Tags read better than loose title words; fall back to words only when no tag matched.
    const tags = positive.filter((m) => m.kind === 'tag');
    const labels = (tags.length > 0 ? tags : positive).slice(0, 3).map((m) => m.label);
    candidates.push({ tier: PERSONAL, strength: share('interest'), reason: { kind: 'matches-interests', labels } });
  }
  const source = because[0];
  const title = source === undefined ? undefined : titleOf(source.itemId);
  const becauseStrength = source?.via === 'neighbors' ? share('neighbors') : Math.max(share('interest'), share('semantic'));
  // Around an item, the visit is recorded too: what it brings in through the reader's own signals
  // is told as being about the item being read, not as something liked.
  const around = ranked.explanation.context ?? null;
  const viaAround = source !== undefined && around !== null && source.itemId === around.itemId;
  if (source !== undefined && title !== undefined && becauseStrength >= TRUE_SHARE && !viaAround) {
    candidates.push({ tier: PERSONAL, strength: becauseStrength, reason: { kind: 'because-you-liked', title, via: source.via } });
  }
  const aroundTitle = around === null ? undefined : titleOf(around.itemId);
  if (aroundTitle !== undefined) {
    const coread = share('coread') + (viaAround && source.via === 'neighbors' ? becauseStrength : 0);
    const alike = share('context') + (viaAround && source.via === 'similar' ? becauseStrength : 0);
    if (coread >= TRUE_SHARE) candidates.push({ tier: CO_ENGAGEMENT, strength: coread, reason: { kind: 'readers-also-read', title: aroundTitle } });
    if (alike >= TRUE_SHARE) candidates.push({ tier: PERSONAL, strength: alike, reason: { kind: 'because-reading', title: aroundTitle } });
  }
  if (share('session') >= TRUE_SHARE) candidates.push({ tier: PERSONAL, strength: share('session'), reason: { kind: 'related-to-session' } });
  if (item.popularity !== undefined && item.popularity > 0 && share('popularity') >= GENERIC_SHARE) {
    candidates.push({ tier: GENERIC, strength: share('popularity'), reason: { kind: 'popular', popularity: item.popularity } });
  }
  if (share('freshness') >= GENERIC_SHARE && item.published_at !== undefined) {
    candidates.push({ tier: GENERIC, strength: share('freshness'), reason: { kind: 'new', year: item.published_at.slice(0, 4) } });
  }
  return candidates;
}
