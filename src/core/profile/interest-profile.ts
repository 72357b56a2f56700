import { MAX_TAG_FACTOR, type InteractionEvent } from '../events/interaction-event';
import { tagKey } from '../lexical/feature-keys';
import { InterestCentroids, DEFAULT_CENTROID_OPTIONS, type Centroid, type CentroidOptions } from './interest-centroids';
import { DecayingVector, type FeatureVector } from './sparse';

export type { FeatureVector } from './sparse';

/**
 * What Sift knows about the user's taste, built online from events:
 * - interest centroids (positive engagement, several interests kept apart),
 * - a negative vector (what was disliked or hidden: "too similar to a disliked item"),
 * - a short-term session vector (what was opened or searched in the last hours),
 * - per-tag click and skip counts (for exploration by Thompson sampling),
 * - each item's latest state (reaction, saved, opened, skips).
 *
 * Long-term weights are stored as of `referenceTime`; applying a later event first decays
 * everything by 2^(-Δt / halfLife), so one event costs
 * O(its own features), never a replay: the decay is applied lazily (sparse.ts).
 */

export type Reaction = 'none' | 'liked' | 'disliked' | 'hidden';

export interface ItemMark {
  readonly reaction: Reaction;
  /** When the current reaction was given (to cancel its decayed contribution exactly on undo). */
  readonly reactedAt: number;
  readonly saved: boolean;
  readonly savedAt: number;
  readonly opened: boolean;
  readonly openedAt: number;
  /** Times it was shown above an item the user acted on, without being acted on itself. */
  readonly skips: number;
}

export interface TagStats {
  readonly clicks: number;
  readonly skips: number;
}

export interface EventWeights {
  readonly open: number;
  readonly like: number;
  readonly save: number;
  readonly dislike: number;
  readonly hide: number;
  readonly dwellPerMinute: number;
  readonly dwellCap: number;
  readonly statedInterest: number;
  readonly search: number;
}

export const DEFAULT_EVENT_WEIGHTS: EventWeights = {
  open: 0.3,
  like: 1,
  save: 0.8,
  dislike: 1,
  hide: 0.7,
  dwellPerMinute: 0.2,
  dwellCap: 0.6,
  statedInterest: 1,
  search: 0.5,
};

export interface ProfileOptions {
  readonly halfLifeMs: number;
  readonly sessionHalfLifeMs: number;
  readonly eventWeights: EventWeights;
  readonly centroids: CentroidOptions;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_PROFILE_OPTIONS: ProfileOptions = {
  // From MovieLens validation data (npm run eval -- --tune): 365 days beat 30/90/180 and tied 730.
  halfLifeMs: 365 * DAY_MS,
  sessionHalfLifeMs: 2 * HOUR_MS,
  eventWeights: DEFAULT_EVENT_WEIGHTS,
  centroids: DEFAULT_CENTROID_OPTIONS,
};

/** Where the profile looks up what an event was about. */
export interface FeatureSource {
  itemFeatures(itemId: string): FeatureVector;
  textFeatures(text: string): FeatureVector;
  /** The item's unit semantic vector, or null when the catalogue has none. */
  itemVector(itemId: string): Float32Array | null;
  /** The unit vector of a user's text (a stated interest) in the same space, when one was embedded. */
  textVector(text: string): Float32Array | null;
  /** The embedding model the vectors above come from; null when there are none. */
  readonly vectorSpace: string | null;
}

type Entries<V> = ReadonlyArray<readonly [string, V]>;

export interface CentroidSnapshot {
  readonly features: Entries<number>;
  readonly vector: readonly number[] | null;
  readonly mass: number;
}

/** Plain-data form for IndexedDB. Version 1 (the first release) is still read. */
export interface ProfileSnapshot {
  readonly version: 2;
  readonly halfLifeMs: number;
  readonly sessionHalfLifeMs: number;
  readonly referenceTime: number;
  readonly sessionTime: number;
  readonly eventCount: number;
  readonly centroids: readonly CentroidSnapshot[];
  readonly negative: Entries<number>;
  readonly session: Entries<number>;
  readonly tagStats: Entries<TagStats>;
  readonly marks: Entries<ItemMark>;
  /** The embedding model the centroids' vectors belong to (absent: none yet). */
  readonly vectorSpace?: string;
  /** How many interests the user stated in words (absent in older snapshots: none). */
  readonly statedInterests?: number;
}

/** The first release's snapshot: one signed feature vector. */
export interface ProfileSnapshotV1 {
  readonly version: 1;
  readonly halfLifeMs: number;
  readonly referenceTime: number;
  readonly eventCount: number;
  readonly features: Entries<number>;
  readonly marks: ReadonlyArray<readonly [string, Omit<ItemMark, 'openedAt' | 'skips'>]>;
}

export const NO_MARK: ItemMark = { reaction: 'none', reactedAt: 0, saved: false, savedAt: 0, opened: false, openedAt: 0, skips: 0 };

export class InterestProfile {
  private readonly interests: InterestCentroids;
  private negative = new DecayingVector();
  private session = new DecayingVector();
  private readonly tagStats = new Map<string, TagStats>();
  private readonly marks = new Map<string, ItemMark>();
  private referenceTime = 0;
  private sessionTime = 0;
  private eventCount = 0;
  private statedCount = 0;
  private space: string | null = null;

  constructor(
    private readonly options: ProfileOptions = DEFAULT_PROFILE_OPTIONS,
    centroids: Centroid[] = [],
  ) {
    this.interests = new InterestCentroids(centroids, options.centroids);
  }

  static fromSnapshot(snapshot: ProfileSnapshot | ProfileSnapshotV1, options: Omit<ProfileOptions, 'halfLifeMs' | 'sessionHalfLifeMs'> = DEFAULT_PROFILE_OPTIONS): InterestProfile {
    if (snapshot.version === 1) return InterestProfile.fromV1(snapshot, options);
    const profile = new InterestProfile(
      { ...options, halfLifeMs: snapshot.halfLifeMs, sessionHalfLifeMs: snapshot.sessionHalfLifeMs },
      snapshot.centroids.map((c) => ({ features: new Map(c.features), vector: c.vector === null ? null : Float32Array.from(c.vector), mass: c.mass })),
    );
    profile.negative = new DecayingVector(snapshot.negative);
    profile.session = new DecayingVector(snapshot.session);
    for (const [tag, stats] of snapshot.tagStats) profile.tagStats.set(tag, stats);
    for (const [id, mark] of snapshot.marks) profile.marks.set(id, mark);
    profile.referenceTime = snapshot.referenceTime;
    profile.sessionTime = snapshot.sessionTime;
    profile.eventCount = snapshot.eventCount;
    profile.space = snapshot.vectorSpace ?? null;
    profile.statedCount = snapshot.statedInterests ?? 0;
    return profile;
  }

  /** v1 kept one signed vector: its positive part becomes one interest, its negative part the negative vector. */
  private static fromV1(snapshot: ProfileSnapshotV1, options: Omit<ProfileOptions, 'halfLifeMs' | 'sessionHalfLifeMs'>): InterestProfile {
    const positive = snapshot.features.filter(([, w]) => w > 0);
    const mass = positive.reduce((sum, [, w]) => sum + w, 0);
    const profile = new InterestProfile(
      { ...options, halfLifeMs: snapshot.halfLifeMs, sessionHalfLifeMs: DEFAULT_PROFILE_OPTIONS.sessionHalfLifeMs },
      positive.length === 0 ? [] : [{ features: new Map(positive), vector: null, mass }],
    );
    profile.negative = new DecayingVector(snapshot.features.flatMap(([key, w]) => (w < 0 ? [[key, -w] as const] : [])));
    for (const [id, mark] of snapshot.marks) profile.marks.set(id, { ...mark, openedAt: 0, skips: 0 });
    profile.referenceTime = snapshot.referenceTime;
    profile.eventCount = snapshot.eventCount;
    return profile;
  }

  snapshot(): ProfileSnapshot {
    return {
      version: 2,
      halfLifeMs: this.options.halfLifeMs,
      sessionHalfLifeMs: this.options.sessionHalfLifeMs,
      referenceTime: this.referenceTime,
      sessionTime: this.sessionTime,
      eventCount: this.eventCount,
      centroids: this.interests.centroids.map((c) => ({ features: [...c.features], vector: c.vector === null ? null : Array.from(c.vector), mass: c.mass })),
      negative: [...this.negative.weights],
      session: [...this.session.weights],
      tagStats: [...this.tagStats],
      marks: [...this.marks],
      ...(this.space === null ? {} : { vectorSpace: this.space }),
      ...(this.statedCount === 0 ? {} : { statedInterests: this.statedCount }),
    };
  }

  /** The embedding model of the centroids' vectors; the semantic signal needs the catalogue's to match. */
  get vectorSpace(): string | null {
    return this.space;
  }

  /**
   * Vectors from another model mean nothing next to this one's: when the catalogue's vectors
   * change model, the centroids drop theirs and gather new ones from then on (a rebuild from the
   * history gathers them all again).
   */
  private enterVectorSpace(space: string | null): void {
    if (space === null || space === this.space) return;
    this.interests.dropVectors();
    this.space = space;
  }

  get size(): number {
    return this.eventCount;
  }

  /** Interests the user stated in words (onboarding, the profile editor), as opposed to learnt from items. */
  get statedInterests(): number {
    return this.statedCount;
  }

  markOf(itemId: string): ItemMark {
    return this.marks.get(itemId) ?? NO_MARK;
  }

  markedItems(): ReadonlyMap<string, ItemMark> {
    return this.marks;
  }

  /** Interest centroids as of the reference time; relative sizes are what matter. */
  centroids(): readonly Centroid[] {
    return this.interests.centroids;
  }

  negativeFeatures(): ReadonlyMap<string, number> {
    return this.negative.weights;
  }

  sessionFeatures(): ReadonlyMap<string, number> {
    return this.session.weights;
  }

  /** How much of the session vector is still alive at `now` (1 right after the last session event). */
  sessionStrength(now: number): number {
    return this.session.weights.size === 0 ? 0 : decayFactor(now - this.sessionTime, this.options.sessionHalfLifeMs);
  }

  tagStatistics(): ReadonlyMap<string, TagStats> {
    return this.tagStats;
  }

  /** Long-term decay from the reference time to `now` (for weighting engaged items by age). */
  ageFactor(at: number, now: number): number {
    return decayFactor(now - at, this.options.halfLifeMs);
  }

  apply(event: InteractionEvent, source: FeatureSource): void {
    const w = this.options.eventWeights;
    this.eventCount += 1;
    this.enterVectorSpace(source.vectorSpace);
    switch (event.kind) {
      case 'stated-interest':
        this.statedCount += 1;
        this.addInterest({ features: source.textFeatures(event.text), vector: source.textVector(event.text) }, w.statedInterest, event.at);
        return;
      case 'search':
        this.addSession(source.textFeatures(event.query), w.search, event.at);
        return;
      case 'ask':
        // Only what was asked for: "no horror" must not count as interest in horror.
        if (event.include.length > 0) this.addSession(source.textFeatures(event.include.join(', ')), w.search, event.at);
        return;
      case 'impression':
        return;
      case 'tag-weight':
        this.reweighTag(tagKey(event.tag), event.factor);
        return;
      case 'forget-interest':
        this.interests.removeBestMatching(event.tags.map(tagKey));
        return;
      case 'skip': {
        const mark = this.markOf(event.itemId);
        this.setMark(event.itemId, { ...mark, skips: mark.skips + 1 });
        this.countTags(source.itemFeatures(event.itemId), 'skips');
        return;
      }
      case 'open': {
        const features = source.itemFeatures(event.itemId);
        this.addInterest({ features, vector: source.itemVector(event.itemId) }, w.open, event.at);
        this.addSession(features, 1, event.at);
        this.countTags(features, 'clicks');
        this.setMark(event.itemId, { ...this.markOf(event.itemId), opened: true, openedAt: event.at });
        return;
      }
      case 'dwell': {
        const weight = Math.min(w.dwellCap, (Math.max(0, event.seconds) / 60) * w.dwellPerMinute);
        this.addInterest({ features: source.itemFeatures(event.itemId), vector: source.itemVector(event.itemId) }, weight, event.at);
        return;
      }
      case 'like':
        this.react(event.itemId, 'liked', event.at, source);
        return;
      case 'dislike':
        this.react(event.itemId, 'disliked', event.at, source);
        return;
      case 'hide':
        this.react(event.itemId, 'hidden', event.at, source);
        return;
      case 'unlike':
        if (this.markOf(event.itemId).reaction === 'liked') this.react(event.itemId, 'none', event.at, source);
        return;
      case 'save':
      case 'unsave': {
        const mark = this.markOf(event.itemId);
        const saved = event.kind === 'save';
        if (mark.saved === saved) return;
        const input = { features: source.itemFeatures(event.itemId), vector: source.itemVector(event.itemId) };
        // Unsaving cancels exactly what the save added, decayed to now.
        this.addInterest(input, saved ? w.save : -w.save * this.decay(event.at - mark.savedAt), event.at);
        if (saved) this.countTags(input.features, 'clicks');
        this.setMark(event.itemId, { ...mark, saved, savedAt: saved ? event.at : 0 });
        return;
      }
    }
  }

  /**
   * Takes back what the item's reaction and save added (exactly, decayed to `at`) and its mark.
   * Used on a compacted profile, whose raw events are gone; what opens and reading time added
   * stays blended into the interests, as do its tag counts.
   */
  forgetItem(itemId: string, at: number, source: FeatureSource): void {
    this.enterVectorSpace(source.vectorSpace);
    const mark = this.markOf(itemId);
    if (mark.reaction !== 'none') this.react(itemId, 'none', at, source);
    if (mark.saved) {
      const input = { features: source.itemFeatures(itemId), vector: source.itemVector(itemId) };
      this.addInterest(input, -this.options.eventWeights.save * this.decay(at - mark.savedAt), at);
    }
    this.marks.delete(itemId);
  }

  /** Scales what was learnt about a tag; 0 forgets it everywhere, counts included. */
  reweighTag(key: string, factor: number): void {
    const f = Number.isFinite(factor) ? Math.min(MAX_TAG_FACTOR, Math.max(0, factor)) : 1;
    this.interests.reweigh(key, f);
    if (f === 0) {
      this.negative.delete(key);
      this.session.delete(key);
      this.tagStats.delete(key);
    }
  }

  /** Replaces the item's reaction: the old one's decayed contribution is cancelled first. */
  private react(itemId: string, reaction: Reaction, at: number, source: FeatureSource): void {
    const mark = this.markOf(itemId);
    if (mark.reaction === reaction) return;
    const input = { features: source.itemFeatures(itemId), vector: source.itemVector(itemId) };
    this.applyReaction(mark.reaction, input, -this.decay(at - mark.reactedAt), at);
    this.applyReaction(reaction, input, 1, at);
    if (reaction === 'liked') {
      this.addSession(input.features, 1, at);
      this.countTags(input.features, 'clicks');
    } else if (reaction === 'disliked' || reaction === 'hidden') {
      this.countTags(input.features, 'skips');
    }
    this.setMark(itemId, { ...mark, reaction, reactedAt: reaction === 'none' ? 0 : at });
  }

  private applyReaction(reaction: Reaction, input: { features: FeatureVector; vector: Float32Array | null }, sign: number, at: number): void {
    const w = this.options.eventWeights;
    switch (reaction) {
      case 'liked':
        this.addInterest(input, sign * w.like, at);
        return;
      case 'disliked':
        this.addNegative(input.features, sign * w.dislike, at);
        return;
      case 'hidden':
        this.addNegative(input.features, sign * w.hide, at);
        return;
      case 'none':
        return;
    }
  }

  private addInterest(input: { features: FeatureVector; vector: Float32Array | null }, weight: number, at: number): void {
    if (weight === 0) return;
    this.interests.add(input, weight * this.rebase(at));
  }

  private addNegative(features: FeatureVector, weight: number, at: number): void {
    if (weight === 0) return;
    this.negative.add(features, weight * this.rebase(at), true);
  }

  private addSession(features: FeatureVector, weight: number, at: number): void {
    if (features.length === 0) return;
    if (at > this.sessionTime) {
      this.session.decay(decayFactor(at - this.sessionTime, this.options.sessionHalfLifeMs));
      this.sessionTime = at;
    }
    this.session.add(features, weight * decayFactor(this.sessionTime - at, this.options.sessionHalfLifeMs));
  }

  private countTags(features: FeatureVector, field: keyof TagStats): void {
    for (const [key] of features) {
      if (!key.startsWith('t:')) continue;
      const stats = this.tagStats.get(key) ?? { clicks: 0, skips: 0 };
      this.tagStats.set(key, { ...stats, [field]: stats[field] + 1 });
    }
  }

  /**
   * Moves the reference time forward to `at` (decaying everything) and returns the factor for a
   * contribution made at `at`: 1 normally, < 1 for a late event (e.g. written by another tab).
   */
  private rebase(at: number): number {
    if (at <= this.referenceTime) return this.decay(this.referenceTime - at);
    const factor = this.decay(at - this.referenceTime);
    this.interests.decay(factor);
    this.negative.decay(factor);
    this.referenceTime = at;
    return 1;
  }

  private decay(elapsedMs: number): number {
    return decayFactor(elapsedMs, this.options.halfLifeMs);
  }

  private setMark(itemId: string, mark: ItemMark): void {
    const empty = mark.reaction === 'none' && !mark.saved && !mark.opened && mark.skips === 0;
    if (empty) this.marks.delete(itemId);
    else this.marks.set(itemId, mark);
  }
}

function decayFactor(elapsedMs: number, halfLifeMs: number): number {
  return elapsedMs <= 0 ? 1 : Math.pow(2, -elapsedMs / halfLifeMs);
}
