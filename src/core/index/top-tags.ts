import type { CatalogueIndex } from './catalogue-index';

export interface TagCount {
  readonly label: string;
  readonly count: number;
}

/** The catalogue's most used tags (for onboarding), most used first, ties alphabetical. */
export function topTags(index: CatalogueIndex, limit: number): TagCount[] {
  const counts = new Map<number, number>();
  for (const feature of index.tagFeatureIds) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  return [...counts.entries()]
    .map(([feature, count]) => ({ label: index.lexical.featureLabels[feature]!, count }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1))
    .slice(0, limit);
}
