import type { Catalogue } from '../../core/catalogue/catalogue-types';
import type { InteractionEvent } from '../../core/events/interaction-event';
import { buildLexicalIndex, itemFeatures, textFeatures, type LexicalIndex } from '../../core/lexical/lexical-index';
import { InterestProfile, type FeatureSource, type ItemMark, type ProfileSnapshot } from '../../core/profile/interest-profile';
import { rankCatalogue, type RankRequest } from '../../core/rank/rank-catalogue';
import type { RankedItem } from '../../core/rank/ranked-item';
import { fetchCatalogue, type CatalogueFetchResult } from '../catalogue/fetch-catalogue';
import type { CatalogueSummary, RankerApi } from './ranker-api';

const EMPTY_INDEX = buildLexicalIndex([]);

/** Hosts the core's index, profile and ranking; holds no policy of its own. */
export class RankerEngine implements RankerApi {
  private index: LexicalIndex = EMPTY_INDEX;
  private profile = new InterestProfile();
  private readonly features: FeatureSource = {
    itemFeatures: (itemId) => itemFeatures(this.index, itemId),
    textFeatures: (text) => textFeatures(this.index, text),
  };

  constructor(private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {}

  async fetchCatalogue(url: string): Promise<CatalogueFetchResult> {
    const result = await fetchCatalogue(url, this.fetchImpl);
    if (result.kind === 'loaded') this.setCatalogue(result.catalogue);
    return result;
  }

  setCatalogue(catalogue: Catalogue): CatalogueSummary {
    this.index = buildLexicalIndex(catalogue.items);
    return { id: catalogue.id, title: catalogue.title, itemCount: this.index.itemCount, featureCount: this.index.featureKeys.length };
  }

  restoreProfile(snapshot: ProfileSnapshot | null, replay: readonly InteractionEvent[]): void {
    this.profile = snapshot === null ? new InterestProfile() : InterestProfile.fromSnapshot(snapshot);
    this.recordEvents(replay);
  }

  recordEvents(events: readonly InteractionEvent[]): void {
    for (const event of events) this.profile.apply(event, this.features);
  }

  profileSnapshot(): ProfileSnapshot {
    return this.profile.snapshot();
  }

  rank(request: RankRequest): RankedItem[] {
    return rankCatalogue(this.index, this.profile, request);
  }

  marks(): Array<[string, ItemMark]> {
    return [...this.profile.markedItems()];
  }
}
