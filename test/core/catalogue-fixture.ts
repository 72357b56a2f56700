import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import { buildCatalogueIndex, featureSourceOf, type CatalogueIndex } from '../../src/core/index/catalogue-index';
import type { FeatureSource } from '../../src/core/profile/interest-profile';

/** A small film catalogue with clear clusters: space sci-fi, horror, romance, plus a filler. */
export const FILMS: CatalogueItem[] = [
  { id: 'alien', title: 'Alien', tags: ['Sci-Fi', 'Horror', 'space'], popularity: 80 },
  { id: 'solaris', title: 'Solaris', tags: ['Sci-Fi', 'space', 'drama'], popularity: 20 },
  { id: 'interstellar', title: 'Interstellar', tags: ['Sci-Fi', 'space', 'time travel'], popularity: 90 },
  { id: 'gravity', title: 'Gravity', tags: ['Sci-Fi', 'space', 'survival'], popularity: 50 },
  { id: 'shining', title: 'The Shining', tags: ['Horror', 'hotel', 'drama'], popularity: 85 },
  { id: 'hereditary', title: 'Hereditary', tags: ['Horror', 'family'], popularity: 30 },
  { id: 'notebook', title: 'The Notebook', tags: ['Romance', 'drama'], popularity: 70 },
  { id: 'amelie', title: 'Amélie', tags: ['Romance', 'Comedy', 'Paris'], popularity: 60 },
  { id: 'before-sunrise', title: 'Before Sunrise', tags: ['Romance', 'travel'], popularity: 40 },
  { id: 'blockbuster', title: 'Generic Blockbuster', tags: ['Action'], popularity: 500 },
];

export function filmIndex(items: readonly CatalogueItem[] = FILMS): CatalogueIndex {
  return buildCatalogueIndex(items);
}

export function featureSource(index: CatalogueIndex): FeatureSource {
  return featureSourceOf(index);
}

export const DAY = 86_400_000;
export const T0 = 1_700_000_000_000;
