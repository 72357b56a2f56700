import type { RankingIssue } from '../../core/catalogue/ranking-priors';
import type { Catalogue, CatalogueEmbeddingsRef, CatalogueItem } from '../../core/catalogue/catalogue-types';
import type { CatalogueRecord } from './catalogue-store';
import type { VectorFileProblem } from '../../core/vectors/vector-file';
import type { InteractionEvent } from '../../core/events/interaction-event';
import type { VectorsSnapshot } from '../../core/index/index-snapshot';
import type { TagCount } from '../../core/index/top-tags';
import type { LearnerSnapshot } from '../../core/learn/weight-learner';
import type { ItemMark, ProfileSnapshot, ProfileSnapshotV1 } from '../../core/profile/interest-profile';
import type { RankRequest } from '../../core/rank/rank-catalogue';
import type { RankedItem } from '../../core/rank/ranked-item';
import type { CandidateRequest, ScoredCandidates } from '../../core/rank/score-candidates';
import type { ProfileDescription } from '../../core/explain/describe-profile';
import type { ConversationalIntent, IntentNote } from '../../core/intent/intent';
import type { CatalogueLoadError, KnownCatalogue } from '../catalogue/fetch-catalogue';

export interface CatalogueSummary {
  readonly id: string;
  readonly title: string;
  readonly itemCount: number;
  readonly featureCount: number;
}

/**
 * A fetched catalogue as the worker reports it: validated, indexed and ranked there, described by
 * the record the page keeps. The items stay in the worker (and its storage); the page asks for
 * the few it shows (`itemsById`).
 */
/** The stored copy of the catalogue being fetched, which an unchanged download is recognised as. */
export interface StoredCopy extends KnownCatalogue {
  readonly id: string;
}

export type CatalogueDelivery =
  | {
      readonly kind: 'loaded';
      readonly record: CatalogueRecord;
      readonly skippedCount: number;
      /** Parts of the catalogue's ranking priors that were ignored, and why (the rest applies). */
      readonly rankingIssues: readonly RankingIssue[];
      /** 'tags-only' until the words are indexed (completeIndex, or the first call that needs them). */
      readonly coverage: 'full' | 'tags-only';
      /** The origin of a stored catalogue with the same id that this one is kept apart from (see catalogue-identity.ts). */
      readonly sharesIdWith: string | null;
    }
  /** Same content as the copy the caller already has (it passed its ETag and hash). */
  | { readonly kind: 'unchanged'; readonly url: string }
  | { readonly kind: 'failed'; readonly error: CatalogueLoadError };

/** Storing the catalogue fetched last: done, nothing to do (stored already, or replaced since), or why not. */
export type CatalogueSaveResult =
  | { readonly kind: 'saved' }
  | { readonly kind: 'nothing-to-save' }
  | { readonly kind: 'no-storage' }
  | { readonly kind: 'failed'; readonly detail: string };

/** Indexing a fetched catalogue's words: done now, or done already. */
export type IndexCompletion = { readonly kind: 'completed' } | { readonly kind: 'complete-already' };

/** A stored catalogue made the ranked one: from its stored index, rebuilt from its items, or gone. */
export type CatalogueOpenResult = { readonly kind: 'restored' } | { readonly kind: 'rebuilt' } | { readonly kind: 'missing' };

/** A page of the feed with what the page needs to show it, in one answer. */
export interface FeedPage {
  readonly ranked: readonly RankedItem[];
  /** The user's marks (reactions, saves, opens, skips) by item id. */
  readonly marks: ReadonlyArray<readonly [string, ItemMark]>;
  /** The ranked items and the items their reasons name. */
  readonly items: readonly CatalogueItem[];
}

/** A list the page gave, ordered for the reader, with what the page needs to show it. */
export interface ListPage {
  /** Best first (see orderCandidates). */
  readonly ranked: readonly RankedItem[];
  /** Ids the catalogue lacks, dropped. */
  readonly unknown: readonly string[];
  readonly marks: ReadonlyArray<readonly [string, ItemMark]>;
  readonly items: readonly CatalogueItem[];
}

/** Semantic vectors offered to the ranker: attached, or why not (they never half-apply). */
export type VectorAttachResult =
  | { readonly kind: 'attached'; readonly model: string; readonly count: number }
  | { readonly kind: 'rejected'; readonly problem: VectorFileProblem | { readonly kind: 'fetch-failed'; readonly detail: string } };

/** What the ranker learnt, to persist: the profile and the learnt signal weights. */
export interface RankerState {
  readonly profile: ProfileSnapshot;
  readonly weights: LearnerSnapshot;
}

/** What a conversational request was understood as, what could not be applied, and the results. */
export interface AskAnswer {
  readonly intent: ConversationalIntent;
  readonly notes: readonly IntentNote[];
  readonly results: readonly RankedItem[];
}

/** Stored ranker state as read back (first-release profiles included). */
export interface StoredRankerState {
  readonly profile: ProfileSnapshot | ProfileSnapshotV1;
  readonly weights?: LearnerSnapshot;
}

/** What to take out of a stored state whose raw events are gone (a compacted summary). */
export interface ForgetRequest {
  readonly itemIds: readonly string[];
  readonly tags: readonly string[];
}

/** The catalogue items carrying a tag, and which of the given texts mention it. */
export interface TagMatches {
  readonly itemIds: readonly string[];
  readonly texts: readonly boolean[];
}

/**
 * What the ranking worker offers. The same object runs in-process (tests, Node) or behind
 * Comlink in a worker, where every method becomes async.
 */
export interface RankerApi {
  /** Opens the named IndexedDB database, where the engine keeps the catalogue it ranks. */
  useStorage(databaseName: string): void;
  /**
   * Starts downloading a catalogue that fetchCatalogue will be asked for, and that the page has
   * no copy of as far as it knows (at start-up, while it still reads what it has stored): parsed as
   * it arrives, and that call then uses this download (which stops reading should the page find
   * its copy after all, and the response carry that copy's ETag).
   */
  prefetchCatalogue(url: string): void;
  /**
   * Fetches and validates a catalogue; a new one becomes the ranked catalogue (stored by
   * `saveCatalogue`). With `knownHash` (the caller's copy), identical content answers
   * 'unchanged' and nothing is re-indexed.
   */
  fetchCatalogue(url: string, fetchedAt: number, known?: StoredCopy): Promise<CatalogueDelivery>;
  /**
   * Indexes the words of the catalogue fetched last. A fetched catalogue is ranked from its tags
   * at first (a new user's first page needs no more); every call that needs words or events
   * completes the index itself, so this only moves the work to when the page chooses.
   */
  completeIndex(): IndexCompletion;
  /** Stores the catalogue fetched last (items, index, description), replacing the stored one. */
  saveCatalogue(): Promise<CatalogueSaveResult>;
  /** Makes a stored catalogue the ranked one: its stored index, or one built from its stored items. */
  openCatalogue(record: CatalogueRecord): Promise<CatalogueOpenResult>;
  /** A catalogue given as data (tests, Node); not stored. */
  setCatalogue(catalogue: Catalogue): CatalogueSummary;
  /** Items of the ranked catalogue by id, in the order asked (unknown ids left out). */
  itemsById(ids: readonly string[]): Promise<CatalogueItem[]>;
  /** Every title of the ranked catalogue (checking generated text names no other item). */
  catalogueTitles(): Promise<string[]>;
  /** Every item in catalogue order (embedding the catalogue in the browser). */
  allItems(): Promise<CatalogueItem[]>;
  /** Starts from stored state (or empty) and replays events it does not yet include. */
  restore(state: StoredRankerState | null, replay: readonly InteractionEvent[]): void;
  recordEvents(events: readonly InteractionEvent[]): void;
  state(): RankerState;
  /** `base` with `events` applied, leaving the live profile alone (compaction folds old events). */
  foldEvents(base: StoredRankerState | null, events: readonly InteractionEvent[]): RankerState;
  /** `state` with items and tags taken out, leaving the live profile alone. */
  forgetInState(state: StoredRankerState, forget: ForgetRequest, at: number): RankerState;
  /** The live profile in readable terms (the "What Sift knows about you" page). */
  describeProfile(): ProfileDescription;
  /** For "forget everything about this tag": its items, and which texts mention it. */
  tagMatches(tag: string, texts: readonly string[]): TagMatches;
  rank(request: RankRequest): RankedItem[];
  /** rank, marks and the items to show, in one call: what the page does on every event. */
  feedPage(request: RankRequest): Promise<FeedPage>;
  /** Scores exactly these items (a list the site has), in the order given, without ranking the catalogue. */
  scoreCandidates(request: CandidateRequest): ScoredCandidates;
  /** scoreCandidates ordered best first, with marks and items: a `<sift-recs candidates=…>`. */
  listPage(request: CandidateRequest): Promise<ListPage>;
  /**
   * Fetches the catalogue's vector file and attaches it when it is for this catalogue's text and
   * the given model (checked against the file's header: model, dim, count, content hash).
   */
  loadVectorFile(ref: CatalogueEmbeddingsRef): Promise<VectorAttachResult>;
  /** Attaches vectors embedded in the browser (rows in catalogue order). */
  attachVectors(model: string, vectors: VectorsSnapshot): VectorAttachResult;
  /** Back to words only (the user turned semantic matching off, or switched models). */
  detachVectors(): void;
  /** Vectors of the user's own texts (stated interests), in the model's space, for profile updates. */
  rememberTextVectors(model: string, entries: ReadonlyArray<readonly [string, Float32Array]>): void;
  /** The model of the attached vectors and how many rows, or null. */
  vectorStatus(): { readonly model: string; readonly count: number; readonly textHash: string } | null;
  /**
   * A conversational request: parsed by the rule-based parser against this catalogue's tags
   * (or given as an intent already, e.g. from a local LLM) and executed by rankForIntent.
   */
  ask(request: { readonly text: string; readonly limit: number; readonly now: number; readonly intent?: ConversationalIntent }): AskAnswer;
  /** Items matching the words, by relevance and then taste (see searchCatalogue). */
  search(request: { readonly query: string; readonly limit: number; readonly now: number; readonly queryVector?: { readonly model: string; readonly vector: Float32Array } }): RankedItem[];
  /** Items the user has reacted to, saved, opened or skipped, with their latest state. */
  marks(): Array<[string, ItemMark]>;
  topTags(limit: number): TagCount[];
  /** Every tag of the catalogue, as written there. */
  tagLabels(): string[];
}

/** Every method of RankerApi as called across a worker boundary (each answer a promise). */
export type AsyncRanker = { [K in keyof RankerApi]: (...args: Parameters<RankerApi[K]>) => Promise<Awaited<ReturnType<RankerApi[K]>>> };
