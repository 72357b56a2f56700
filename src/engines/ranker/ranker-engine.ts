import type { Catalogue } from '../../core/catalogue/catalogue-types';
import type { InteractionEvent } from '../../core/events/interaction-event';
import { buildCatalogueIndex, featureSourceOf, type CatalogueIndex } from '../../core/index/catalogue-index';
import { restoreIndex, snapshotIndex, type CatalogueIndexSnapshot } from '../../core/index/index-snapshot';
import { topTags, type TagCount } from '../../core/index/top-tags';
import { WeightLearner, type LearnerSnapshot } from '../../core/learn/weight-learner';
import { InterestProfile, type FeatureSource, type ItemMark, type ProfileSnapshot, type ProfileSnapshotV1 } from '../../core/profile/interest-profile';
import { rankCatalogue, type RankRequest } from '../../core/rank/rank-catalogue';
import type { RankedItem } from '../../core/rank/ranked-item';
import { priorWeights } from '../../core/rank/signals';
import { fetchCatalogue } from '../catalogue/fetch-catalogue';
import type { CatalogueDelivery, CatalogueSummary, IndexRestoreResult, RankerApi, RankerState } from './ranker-api';

/** Feedback that teaches the weight learner: engaged (1) or passed over / rejected (0). */
const LABELS: Partial<Record<InteractionEvent['kind'], 0 | 1>> = { open: 1, like: 1, save: 1, dislike: 0, hide: 0, skip: 0 };

/** Hosts the core's index, profile, learner and ranking; holds no policy of its own. */
export class RankerEngine implements RankerApi {
  private index: CatalogueIndex = buildCatalogueIndex([]);
  private features: FeatureSource = featureSourceOf(this.index);
  private profile = new InterestProfile();
  private learner = new WeightLearner();

  constructor(private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {}

  async fetchCatalogue(url: string, knownHash?: string): Promise<CatalogueDelivery> {
    const result = await fetchCatalogue(url, this.fetchImpl, knownHash);
    if (result.kind !== 'loaded') return result;
    const { catalogue } = result;
    this.setCatalogue(catalogue);
    return {
      kind: 'loaded',
      url: result.url,
      id: catalogue.id,
      title: catalogue.title,
      itemCount: catalogue.items.length,
      json: JSON.stringify(catalogue),
      skippedCount: result.skippedCount,
      contentHash: result.contentHash,
    };
  }

  setCatalogueText(json: string): CatalogueSummary {
    return this.setCatalogue(JSON.parse(json) as Catalogue);
  }

  indexSnapshot(): CatalogueIndexSnapshot {
    return snapshotIndex(this.index);
  }

  restoreIndex(snapshot: CatalogueIndexSnapshot): IndexRestoreResult {
    const result = restoreIndex(snapshot);
    if (result.kind === 'rejected') return result;
    this.index = result.index;
    this.features = featureSourceOf(this.index);
    return { kind: 'restored', itemCount: this.index.itemCount };
  }

  setCatalogue(catalogue: Catalogue): CatalogueSummary {
    this.index = buildCatalogueIndex(catalogue.items);
    this.features = featureSourceOf(this.index);
    return { id: catalogue.id, title: catalogue.title, itemCount: this.index.itemCount, featureCount: this.index.lexical.featureKeys.length };
  }

  restore(state: { profile: ProfileSnapshot | ProfileSnapshotV1; weights?: LearnerSnapshot } | null, replay: readonly InteractionEvent[]): void {
    this.profile = state === null ? new InterestProfile() : InterestProfile.fromSnapshot(state.profile);
    this.learner = new WeightLearner(undefined, state?.weights);
    this.recordEvents(replay);
  }

  recordEvents(events: readonly InteractionEvent[]): void {
    for (const event of events) {
      const label = LABELS[event.kind];
      // Only feedback on something that was on screen teaches the learner, and the event
      // carries what it was shown with, so replaying stored events re-learns the same.
      if (label !== undefined && 'shown' in event && event.shown !== undefined) {
        this.learner.update(event.shown, label, priorWeights(this.index, this.profile));
      }
      this.profile.apply(event, this.features);
    }
  }

  state(): RankerState {
    return { profile: this.profile.snapshot(), weights: this.learner.snapshot() };
  }

  rank(request: RankRequest): RankedItem[] {
    const weights = request.weights ?? this.learner.current(priorWeights(this.index, this.profile));
    return rankCatalogue(this.index, this.profile, { ...request, weights });
  }

  marks(): Array<[string, ItemMark]> {
    return [...this.profile.markedItems()];
  }

  topTags(limit: number): TagCount[] {
    return topTags(this.index, limit);
  }
}
