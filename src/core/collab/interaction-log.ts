/**
 * A site's interaction log as the evaluation split and the item aggregates read it: one row per
 * user and item (a log with repeated events is collapsed first: the first time, the latest
 * explicit signal). Users are opaque numbers; nothing here names a person.
 */
export type Polarity = 1 | 0 | -1;

export interface LoggedInteraction {
  readonly user: number;
  readonly item: string;
  /** 1: engaged positively (like, purchase, rating ≥ 4); -1: rejected; 0: seen or opened, no verdict. */
  readonly polarity: Polarity;
  /** Epoch ms. */
  readonly at: number;
}

/** The order the split uses within a user's history, shared with the SQL version: time, then item id. */
export function compareInteractions(a: LoggedInteraction, b: LoggedInteraction): number {
  return a.at - b.at || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0);
}
