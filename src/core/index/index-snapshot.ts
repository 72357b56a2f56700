import { allocateFloat32Vectors, allocateInt8Vectors, type ItemVectors } from '../vectors/item-vectors';
import type { RankingPriors } from '../catalogue/ranking-priors';
import type { CatalogueIndex } from './catalogue-index';

/** Bump when CatalogueIndex or how it is built changes: older snapshots are then rebuilt, never reused. */
export const INDEX_SNAPSHOT_VERSION = 5;

export type VectorsSnapshot =
  | { readonly dtype: 'int8'; readonly dim: number; readonly count: number; readonly data: Int8Array; readonly scale: Float32Array; readonly refine: Uint16Array | null }
  | { readonly dtype: 'float32'; readonly dim: number; readonly count: number; readonly data: Float32Array };

/** The typed arrays of a CatalogueIndex that a snapshot carries as bytes. */
interface IndexArrays {
  readonly rowStart: Uint32Array;
  readonly featureIds: Uint32Array;
  readonly weights: Float32Array;
  readonly bm25: Float32Array;
  readonly popularityPrior: Float32Array;
  readonly popularity: Float64Array;
  readonly publishedAt: Float64Array;
  readonly neighborStart: Uint32Array;
  readonly neighborPositions: Int32Array;
  readonly listedByStart: Uint32Array;
  readonly listedByPositions: Int32Array;
  readonly listedByRanks: Uint16Array;
  readonly tagStart: Uint32Array;
  readonly tagFeatureIds: Uint32Array;
}

type ArrayName = keyof IndexArrays;

/** Each array's type, to view it in the bytes again. */
const ARRAY_TYPES: { readonly [K in ArrayName]: { new (buffer: ArrayBuffer, byteOffset: number, length: number): IndexArrays[K]; readonly BYTES_PER_ELEMENT: number } } = {
  rowStart: Uint32Array,
  featureIds: Uint32Array,
  weights: Float32Array,
  bm25: Float32Array,
  popularityPrior: Float32Array,
  popularity: Float64Array,
  publishedAt: Float64Array,
  neighborStart: Uint32Array,
  neighborPositions: Int32Array,
  listedByStart: Uint32Array,
  listedByPositions: Int32Array,
  listedByRanks: Uint16Array,
  tagStart: Uint32Array,
  tagFeatureIds: Uint32Array,
};

/** The order of the arrays in a snapshot's bytes. */
const ARRAY_ORDER = Object.keys(ARRAY_TYPES) as readonly ArrayName[];

/** Every array starts at a multiple of this many bytes, so that it can be viewed where it lies. */
const ALIGNMENT = 8;

/**
 * A built CatalogueIndex as plain data, as it is written: its typed arrays' bytes back to back
 * (each padded to a multiple of 8 bytes), their lengths, and the string tables as one JSON text.
 * Storing it lets a reload skip tokenising and indexing the catalogue. Read back as one buffer
 * (StoredIndexSnapshot), the restored index's arrays are views into it: nothing is copied, and a
 * reload leaves no garbage of the size of the index behind (the weights are stored as such, not
 * worked out again from term frequencies).
 */
export interface CatalogueIndexSnapshot {
  readonly version: typeof INDEX_SNAPSHOT_VERSION;
  /** JSON of { itemIds, featureKeys, featureLabels, textHash, vectorModel, ranking }. */
  readonly strings: string;
  /** Each array's length, in the snapshot's order. */
  readonly lengths: readonly number[];
  /** The bytes, in pieces: the arrays themselves (shared with the index) and the padding between them. */
  readonly parts: readonly ArrayBufferView[];
  readonly vectors: VectorsSnapshot | null;
}

/** A snapshot as it is read back: its bytes in one buffer. */
export interface StoredIndexSnapshot extends Omit<CatalogueIndexSnapshot, 'parts'> {
  readonly bytes: ArrayBuffer;
}

interface StringTables {
  readonly itemIds: string[];
  readonly featureKeys: string[];
  readonly featureLabels: string[];
  readonly textHash: string;
  readonly vectorModel: string | null;
  readonly ranking: RankingPriors | null;
}

/** The snapshot shares the index's arrays: write it before anything changes them. */
export function snapshotIndex(index: CatalogueIndex): CatalogueIndexSnapshot {
  const { lexical, vectors } = index;
  if (index.coverage !== 'full') throw new Error('only a full index can be stored');
  const strings: StringTables = {
    itemIds: [...lexical.itemIds],
    featureKeys: [...lexical.featureKeys],
    featureLabels: [...lexical.featureLabels],
    textHash: index.textHash,
    vectorModel: index.vectorModel,
    ranking: index.ranking,
  };
  const arrays: IndexArrays = { ...index, rowStart: lexical.rowStart, featureIds: lexical.featureIds, weights: lexical.weights, bm25: lexical.bm25 };
  const parts: ArrayBufferView[] = [];
  for (const name of ARRAY_ORDER) {
    const array = arrays[name];
    parts.push(array);
    const padding = paddingAfter(array.byteLength);
    if (padding > 0) parts.push(new Uint8Array(padding));
  }
  return {
    version: INDEX_SNAPSHOT_VERSION,
    strings: JSON.stringify(strings),
    lengths: ARRAY_ORDER.map((name) => arrays[name].length),
    parts,
    // Vector rows may be views into a kernel's memory: copy exactly the rows.
    vectors:
      vectors === null
        ? null
        : vectors.dtype === 'int8'
          ? { dtype: 'int8', dim: vectors.dim, count: vectors.count, data: vectors.data.slice(), scale: vectors.scale.slice(), refine: vectors.refine?.slice() ?? null }
          : { dtype: 'float32', dim: vectors.dim, count: vectors.count, data: vectors.data.slice() },
  };
}

/** A snapshot's pieces joined into one buffer, as reading its stored bytes gives them. */
export function joinSnapshot(snapshot: CatalogueIndexSnapshot): StoredIndexSnapshot {
  const bytes = new Uint8Array(snapshot.parts.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of snapshot.parts) {
    bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += part.byteLength;
  }
  const { parts: _parts, ...rest } = snapshot;
  return { ...rest, bytes: bytes.buffer };
}

function paddingAfter(byteLength: number): number {
  return (ALIGNMENT - (byteLength % ALIGNMENT)) % ALIGNMENT;
}

export type SnapshotProblem = { readonly kind: 'version'; readonly found: unknown } | { readonly kind: 'inconsistent'; readonly detail: string };

/** The arrays viewed where they lie in the bytes, or null when the lengths do not add up to them. */
function viewArrays(bytes: ArrayBuffer, lengths: readonly number[]): IndexArrays | null {
  if (lengths.length !== ARRAY_ORDER.length) return null;
  const views: Partial<Record<ArrayName, ArrayBufferView>> = {};
  let offset = 0;
  for (const [k, name] of ARRAY_ORDER.entries()) {
    const type = ARRAY_TYPES[name];
    const length = lengths[k]!;
    const byteLength = length * type.BYTES_PER_ELEMENT;
    if (!Number.isInteger(length) || length < 0 || offset + byteLength > bytes.byteLength) return null;
    views[name] = new type(bytes, offset, length);
    offset += byteLength + paddingAfter(byteLength);
  }
  return offset === bytes.byteLength ? (views as IndexArrays) : null;
}

/**
 * The index back from a snapshot, or what is wrong with it (a snapshot from another release,
 * or one whose arrays disagree in size). Only structure is checked: the snapshot is Sift's
 * own data, tied to the catalogue's content hash by whoever stored it. The index's arrays are
 * views into the snapshot's bytes.
 */
export function restoreIndex(snapshot: StoredIndexSnapshot): { readonly kind: 'restored'; readonly index: CatalogueIndex } | { readonly kind: 'rejected'; readonly problem: SnapshotProblem } {
  if (snapshot.version !== INDEX_SNAPSHOT_VERSION) return { kind: 'rejected', problem: { kind: 'version', found: snapshot.version } };
  const arrays = viewArrays(snapshot.bytes, snapshot.lengths);
  if (arrays === null) return { kind: 'rejected', problem: { kind: 'inconsistent', detail: 'array lengths' } };
  const strings = JSON.parse(snapshot.strings) as StringTables;
  const n = strings.itemIds.length;
  const entries = arrays.featureIds.length;
  const problems = [
    arrays.rowStart.length !== n + 1 && 'rowStart',
    arrays.rowStart[n] !== entries && 'rowStart end',
    (arrays.weights.length !== entries || arrays.bm25.length !== entries) && 'row weights',
    (arrays.popularityPrior.length !== n || arrays.popularity.length !== n || arrays.publishedAt.length !== n) && 'per-item arrays',
    (arrays.neighborStart.length !== n + 1 || arrays.listedByStart.length !== n + 1 || arrays.tagStart.length !== n + 1) && 'CSR offsets',
    strings.featureKeys.length !== strings.featureLabels.length && 'feature tables',
    snapshot.vectors !== null && snapshot.vectors.count !== n && 'vectors',
    typeof strings.textHash !== 'string' && 'text hash',
  ].filter((p): p is string => p !== false);
  if (problems.length > 0) return { kind: 'rejected', problem: { kind: 'inconsistent', detail: problems.join(', ') } };

  const positionById = new Map<string, number>();
  for (let i = 0; i < n; i += 1) positionById.set(strings.itemIds[i]!, i);
  const featureIdByKey = new Map<string, number>();
  for (let f = 0; f < strings.featureKeys.length; f += 1) featureIdByKey.set(strings.featureKeys[f]!, f);
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
        rowStart: arrays.rowStart,
        featureIds: arrays.featureIds,
        weights: arrays.weights,
        bm25: arrays.bm25,
      },
      itemCount: n,
      popularityPrior: arrays.popularityPrior,
      popularity: arrays.popularity,
      publishedAt: arrays.publishedAt,
      neighborStart: arrays.neighborStart,
      neighborPositions: arrays.neighborPositions,
      listedByStart: arrays.listedByStart,
      listedByPositions: arrays.listedByPositions,
      listedByRanks: arrays.listedByRanks,
      tagStart: arrays.tagStart,
      tagFeatureIds: arrays.tagFeatureIds,
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
