import { allocateFloat32Vectors, allocateInt8Vectors, type ItemVectors } from '../vectors/item-vectors';
import type { RankingPriors } from '../catalogue/ranking-priors';
import type { CatalogueIndex } from './catalogue-index';
import { weighRows } from '../lexical/lexical-index';

/** Bump when CatalogueIndex or how it is built changes: older snapshots are then rebuilt, never reused. */
export const INDEX_SNAPSHOT_VERSION = 6;

export type VectorsSnapshot =
  | { readonly dtype: 'int8'; readonly dim: number; readonly count: number; readonly data: Int8Array; readonly scale: Float32Array; readonly refine: Uint16Array | null }
  | { readonly dtype: 'float32'; readonly dim: number; readonly count: number; readonly data: Float32Array };

/**
 * A built CatalogueIndex as plain data: typed arrays plus the string tables as one JSON text.
 * Storing it lets a reload skip tokenising and indexing the catalogue (the slowest part of a
 * cold start); typed arrays cross IndexedDB and postMessage as byte copies or transfers.
 */
export interface CatalogueIndexSnapshot {
  readonly version: typeof INDEX_SNAPSHOT_VERSION;
  /** JSON of { itemIds, featureKeys, featureLabels, textHash, vectorModel, ranking }. */
  readonly strings: string;
  readonly rowStart: Uint32Array;
  readonly featureIds: Uint32Array;
  /** Row weights and BM25 are worked out from these on restore (half the bytes of storing both). */
  readonly termFrequencies: Float32Array;
  readonly popularityPrior: Float32Array;
  readonly popularity: Float64Array;
  readonly publishedAt: Float64Array;
  readonly neighborStart: Uint32Array;
  readonly neighborPositions: Int32Array;
  readonly neighborWeights: Float32Array;
  readonly neighborListWeighted: Uint8Array;
  readonly listedByStart: Uint32Array;
  readonly listedByPositions: Int32Array;
  readonly listedByWeights: Float32Array;
  readonly tagStart: Uint32Array;
  readonly tagFeatureIds: Uint32Array;
  readonly vectors: VectorsSnapshot | null;
}

interface StringTables {
  readonly itemIds: string[];
  readonly featureKeys: string[];
  readonly featureLabels: string[];
  readonly textHash: string;
  readonly vectorModel: string | null;
  readonly ranking: RankingPriors | null;
}

/** The snapshot shares the index's arrays (copy or transfer it to keep the index usable). */
export function snapshotIndex(index: CatalogueIndex): CatalogueIndexSnapshot {
  const { lexical, vectors } = index;
  if (lexical.termFrequencies === null) throw new Error('only a freshly built index can be stored (a restored one is stored already)');
  if (index.coverage !== 'full') throw new Error('only a full index can be stored');
  const strings: StringTables = {
    itemIds: [...lexical.itemIds],
    featureKeys: [...lexical.featureKeys],
    featureLabels: [...lexical.featureLabels],
    textHash: index.textHash,
    vectorModel: index.vectorModel,
    ranking: index.ranking,
  };
  return {
    version: INDEX_SNAPSHOT_VERSION,
    strings: JSON.stringify(strings),
    rowStart: lexical.rowStart,
    featureIds: lexical.featureIds,
    termFrequencies: lexical.termFrequencies,
    popularityPrior: index.popularityPrior,
    popularity: index.popularity,
    publishedAt: index.publishedAt,
    neighborStart: index.neighborStart,
    neighborPositions: index.neighborPositions,
    neighborWeights: index.neighborWeights,
    neighborListWeighted: index.neighborListWeighted,
    listedByStart: index.listedByStart,
    listedByPositions: index.listedByPositions,
    listedByWeights: index.listedByWeights,
    tagStart: index.tagStart,
    tagFeatureIds: index.tagFeatureIds,
    // Vector rows may be views into a kernel's memory: copy exactly the rows.
    vectors:
      vectors === null
        ? null
        : vectors.dtype === 'int8'
          ? { dtype: 'int8', dim: vectors.dim, count: vectors.count, data: vectors.data.slice(), scale: vectors.scale.slice(), refine: vectors.refine?.slice() ?? null }
          : { dtype: 'float32', dim: vectors.dim, count: vectors.count, data: vectors.data.slice() },
  };
}

/** Every ArrayBuffer a snapshot holds, for postMessage transfer lists. */
export function snapshotBuffers(snapshot: CatalogueIndexSnapshot): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    snapshot.rowStart, snapshot.featureIds, snapshot.termFrequencies, snapshot.popularityPrior, snapshot.popularity,
    snapshot.publishedAt, snapshot.neighborStart, snapshot.neighborPositions, snapshot.neighborWeights, snapshot.neighborListWeighted, snapshot.listedByStart,
    snapshot.listedByPositions, snapshot.listedByWeights, snapshot.tagStart, snapshot.tagFeatureIds,
  ];
  const v = snapshot.vectors;
  if (v !== null) {
    arrays.push(v.data);
    if (v.dtype === 'int8') {
      arrays.push(v.scale);
      if (v.refine !== null) arrays.push(v.refine);
    }
  }
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

export type SnapshotProblem = { readonly kind: 'version'; readonly found: unknown } | { readonly kind: 'inconsistent'; readonly detail: string };

/**
 * The index back from a snapshot, or what is wrong with it (a snapshot from another release,
 * or one whose arrays disagree in size). Only structure is checked: the snapshot is Sift's
 * own data, tied to the catalogue's content hash by whoever stored it.
 */
export function restoreIndex(snapshot: CatalogueIndexSnapshot): { readonly kind: 'restored'; readonly index: CatalogueIndex } | { readonly kind: 'rejected'; readonly problem: SnapshotProblem } {
  if (snapshot.version !== INDEX_SNAPSHOT_VERSION) return { kind: 'rejected', problem: { kind: 'version', found: snapshot.version } };
  const strings = JSON.parse(snapshot.strings) as StringTables;
  const n = strings.itemIds.length;
  const entries = snapshot.featureIds.length;
  const problems = [
    snapshot.rowStart.length !== n + 1 && 'rowStart',
    snapshot.rowStart[n] !== entries && 'rowStart end',
    snapshot.termFrequencies.length !== entries && 'row weights',
    (snapshot.popularityPrior.length !== n || snapshot.neighborListWeighted.length !== n || snapshot.popularity.length !== n || snapshot.publishedAt.length !== n) && 'per-item arrays',
    (snapshot.neighborStart.length !== n + 1 || snapshot.listedByStart.length !== n + 1 || snapshot.tagStart.length !== n + 1) && 'CSR offsets',
    (snapshot.neighborWeights.length !== snapshot.neighborPositions.length || snapshot.listedByWeights.length !== snapshot.listedByPositions.length) && 'neighbour weights',
    strings.featureKeys.length !== strings.featureLabels.length && 'feature tables',
    snapshot.vectors !== null && snapshot.vectors.count !== n && 'vectors',
    typeof strings.textHash !== 'string' && 'text hash',
  ].filter((p): p is string => p !== false);
  if (problems.length > 0) return { kind: 'rejected', problem: { kind: 'inconsistent', detail: problems.join(', ') } };

  const positionById = new Map<string, number>();
  for (let i = 0; i < n; i += 1) positionById.set(strings.itemIds[i]!, i);
  const featureIdByKey = new Map<string, number>();
  for (let f = 0; f < strings.featureKeys.length; f += 1) featureIdByKey.set(strings.featureKeys[f]!, f);
  const { weights, bm25 } = weighRows(snapshot.rowStart, snapshot.featureIds, snapshot.termFrequencies, strings.featureKeys.length);
  return {
    kind: 'restored',
    index: {
      lexical: {
        itemCount: n,
        itemIds: strings.itemIds,
        positionById,
        featureKeys: strings.featureKeys,
        featureLabels: strings.featureLabels,
        featureIdByKey,
        rowStart: snapshot.rowStart,
        featureIds: snapshot.featureIds,
        weights,
        bm25,
        termFrequencies: null,
      },
      itemCount: n,
      popularityPrior: snapshot.popularityPrior,
      popularity: snapshot.popularity,
      publishedAt: snapshot.publishedAt,
      neighborStart: snapshot.neighborStart,
      neighborPositions: snapshot.neighborPositions,
      neighborWeights: snapshot.neighborWeights,
      neighborListWeighted: snapshot.neighborListWeighted,
      listedByStart: snapshot.listedByStart,
      listedByPositions: snapshot.listedByPositions,
      listedByWeights: snapshot.listedByWeights,
      tagStart: snapshot.tagStart,
      tagFeatureIds: snapshot.tagFeatureIds,
      vectors: snapshot.vectors === null ? null : restoreVectors(snapshot.vectors),
      vectorModel: snapshot.vectors === null ? null : strings.vectorModel,
      textHash: strings.textHash,
      ranking: strings.ranking ?? null,
      coverage: 'full',
    },
  };
}

/** Vector rows from plain data into the scanning layout (a kernel's memory where SIMD exists). */
export function restoreVectors(snapshot: VectorsSnapshot): ItemVectors {
  if (snapshot.dtype === 'float32') {
    const vectors = allocateFloat32Vectors(snapshot.count, snapshot.dim);
    vectors.data.set(snapshot.data);
    return vectors;
  }
  const vectors = allocateInt8Vectors(snapshot.count, snapshot.dim, { refine: snapshot.refine !== null });
  vectors.data.set(snapshot.data);
  vectors.scale.set(snapshot.scale);
  if (snapshot.refine !== null) vectors.refine?.set(snapshot.refine);
  return vectors;
}
