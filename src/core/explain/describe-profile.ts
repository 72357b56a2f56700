import type { CatalogueIndex } from '../index/catalogue-index';
import type { InterestProfile } from '../profile/interest-profile';
import { TopK } from '../rank/top-k';

/** One tag and how much it weighs, relative to the heaviest tag of its list (1). */
export interface TagWeight {
  readonly tag: string;
  readonly weight: number;
}

/** One learnt interest (a centroid), described by its tags and the items nearest to it. */
export interface InterestDescription {
  /** Its share of all interests' mass, in (0, 1]. */
  readonly share: number;
  readonly tags: readonly TagWeight[];
  readonly nearestItemIds: readonly string[];
}

/** What the profile holds, in terms a person can read and act on. */
export interface ProfileDescription {
  readonly interests: readonly InterestDescription[];
  /** Tags over all interests, heaviest first. */
  readonly tags: readonly TagWeight[];
  /** Tags learnt from dislikes and hides ("less of this"). */
  readonly avoided: readonly TagWeight[];
  readonly eventCount: number;
}

export interface DescribeOptions {
  readonly tagsPerInterest: number;
  readonly itemsPerInterest: number;
  readonly tags: number;
}

export const DEFAULT_DESCRIBE_OPTIONS: DescribeOptions = { tagsPerInterest: 5, itemsPerInterest: 3, tags: 24 };

export function describeProfile(index: CatalogueIndex, profile: InterestProfile, options: DescribeOptions = DEFAULT_DESCRIBE_OPTIONS): ProfileDescription {
  const { lexical } = index;
  const labelOf = (key: string): string | undefined => {
    const id = lexical.featureIdByKey.get(key);
    return id === undefined ? undefined : lexical.featureLabels[id];
  };
  const centroids = profile.centroids().filter((c) => c.mass > 0);
  const totalMass = centroids.reduce((sum, c) => sum + c.mass, 0);
  const totals = new Map<string, number>();
  const interests = centroids.map((centroid) => {
    for (const [key, weight] of centroid.features) if (key.startsWith('t:') && weight > 0) totals.set(key, (totals.get(key) ?? 0) + weight);
    return {
      share: totalMass > 0 ? centroid.mass / totalMass : 0,
      tags: heaviestTags(centroid.features, options.tagsPerInterest, labelOf),
      nearestItemIds: nearestItems(index, centroid.features, options.itemsPerInterest),
    };
  });
  interests.sort((a, b) => b.share - a.share);
  return {
    interests,
    tags: heaviestTags(totals, options.tags, labelOf),
    avoided: heaviestTags(profile.negativeFeatures(), options.tags, labelOf),
    eventCount: profile.size,
  };
}

function heaviestTags(features: ReadonlyMap<string, number>, limit: number, labelOf: (key: string) => string | undefined): TagWeight[] {
  const tags: Array<{ tag: string; weight: number }> = [];
  for (const [key, weight] of features) {
    if (!key.startsWith('t:') || weight <= 0) continue;
    tags.push({ tag: labelOf(key) ?? key.slice(2), weight });
  }
  tags.sort((a, b) => b.weight - a.weight || (a.tag < b.tag ? -1 : 1));
  const top = tags.slice(0, limit);
  const max = top[0]?.weight ?? 1;
  return top.map((t) => ({ tag: t.tag, weight: t.weight / max }));
}

/** The catalogue items most similar to an interest (cosine over the TF-IDF rows). */
function nearestItems(index: CatalogueIndex, features: ReadonlyMap<string, number>, limit: number): string[] {
  const { lexical } = index;
  const byFeature = new Float64Array(lexical.featureKeys.length);
  for (const [key, weight] of features) {
    const id = lexical.featureIdByKey.get(key);
    if (id !== undefined) byFeature[id] = weight;
  }
  const top = new TopK(limit);
  for (let item = 0; item < lexical.itemCount; item += 1) {
    let dot = 0;
    for (let k = lexical.rowStart[item]!; k < lexical.rowStart[item + 1]!; k += 1) dot += lexical.weights[k]! * byFeature[lexical.featureIds[k]!]!;
    if (dot > 0) top.push(item, dot);
  }
  return top.drain().map((entry) => lexical.itemIds[entry.position]!);
}
