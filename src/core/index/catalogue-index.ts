import type { CatalogueItem } from '../catalogue/catalogue-types';
import type { RankingPriors } from '../catalogue/ranking-priors';
import { buildLexicalIndex, itemFeatures, textFeatures, type LexicalIndex } from '../lexical/lexical-index';
import type { FeatureSource } from '../profile/interest-profile';
import { rowOf, type ItemVectors } from '../vectors/item-vectors';
import { embeddedTextHash } from '../vectors/embedded-text';

/**
 * Everything the ranker reads about a catalogue, as typed arrays by item position: the lexical
 * rows, popularity and freshness inputs, co-occurrence neighbours and optional semantic vectors.
 * Built once per catalogue (or per vectors update); ranking never touches CatalogueItem objects.
 */
export interface CatalogueIndex {
  readonly lexical: LexicalIndex;
  readonly itemCount: number;
  /** log(1 + count) / log(1 + max count), in [0, 1]. */
  readonly popularityPrior: Float32Array;
  readonly popularity: Float64Array;
  /** Epoch ms of `published_at`, NaN when absent. */
  readonly publishedAt: Float64Array;
  /**
   * CSR: neighbours of item i are neighborPositions[neighborStart[i] .. neighborStart[i+1]), best
   * first, with their weights: √(w / w_best) of the catalogue's `neighbor_weights`, in (0, 1], or
   * 1/√(1 + rank) for a list without (neighborListWeighted tells which).
   */
  readonly neighborStart: Uint32Array;
  readonly neighborPositions: Int32Array;
  readonly neighborWeights: Float32Array;
  /** Per item: 1 when its list came with weights (the ranker then adds a rank discount that grows with the reader's history), 0 when weighted by rank. */
  readonly neighborListWeighted: Uint8Array;
  /** Reverse CSR: items whose neighbour lists name item j, with the weight they give it there. */
  readonly listedByStart: Uint32Array;
  readonly listedByPositions: Int32Array;
  readonly listedByWeights: Float32Array;
  /** CSR: tag feature ids of item i (for per-tag caps and exploration). */
  readonly tagStart: Uint32Array;
  readonly tagFeatureIds: Uint32Array;
  /** Unit semantic vectors by position, or null. */
  readonly vectors: ItemVectors | null;
  /** The embedding model the vectors belong to (null without vectors): vectors of two models never mix. */
  readonly vectorModel: string | null;
  /** The fingerprint of the embedded text (embeddedTextHash), which vector files must match. */
  readonly textHash: string;
  /** The ranking priors the catalogue publishes (validated), or null for Sift's defaults. */
  readonly ranking: RankingPriors | null;
  /**
   * 'tags-only' for an index built without words (buildTagIndex): it ranks a profile with no
   * history, and nothing else; its textHash is empty.
   */
  readonly coverage: 'full' | 'tags-only';
}

/** A name for vectors whose model nobody named (tests, benchmarks). */
export const UNNAMED_VECTOR_MODEL = '(unnamed)';

export function buildCatalogueIndex(items: readonly CatalogueItem[], vectors: ItemVectors | null = null, vectorModel: string = UNNAMED_VECTOR_MODEL): CatalogueIndex {
  return buildIndex(items, vectors, vectorModel, 'full');
}

/**
 * The catalogue indexed by its tags alone, in a fraction of the time: enough to rank for a
 * profile with no history (popularity, freshness, and diversity by tags). Anything that matches
 * words or learns from events needs the full index (buildCatalogueIndex).
 */
export function buildTagIndex(items: readonly CatalogueItem[]): CatalogueIndex {
  return buildIndex(items, null, UNNAMED_VECTOR_MODEL, 'tags-only');
}

function buildIndex(items: readonly CatalogueItem[], vectors: ItemVectors | null, vectorModel: string, coverage: CatalogueIndex['coverage']): CatalogueIndex {
  const lexical = buildLexicalIndex(items, undefined, { words: coverage === 'full' });
  const n = items.length;
  if (vectors !== null && vectors.count !== n) throw new Error(`vectors have ${vectors.count} rows for ${n} items`);

  const popularity = new Float64Array(n);
  let maxPopularity = 0;
  items.forEach((item, i) => {
    popularity[i] = item.popularity ?? 0;
    maxPopularity = Math.max(maxPopularity, popularity[i]!);
  });
  const popularityPrior = new Float32Array(n);
  if (maxPopularity > 0) {
    const denominator = Math.log1p(maxPopularity);
    for (let i = 0; i < n; i += 1) popularityPrior[i] = Math.log1p(popularity[i]!) / denominator;
  }

  const publishedAt = new Float64Array(n);
  items.forEach((item, i) => {
    publishedAt[i] = item.published_at === undefined ? Number.NaN : Date.parse(item.published_at);
  });

  const neighborStart = new Uint32Array(n + 1);
  const neighborList: number[] = [];
  const weightList: number[] = [];
  const neighborListWeighted = new Uint8Array(n);
  items.forEach((item, i) => {
    neighborStart[i] = neighborList.length;
    const ids = item.neighbors ?? [];
    const weights = item.neighbor_weights !== undefined && item.neighbor_weights.length === ids.length && ids.length > 0 ? item.neighbor_weights : null;
    if (weights !== null) neighborListWeighted[i] = 1;
    // Relative to the list's best, under a square root: measured on MovieLens (docs/recommending.md), the
    // shape that ranks best; the list's own scale (an item-item model's row norm) ranked worse.
    const best = weights === null ? 1 : Math.max(...weights);
    let r = 0;
    ids.forEach((id, k) => {
      const position = lexical.positionById.get(id);
      if (position === undefined || position === i) return;
      neighborList.push(position);
      weightList.push(weights === null ? 1 / Math.sqrt(1 + r) : Math.sqrt(weights[k]! / best));
      r += 1;
    });
  });
  neighborStart[n] = neighborList.length;
  const neighborWeights = Float32Array.from(weightList);

  const listedByStart = new Uint32Array(n + 1);
  for (const target of neighborList) listedByStart[target + 1]! += 1;
  for (let i = 0; i < n; i += 1) listedByStart[i + 1]! += listedByStart[i]!;
  const fill = listedByStart.slice(0, n);
  const listedByPositions = new Int32Array(neighborList.length);
  const listedByWeights = new Float32Array(neighborList.length);
  for (let i = 0; i < n; i += 1) {
    for (let j = neighborStart[i]!; j < neighborStart[i + 1]!; j += 1) {
      const slot = fill[neighborList[j]!]!++;
      listedByPositions[slot] = i;
      // Listed by a weighted list: its weight there, discounted by rank as an unweighted list is
      // (measured: better warm and cold than the weight alone).
      listedByWeights[slot] = neighborListWeighted[i] === 1 ? neighborWeights[j]! / Math.sqrt(1 + j - neighborStart[i]!) : neighborWeights[j]!;
    }
  }

  const tagStart = new Uint32Array(n + 1);
  const tagList: number[] = [];
  for (let i = 0; i < n; i += 1) {
    tagStart[i] = tagList.length;
    for (let j = lexical.rowStart[i]!; j < lexical.rowStart[i + 1]!; j += 1) {
      const feature = lexical.featureIds[j]!;
      if (lexical.featureKeys[feature]!.startsWith('t:')) tagList.push(feature);
    }
  }
  tagStart[n] = tagList.length;

  return {
    lexical,
    itemCount: n,
    popularityPrior,
    popularity,
    publishedAt,
    neighborStart,
    neighborPositions: Int32Array.from(neighborList),
    neighborWeights,
    neighborListWeighted,
    listedByStart,
    listedByPositions,
    listedByWeights,
    tagStart,
    tagFeatureIds: Uint32Array.from(tagList),
    vectors,
    vectorModel: vectors === null ? null : vectorModel,
    textHash: coverage === 'full' ? embeddedTextHash(items) : '',
    ranking: null,
    coverage,
  };
}

/** The same index with the catalogue's published ranking priors (or none). */
export function withRanking(index: CatalogueIndex, ranking: RankingPriors | null): CatalogueIndex {
  return { ...index, ranking };
}

/** The same index without the term frequencies it was weighed from (kept only until it is stored). */
export function withoutTermFrequencies(index: CatalogueIndex): CatalogueIndex {
  return index.lexical.termFrequencies === null ? index : { ...index, lexical: { ...index.lexical, termFrequencies: null } };
}

/** The same index with other semantic vectors (or none): the rest is shared, not copied. */
export function withVectors(index: CatalogueIndex, vectors: ItemVectors | null, vectorModel: string): CatalogueIndex {
  if (vectors !== null && vectors.count !== index.itemCount) throw new Error(`vectors have ${vectors.count} rows for ${index.itemCount} items`);
  return { ...index, vectors, vectorModel: vectors === null ? null : vectorModel };
}

/** The profile's view of the catalogue: features, text matching and vectors by item id. */
export function featureSourceOf(index: CatalogueIndex, textVectors: ReadonlyMap<string, Float32Array> = new Map()): FeatureSource {
  return {
    vectorSpace: index.vectorModel,
    textVector: (text) => (index.vectorModel === null ? null : (textVectors.get(text) ?? null)),
    itemFeatures: (itemId) => itemFeatures(index.lexical, itemId),
    textFeatures: (text) => textFeatures(index.lexical, text),
    itemVector: (itemId) => {
      const position = index.lexical.positionById.get(itemId);
      return position === undefined || index.vectors === null ? null : rowOf(index.vectors, position);
    },
  };
}
