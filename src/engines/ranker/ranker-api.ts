import type { Catalogue } from '../../core/catalogue/catalogue-types';
import type { InteractionEvent } from '../../core/events/interaction-event';
import type { TagCount } from '../../core/index/top-tags';
import type { LearnerSnapshot } from '../../core/learn/weight-learner';
import type { ItemMark, ProfileSnapshot, ProfileSnapshotV1 } from '../../core/profile/interest-profile';
import type { RankRequest } from '../../core/rank/rank-catalogue';
import type { RankedItem } from '../../core/rank/ranked-item';
import type { CatalogueFetchResult } from '../catalogue/fetch-catalogue';

export interface CatalogueSummary {
  readonly id: string;
  readonly title: string;
  readonly itemCount: number;
  readonly featureCount: number;
}

/** What the ranker learnt, to persist: the profile and the learnt signal weights. */
export interface RankerState {
  readonly profile: ProfileSnapshot;
  readonly weights: LearnerSnapshot;
}

/**
 * What the ranking worker offers. The same object runs in-process (tests, Node) or behind
 * Comlink in a worker, where every method becomes async.
 */
export interface RankerApi {
  /**
   * Fetches and validates a catalogue; a new one becomes the ranked catalogue. With `knownHash`
   * (the caller's copy), identical content answers 'unchanged' and nothing is re-indexed or sent back.
   */
  fetchCatalogue(url: string, knownHash?: string): Promise<CatalogueFetchResult>;
  setCatalogue(catalogue: Catalogue): CatalogueSummary;
  /** Starts from stored state (or empty) and replays events it does not yet include. */
  restore(state: { profile: ProfileSnapshot | ProfileSnapshotV1; weights?: LearnerSnapshot } | null, replay: readonly InteractionEvent[]): void;
  recordEvents(events: readonly InteractionEvent[]): void;
  state(): RankerState;
  rank(request: RankRequest): RankedItem[];
  /** Items the user has reacted to, saved, opened or skipped, with their latest state. */
  marks(): Array<[string, ItemMark]>;
  topTags(limit: number): TagCount[];
}
