import type { InteractionEvent } from '../events/interaction-event';

/**
 * The lexical interest profile: a time-decayed sum of the feature vectors of what the user
 * engaged with (positive) or rejected (negative), plus each item's latest reaction.
 *
 * Weights are stored as of `referenceTime`; applying a later event first decays everything by
 * 2^(-Δt / halfLife), so one event costs O(profile features), never a replay of the history.
 */

export type Reaction = 'none' | 'liked' | 'disliked' | 'hidden';

export interface ItemMark {
  readonly reaction: Reaction;
  /** When the current reaction was given (to cancel its decayed contribution exactly on undo). */
  readonly reactedAt: number;
  readonly saved: boolean;
  readonly savedAt: number;
  readonly opened: boolean;
}

export interface EventWeights {
  readonly open: number;
  readonly like: number;
  readonly save: number;
  readonly dislike: number;
  readonly hide: number;
  readonly impression: number;
  readonly dwellPerMinute: number;
  readonly dwellCap: number;
  readonly statedInterest: number;
  readonly search: number;
}

export const DEFAULT_EVENT_WEIGHTS: EventWeights = {
  open: 0.3,
  like: 1,
  save: 0.8,
  dislike: -1,
  hide: -0.7,
  impression: 0,
  dwellPerMinute: 0.2,
  dwellCap: 0.6,
  statedInterest: 1,
  search: 0.3,
};

export interface ProfileOptions {
  readonly halfLifeMs: number;
  readonly eventWeights: EventWeights;
}

const DAY_MS = 86_400_000;
export const DEFAULT_PROFILE_OPTIONS: ProfileOptions = { halfLifeMs: 30 * DAY_MS, eventWeights: DEFAULT_EVENT_WEIGHTS };

/** Weighted features of an item or of free text, as (feature key, weight). */
export type FeatureVector = ReadonlyArray<readonly [string, number]>;

/** Where the profile looks up what an event was about. */
export interface FeatureSource {
  itemFeatures(itemId: string): FeatureVector;
  textFeatures(text: string): FeatureVector;
}

/** Plain-data form for IndexedDB; `version` lets later releases migrate it. */
export interface ProfileSnapshot {
  readonly version: 1;
  readonly halfLifeMs: number;
  readonly referenceTime: number;
  readonly eventCount: number;
  readonly features: ReadonlyArray<readonly [string, number]>;
  readonly marks: ReadonlyArray<readonly [string, ItemMark]>;
}

export const NO_MARK: ItemMark = { reaction: 'none', reactedAt: 0, saved: false, savedAt: 0, opened: false };
/** Weights this small are noise after decay; dropping them keeps the profile bounded. */
const PRUNE_BELOW = 1e-4;

export class InterestProfile {
  private readonly features = new Map<string, number>();
  private readonly marks = new Map<string, ItemMark>();
  private referenceTime = 0;
  private eventCount = 0;

  constructor(private readonly options: ProfileOptions = DEFAULT_PROFILE_OPTIONS) {}

  static fromSnapshot(snapshot: ProfileSnapshot, eventWeights: EventWeights = DEFAULT_EVENT_WEIGHTS): InterestProfile {
    const profile = new InterestProfile({ halfLifeMs: snapshot.halfLifeMs, eventWeights });
    for (const [key, weight] of snapshot.features) if (Number.isFinite(weight)) profile.features.set(key, weight);
    for (const [id, mark] of snapshot.marks) profile.marks.set(id, mark);
    profile.referenceTime = snapshot.referenceTime;
    profile.eventCount = snapshot.eventCount;
    return profile;
  }

  snapshot(): ProfileSnapshot {
    return {
      version: 1,
      halfLifeMs: this.options.halfLifeMs,
      referenceTime: this.referenceTime,
      eventCount: this.eventCount,
      features: [...this.features.entries()],
      marks: [...this.marks.entries()],
    };
  }

  get size(): number {
    return this.eventCount;
  }

  markOf(itemId: string): ItemMark {
    return this.marks.get(itemId) ?? NO_MARK;
  }

  markedItems(): ReadonlyMap<string, ItemMark> {
    return this.marks;
  }

  /** Feature weights decayed to `now` (a copy). */
  weightsAt(now: number): Map<string, number> {
    const factor = this.decay(now - this.referenceTime);
    const weights = new Map<string, number>();
    for (const [key, weight] of this.features) weights.set(key, weight * factor);
    return weights;
  }

  apply(event: InteractionEvent, source: FeatureSource): void {
    const w = this.options.eventWeights;
    this.eventCount += 1;
    switch (event.kind) {
      case 'stated-interest':
        this.add(source.textFeatures(event.text), w.statedInterest, event.at);
        return;
      case 'search':
        this.add(source.textFeatures(event.query), w.search, event.at);
        return;
      case 'impression':
        if (w.impression !== 0) this.add(source.itemFeatures(event.itemId), w.impression, event.at);
        return;
      case 'open':
        this.add(source.itemFeatures(event.itemId), w.open, event.at);
        this.setMark(event.itemId, { ...this.markOf(event.itemId), opened: true });
        return;
      case 'dwell': {
        const weight = Math.min(w.dwellCap, (Math.max(0, event.seconds) / 60) * w.dwellPerMinute);
        this.add(source.itemFeatures(event.itemId), weight, event.at);
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
        // Unsaving cancels exactly what the save added, decayed to now.
        const weight = saved ? w.save : -w.save * this.decay(event.at - mark.savedAt);
        this.add(source.itemFeatures(event.itemId), weight, event.at);
        this.setMark(event.itemId, { ...mark, saved, savedAt: saved ? event.at : 0 });
        return;
      }
    }
  }

  /** Replaces the item's reaction: the old one's decayed contribution is cancelled first. */
  private react(itemId: string, reaction: Reaction, at: number, source: FeatureSource): void {
    const mark = this.markOf(itemId);
    if (mark.reaction === reaction) return;
    const features = source.itemFeatures(itemId);
    const previous = this.reactionWeight(mark.reaction);
    if (previous !== 0) this.add(features, -previous * this.decay(at - mark.reactedAt), at);
    const next = this.reactionWeight(reaction);
    if (next !== 0) this.add(features, next, at);
    this.setMark(itemId, { ...mark, reaction, reactedAt: reaction === 'none' ? 0 : at });
  }

  private reactionWeight(reaction: Reaction): number {
    const w = this.options.eventWeights;
    switch (reaction) {
      case 'liked':
        return w.like;
      case 'disliked':
        return w.dislike;
      case 'hidden':
        return w.hide;
      case 'none':
        return 0;
    }
  }

  private add(features: FeatureVector, weight: number, at: number): void {
    if (weight === 0 || features.length === 0) return;
    let scale = weight;
    if (at >= this.referenceTime) {
      this.rebase(at);
    } else {
      // A late event (e.g. a batch written by another tab) counts as decayed to the reference time.
      scale *= this.decay(this.referenceTime - at);
    }
    for (const [key, value] of features) {
      const next = (this.features.get(key) ?? 0) + scale * value;
      if (Math.abs(next) < PRUNE_BELOW) this.features.delete(key);
      else this.features.set(key, next);
    }
  }

  private rebase(time: number): void {
    if (time === this.referenceTime) return;
    if (this.features.size > 0) {
      const factor = this.decay(time - this.referenceTime);
      for (const [key, weight] of this.features) {
        const next = weight * factor;
        if (Math.abs(next) < PRUNE_BELOW) this.features.delete(key);
        else this.features.set(key, next);
      }
    }
    this.referenceTime = time;
  }

  private decay(elapsedMs: number): number {
    return elapsedMs <= 0 ? 1 : Math.pow(2, -elapsedMs / this.options.halfLifeMs);
  }

  private setMark(itemId: string, mark: ItemMark): void {
    const empty = mark.reaction === 'none' && !mark.saved && !mark.opened;
    if (empty) this.marks.delete(itemId);
    else this.marks.set(itemId, mark);
  }
}
