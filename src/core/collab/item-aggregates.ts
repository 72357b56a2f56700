import type { CatalogueItem } from '../catalogue/catalogue-types';
import { NEIGHBOR_WEIGHT_RANGE } from '../catalogue/parse-catalogue';
import { cooccurrenceNeighbors, DEFAULT_COOCCURRENCE_OPTIONS, type CooccurrenceOptions, type NeighborList } from './cooccurrence';
import { compareInteractions, type LoggedInteraction } from './interaction-log';

/**
 * What a catalogue may carry that needs many users: per item, how many distinct users engaged
 * with it, and its co-engagement neighbours. Item-level only: no user id survives.
 */
export interface ItemAggregates {
  readonly popularity: ReadonlyMap<string, number>;
  readonly neighbors: ReadonlyMap<string, readonly string[]>;
  /** The neighbours' weights, for the items that have neighbours, when the model publishes them (empty otherwise). */
  readonly neighborWeights: ReadonlyMap<string, readonly number[]>;
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
  return { popularity, ...publishedNeighbors(cooccurrenceNeighbors(baskets, options), options.weights) };
}

/** Neighbour lists as a catalogue carries them: ids, and their weights (rounded to 4 significant digits) when published. */
export function publishedNeighbors(lists: ReadonlyMap<string, NeighborList>, weights: boolean): Pick<ItemAggregates, 'neighbors' | 'neighborWeights'> {
  const neighbors = new Map<string, readonly string[]>();
  const neighborWeights = new Map<string, readonly number[]>();
  for (const [item, list] of lists) {
    neighbors.set(item, list.ids);
    if (weights) neighborWeights.set(item, list.weights.map(roundWeight));
  }
  return { neighbors, neighborWeights };
}

/**
 * Four significant digits, clamped into the range a catalogue accepts: the file stays small and
 * the order survives (weights that round equal keep their list order).
 */
function roundWeight(weight: number): number {
  return Math.min(NEIGHBOR_WEIGHT_RANGE.max, Math.max(NEIGHBOR_WEIGHT_RANGE.min, Number(weight.toPrecision(4))));
}

/** The items with these aggregates: popularity and neighbours replaced (absent: none), the rest kept. */
export function withAggregates(items: readonly CatalogueItem[], aggregates: ItemAggregates): CatalogueItem[] {
  return items.map((item) => {
    const { popularity: _p, neighbors: _n, neighbor_weights: _w, ...rest } = item;
    const neighbors = aggregates.neighbors.get(item.id);
    const weights = aggregates.neighborWeights.get(item.id);
    return {
      ...rest,
      popularity: aggregates.popularity.get(item.id) ?? 0,
      ...(neighbors === undefined || neighbors.length === 0 ? {} : { neighbors, ...(weights === undefined ? {} : { neighbor_weights: weights }) }),
    };
  });
}

/** A catalogue as a site without logs publishes it: no neighbours. */
export function withoutNeighbors(items: readonly CatalogueItem[]): CatalogueItem[] {
  return items.map(({ neighbors: _n, neighbor_weights: _w, ...rest }) => rest);
}
