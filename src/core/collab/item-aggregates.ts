import type { CatalogueItem } from '../catalogue/catalogue-types';
import { cooccurrenceNeighbors, DEFAULT_COOCCURRENCE_OPTIONS, type CooccurrenceOptions } from './cooccurrence';
import { compareInteractions, type LoggedInteraction } from './interaction-log';

/**
 * What a catalogue may carry that needs many users: per item, how many distinct users engaged
 * with it, and its co-engagement neighbours. Item-level only: no user id survives.
 */
export interface ItemAggregates {
  readonly popularity: ReadonlyMap<string, number>;
  readonly neighbors: ReadonlyMap<string, readonly string[]>;
}

/** In memory, for the offline evaluation; the publisher computes the same with DuckDB at scale. */
export function itemAggregates(log: readonly LoggedInteraction[], options: CooccurrenceOptions = DEFAULT_COOCCURRENCE_OPTIONS): ItemAggregates {
  const users = new Map<string, Set<number>>();
  const positives = new Map<number, LoggedInteraction[]>();
  for (const row of log) {
    let who = users.get(row.item);
    if (who === undefined) users.set(row.item, (who = new Set()));
    who.add(row.user);
    if (row.polarity === 1) {
      let basket = positives.get(row.user);
      if (basket === undefined) positives.set(row.user, (basket = []));
      basket.push(row);
    }
  }
  const popularity = new Map<string, number>();
  for (const [item, who] of users) popularity.set(item, who.size);
  // A user's latest maxUserItems positives (see CooccurrenceOptions), in the order the SQL job keeps.
  const baskets = [...positives.values()].map((rows) => rows.sort(compareInteractions).slice(-options.maxUserItems).map((row) => row.item));
  return { popularity, neighbors: cooccurrenceNeighbors(baskets, options) };
}

/** The items with these aggregates: popularity and neighbours replaced (absent: none), the rest kept. */
export function withAggregates(items: readonly CatalogueItem[], aggregates: ItemAggregates): CatalogueItem[] {
  return items.map((item) => {
    const { popularity: _p, neighbors: _n, ...rest } = item;
    const neighbors = aggregates.neighbors.get(item.id);
    return { ...rest, popularity: aggregates.popularity.get(item.id) ?? 0, ...(neighbors === undefined || neighbors.length === 0 ? {} : { neighbors }) };
  });
}

/** A catalogue as a site without logs publishes it: no neighbours. */
export function withoutNeighbors(items: readonly CatalogueItem[]): CatalogueItem[] {
  return items.map(({ neighbors: _n, ...rest }) => rest);
}
