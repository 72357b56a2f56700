// The records of Sift's IndexedDB database, table by table, current and past (the schema's
// upgrades read the old shapes). Apart from db.ts so that the schema and the database class can
// both use them without importing each other.
import type { Catalogue } from '../core/catalogue/catalogue-types';
import type { CatalogueRecord } from '../engines/ranker/catalogue-store';
import type { InteractionEvent } from '../core/events/interaction-event';
import type { CatalogueIndexSnapshot } from '../core/index/index-snapshot';
import type { LearnerSnapshot } from '../core/learn/weight-learner';
import type { ProfileSnapshot, ProfileSnapshotV1 } from '../core/profile/interest-profile';

/**
 * A catalogue as last fetched: what startup needs to describe it and to check its stored index
 * and feed cache. Its items are in `catalogueItems` (schema v6), written and read by the ranking
 * worker only, so the page never reads or holds the whole catalogue.
 */
export type StoredCatalogue = CatalogueRecord;

/**
 * Items `chunk × ITEMS_PER_CHUNK` onwards of a catalogue, as JSON text (see item-chunks): the
 * worker reads the chunks of the items on screen, not the catalogue.
 */
export interface StoredItemChunk {
  readonly catalogueId: string;
  readonly chunk: number;
  readonly json: string;
}

/** Schema v3 to v5 kept the whole catalogue's text in one record, read on each start that needed an item. */
export interface StoredCatalogueText {
  readonly id: string;
  readonly json: string;
}

/** Schema v2 kept the text in the catalogue record. */
export interface StoredCatalogueV2 extends StoredCatalogue {
  readonly json: string;
}

/** Schema v1 kept the catalogue as objects; upgraded to StoredCatalogue on open. */
export interface StoredCatalogueV1 {
  readonly id: string;
  readonly sourceUrl: string;
  readonly fetchedAt: number;
  readonly contentHash: string;
  readonly catalogue: Catalogue;
}

export type StoredEvent = InteractionEvent & {
  /** Given when stored (event-repository.ts): insertion order across catalogues and tabs, never reused. */
  readonly seq?: number;
  readonly catalogueId: string;
  /** The tab that recorded it (a random id per page load), so other tabs know what to apply. */
  readonly origin?: string;
};

/** Events to a page: a new event rewrites its page, so not too many. */
export const EVENT_PAGE_SIZE = 256;

/**
 * A catalogue's events, stored EVENT_PAGE_SIZE to a record: IndexedDB's cost is per record
 * (Chromium took 11 s to store 100,000 one-event records, 0.1 s in pages), so a long history
 * imports, loads and exports in a fraction of the time.
 */
export interface StoredEventPage {
  readonly catalogueId: string;
  /**
   * The seqs this page was given run from firstSeq to lastSeq (other catalogues' events may take
   * seqs between); its events, oldest first, carry theirs. firstSeq is its key and never changes;
   * lastSeq grows while it is the catalogue's last page and is not lowered by deletions.
   */
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: readonly StoredEvent[];
}

export interface StoredProfile {
  readonly catalogueId: string;
  readonly updatedAt: number;
  /** Events up to this seq are folded into the snapshot; later ones are replayed on load. */
  readonly lastEventSeq: number;
  /** Version 1 snapshots (first release) are still read and upgraded on load. */
  readonly snapshot: ProfileSnapshot | ProfileSnapshotV1;
  /** Learnt signal weights; absent in records from the first release. */
  readonly weights?: LearnerSnapshot;
}

/** A catalogue's built index (see CatalogueIndexSnapshot), valid only for that content hash. */
export interface StoredIndex {
  readonly catalogueId: string;
  readonly contentHash: string;
  readonly snapshot: CatalogueIndexSnapshot;
}

/**
 * What is left of events that were pruned to free storage: the profile and learnt weights
 * folded over every event of the catalogue up to `throughSeq`, which are deleted. The profile
 * is always this summary (or nothing) plus the events still stored after it.
 */
/** An event the reader deleted, by its key (eventKey): kept so that no import brings it back. */
export interface StoredTombstone {
  readonly catalogueId: string;
  readonly key: string;
  readonly deletedAt: number;
}

export interface StoredSummary {
  readonly catalogueId: string;
  readonly throughSeq: number;
  /** How many raw events the summary stands for. */
  readonly eventCount: number;
  readonly compactedAt: number;
  readonly profile: ProfileSnapshot;
  readonly weights: LearnerSnapshot;
}

/**
 * Item vectors the browser embedded for a catalogue with one model: rows `start` to
 * `start + count - 1` of the catalogue, int8 with a scale per row. Valid only for the embedded
 * text's fingerprint (`textHash`); a changed catalogue starts over.
 */
export interface StoredVectorBatch {
  readonly catalogueId: string;
  readonly model: string;
  readonly start: number;
  readonly textHash: string;
  readonly count: number;
  readonly dim: number;
  readonly data: Int8Array;
  readonly scale: Float32Array;
}

export interface SettingsRecord {
  readonly key: SettingKey;
  readonly value: string;
}

/** `lastEventSeq`: the last seq given to an event (event-repository.ts). */
export type SettingKey = 'catalogueUrl' | 'activeCatalogueId' | 'onboardingDismissed' | 'feedCache' | 'lastEventSeq';
