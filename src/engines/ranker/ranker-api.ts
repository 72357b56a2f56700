import type { Catalogue } from '../../core/catalogue/catalogue-types';
import type { InteractionEvent } from '../../core/events/interaction-event';
import type { CatalogueIndexSnapshot, SnapshotProblem } from '../../core/index/index-snapshot';
import type { TagCount } from '../../core/index/top-tags';
import type { LearnerSnapshot } from '../../core/learn/weight-learner';
import type { ItemMark, ProfileSnapshot, ProfileSnapshotV1 } from '../../core/profile/interest-profile';
import type { RankRequest } from '../../core/rank/rank-catalogue';
import type { RankedItem } from '../../core/rank/ranked-item';
import type { CatalogueLoadError } from '../catalogue/fetch-catalogue';

export interface CatalogueSummary {
  readonly id: string;
  readonly title: string;
  readonly itemCount: number;
  readonly featureCount: number;
}

/**
 * A fetched catalogue as the worker hands it to the page: validated, as JSON text (posting one
 * string is a copy; posting 10k item objects is a structured clone of each), with what the page
 * needs to store and describe it.
 */
export type CatalogueDelivery =
  | {
      readonly kind: 'loaded';
      readonly url: string;
      readonly id: string;
      readonly title: string;
      readonly itemCount: number;
      readonly json: string;
      readonly skippedCount: number;
      readonly contentHash: string;
    }
  /** Same content as the copy the caller already has (it passed its hash). */
  | { readonly kind: 'unchanged'; readonly url: string }
  | { readonly kind: 'failed'; readonly error: CatalogueLoadError };

export type IndexRestoreResult = { readonly kind: 'restored'; readonly itemCount: number } | { readonly kind: 'rejected'; readonly problem: SnapshotProblem };

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
  fetchCatalogue(url: string, knownHash?: string): Promise<CatalogueDelivery>;
  setCatalogue(catalogue: Catalogue): CatalogueSummary;
  /** A stored catalogue, as the JSON text of a catalogue that was validated when fetched. */
  setCatalogueText(json: string): CatalogueSummary;
  /** The current index as data, to store so that the next start can skip building it. */
  indexSnapshot(): CatalogueIndexSnapshot;
  /** Installs a stored index instead of building one; a rejected snapshot changes nothing. */
  restoreIndex(snapshot: CatalogueIndexSnapshot): IndexRestoreResult;
  /** Starts from stored state (or empty) and replays events it does not yet include. */
  restore(state: { profile: ProfileSnapshot | ProfileSnapshotV1; weights?: LearnerSnapshot } | null, replay: readonly InteractionEvent[]): void;
  recordEvents(events: readonly InteractionEvent[]): void;
  state(): RankerState;
  rank(request: RankRequest): RankedItem[];
  /** Items the user has reacted to, saved, opened or skipped, with their latest state. */
  marks(): Array<[string, ItemMark]>;
  topTags(limit: number): TagCount[];
}
