import type { Catalogue } from '../../core/catalogue/catalogue-types';
import type { InteractionEvent } from '../../core/events/interaction-event';
import type { ItemMark, ProfileSnapshot } from '../../core/profile/interest-profile';
import type { RankRequest } from '../../core/rank/rank-catalogue';
import type { RankedItem } from '../../core/rank/ranked-item';
import type { CatalogueFetchResult } from '../catalogue/fetch-catalogue';

export interface CatalogueSummary {
  readonly id: string;
  readonly title: string;
  readonly itemCount: number;
  readonly featureCount: number;
}

/**
 * What the ranking worker offers. The same object runs in-process (tests, Node) or behind
 * Comlink in a worker, where every method becomes async.
 */
export interface RankerApi {
  /** Fetches and validates a catalogue; on success it becomes the ranked catalogue. */
  fetchCatalogue(url: string): Promise<CatalogueFetchResult>;
  setCatalogue(catalogue: Catalogue): CatalogueSummary;
  /** Starts from a stored snapshot (or empty) and replays events it does not yet include. */
  restoreProfile(snapshot: ProfileSnapshot | null, replay: readonly InteractionEvent[]): void;
  recordEvents(events: readonly InteractionEvent[]): void;
  profileSnapshot(): ProfileSnapshot;
  rank(request: RankRequest): RankedItem[];
  /** Items the user has reacted to, saved or opened, with their latest state. */
  marks(): Array<[string, ItemMark]>;
}
