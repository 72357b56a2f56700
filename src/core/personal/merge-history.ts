import type { InteractionEvent } from '../events/interaction-event';
import { eventKey } from './personal-data';

/**
 * Two copies of one reader's history (two devices, or the app and the widget) combined so that
 * nothing is lost and nothing deleted comes back:
 * - events are append-only and known by their key (kind, subject, time): the union of both;
 * - a tombstone is the key of an event the reader deleted (a history row, "Forget this item", a
 *   forgotten interest): the union of both, and no event whose key has one survives.
 * So merge(A, B) = merge(B, A), merging a copy twice = once, and the order of three merges does
 * not matter (a join-semilattice; property-tested). Saved items, stated interests and tag edits
 * are events too, so they merge the same way.
 */
export interface HistoryCopy {
  /** Oldest first. */
  readonly events: readonly InteractionEvent[];
  /** Keys (eventKey) of deleted events. */
  readonly tombstones: readonly string[];
}

export function mergeHistories(a: HistoryCopy, b: HistoryCopy): HistoryCopy {
  const tombstones = [...new Set([...a.tombstones, ...b.tombstones])].sort();
  const dead = new Set(tombstones);
  const byKey = new Map<string, InteractionEvent>();
  for (const event of [...a.events, ...b.events]) {
    const key = eventKey(event);
    if (!dead.has(key) && !byKey.has(key)) byKey.set(key, event);
  }
  const events = [...byKey.entries()].sort(([ka, ea], [kb, eb]) => ea.at - eb.at || (ka < kb ? -1 : ka > kb ? 1 : 0)).map(([, event]) => event);
  return { events, tombstones };
}
