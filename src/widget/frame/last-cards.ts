import type { FeedEntry } from '../../app/session-types';

/**
 * The cards a frame showed last, for each placement (the reader's feed, around an article, a
 * list), so that a return visit paints them at once, before the database is open or the worker
 * has ranked anything, and then updates them in place. Kept in the frame's own localStorage,
 * which is read synchronously and partitioned like its database (by the top-level site): what
 * it holds is what the frame already showed this reader on this site. Only where the frame may
 * store at all; bounded to the latest MAX_PLACEMENTS placements of each catalogue.
 */
export const MAX_PLACEMENTS = 12;
const MAX_CARDS = 24;
const PREFIX = 'sift.lastCards:';

export interface LastCards {
  /** Whether anything is kept for this catalogue (then the frame could store last time). */
  readonly any: boolean;
  read(placementKey: string): readonly FeedEntry[] | null;
  write(placementKey: string, entries: readonly FeedEntry[]): void;
}

interface Stored {
  readonly version: 1;
  readonly placements: ReadonlyArray<{ readonly key: string; readonly entries: readonly FeedEntry[] }>;
}

export function lastCardsOf(storage: Pick<Storage, 'getItem' | 'setItem'> | null, catalogueUrl: string): LastCards {
  const name = `${PREFIX}${catalogueUrl}`;
  let stored: Stored = { version: 1, placements: [] };
  try {
    stored = parse(storage?.getItem(name) ?? null);
  } catch {
    // Storage blocked for this frame: nothing kept, nothing to show early.
  }
  return {
    any: stored.placements.length > 0,
    read: (key) => stored.placements.find((placement) => placement.key === key)?.entries ?? null,
    write: (key, entries) => {
      stored = { version: 1, placements: [{ key, entries: entries.slice(0, MAX_CARDS).map(slim) }, ...stored.placements.filter((placement) => placement.key !== key)].slice(0, MAX_PLACEMENTS) };
      try {
        storage?.setItem(name, JSON.stringify(stored));
      } catch {
        // Full or blocked: the next visit waits for the ranking, as a first visit does.
      }
    },
  };
}

/** What a card shows (title, link, picture, reasons), not the item's text or the ranking's workings: a few hundred bytes a card. */
function slim(entry: FeedEntry): FeedEntry {
  const { id, title, url, image, published_at } = entry.item;
  return {
    item: { id, title, tags: [], ...(url === undefined ? {} : { url }), ...(image === undefined ? {} : { image }), ...(published_at === undefined ? {} : { published_at }) },
    reasons: entry.reasons,
    mark: entry.mark,
    ranked: { itemId: entry.ranked.itemId, score: entry.ranked.score, explanation: { signals: [], matched: [], because: [], exploration: null, context: null } },
  };
}

/** The stored value, checked (another version of Sift, or someone, may have written it): anything off reads as nothing. */
function parse(text: string | null): Stored {
  const empty: Stored = { version: 1, placements: [] };
  if (text === null) return empty;
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) return empty;
  const placements = (value as { placements?: unknown }).placements;
  if (!Array.isArray(placements)) return empty;
  return { version: 1, placements: placements.filter(isPlacement).slice(0, MAX_PLACEMENTS) };
}

function isPlacement(value: unknown): value is Stored['placements'][number] {
  if (typeof value !== 'object' || value === null) return false;
  const { key, entries } = value as { key?: unknown; entries?: unknown };
  return typeof key === 'string' && Array.isArray(entries) && entries.length <= MAX_CARDS && entries.every(isEntry);
}

function isEntry(value: unknown): value is FeedEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { item, reasons, ranked, mark } = value as Record<string, unknown>;
  if (typeof item !== 'object' || item === null || typeof ranked !== 'object' || ranked === null || typeof mark !== 'object' || mark === null) return false;
  const { id, title, tags } = item as Record<string, unknown>;
  return typeof id === 'string' && typeof title === 'string' && Array.isArray(tags) && Array.isArray(reasons) && reasons.every((reason) => typeof reason === 'object' && reason !== null && typeof (reason as { kind?: unknown }).kind === 'string');
}
