import type { AsyncRanker, ForgetRequest } from '../engines/ranker/ranker-api';
import type { StoredEvent } from '../storage/records';

/** What the user asked Sift to forget. */
export type ForgetTarget =
  | { readonly kind: 'event'; readonly seq: number }
  | { readonly kind: 'item'; readonly itemId: string }
  /** Every event about an item carrying the tag, and every search or stated interest naming it. */
  | { readonly kind: 'tag'; readonly tag: string };

export interface ForgetPlan {
  /** Stored events to delete. */
  readonly seqs: ReadonlySet<number>;
  /** What a compacted summary must drop too (its raw events are gone, so it is edited). */
  readonly summary: ForgetRequest;
}

/** Works out which of the catalogue's stored events a forget request deletes. */
export async function planForget(target: ForgetTarget, events: readonly StoredEvent[], ranker: AsyncRanker): Promise<ForgetPlan> {
  const seqsOf = (match: (event: StoredEvent) => boolean): Set<number> => new Set(events.flatMap((event) => (match(event) && event.seq !== undefined ? [event.seq] : [])));
  switch (target.kind) {
    case 'event':
      return { seqs: seqsOf((event) => event.seq === target.seq), summary: { itemIds: [], tags: [] } };
    case 'item':
      return { seqs: seqsOf((event) => 'itemId' in event && event.itemId === target.itemId), summary: { itemIds: [target.itemId], tags: [] } };
    case 'tag': {
      const texts = events.filter((event) => event.kind === 'search' || event.kind === 'stated-interest' || event.kind === 'ask');
      const matches = await ranker.tagMatches(
        target.tag,
        texts.map((event) => (event.kind === 'search' ? event.query : event.kind === 'stated-interest' || event.kind === 'ask' ? event.text : '')),
      );
      const items = new Set(matches.itemIds);
      const mentioning = new Set<StoredEvent>(texts.filter((_, i) => matches.texts[i] === true));
      const sameTag = (tag: string): boolean => tag.trim().toLowerCase() === target.tag.trim().toLowerCase();
      const seqs = seqsOf(
        (event) =>
          ('itemId' in event && items.has(event.itemId)) ||
          mentioning.has(event) ||
          (event.kind === 'tag-weight' && sameTag(event.tag)),
      );
      return { seqs, summary: { itemIds: [...items], tags: [target.tag] } };
    }
  }
}
