import { create, insertMultiple, search, type AnyOrama } from '@orama/orama';
import { seededRandom } from '../core/random/seeded-random';
import { float32Vectors, quantizeInt8, type ItemVectors } from '../core/vectors/item-vectors';
import { nearestRows } from '../core/vectors/nearest';
import { interleave, type TimingSummary } from './stats';
import { syntheticEmbeddings, syntheticQuery, type SyntheticEmbeddings } from './synthetic-vectors';

/**
 * sift_int8: SIMD int8 scan + float16 re-scoring of the best candidates (the default path);
 * sift_int8_scan: the scan alone; sift_int8_js: the default path without WebAssembly SIMD.
 */
export const RANK_METHODS = ['sift_int8', 'sift_int8_scan', 'sift_int8_js', 'sift_f32', 'naive', 'orama'] as const;
export type RankMethod = (typeof RANK_METHODS)[number];

export interface MethodResult {
  readonly timing: TimingSummary;
  /** Mean recall@k against exact float64 top-k over all queries. */
  readonly recall: number;
}

export interface RankSizeResult {
  readonly count: number;
  readonly dim: number;
  readonly k: number;
  readonly methods: Readonly<Record<RankMethod, MethodResult>>;
  readonly oramaInsertMs: number;
}

export interface RankBenchOptions {
  readonly dim: number;
  readonly k: number;
  readonly queries: number;
  readonly warmup: number;
  readonly runs: number;
  readonly seed: number;
  readonly clock: () => number;
}

/** What a straightforward implementation does: objects with their vectors, score all, sort all. */
interface NaiveItem {
  readonly id: string;
  readonly vector: Float32Array;
}

function naiveTopK(items: readonly NaiveItem[], query: Float32Array, k: number): string[] {
  const scored = items.map((item) => {
    let dot = 0;
    for (let d = 0; d < query.length; d += 1) dot += item.vector[d]! * query[d]!;
    return { id: item.id, score: dot };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, k).map((s) => s.id);
}

function exactTopK(embeddings: SyntheticEmbeddings, query: Float32Array, k: number): number[] {
  const { rows, dim, count } = embeddings;
  const scores = new Float64Array(count);
  for (let r = 0; r < count; r += 1) {
    let dot = 0;
    for (let d = 0; d < dim; d += 1) dot += rows[r * dim + d]! * query[d]!;
    scores[r] = dot;
  }
  return Array.from(scores.keys())
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
}

function recallOf(found: readonly number[], exact: readonly number[]): number {
  const truth = new Set(exact);
  return found.filter((p) => truth.has(p)).length / exact.length;
}

async function oramaIndex(embeddings: SyntheticEmbeddings): Promise<AnyOrama> {
  const { dim, count, rows } = embeddings;
  const db = create({ schema: { position: 'number', embedding: `vector[${dim}]` } as const });
  const docs = Array.from({ length: count }, (_, r) => ({ id: String(r), position: r, embedding: Array.from(rows.subarray(r * dim, (r + 1) * dim)) }));
  await insertMultiple(db, docs, 5000);
  return db;
}

interface OramaHit {
  readonly id: string;
}

function oramaTopK(db: AnyOrama, query: Float32Array, k: number): number[] {
  // similarity -1 keeps every item eligible, so Orama returns the true top k like the others.
  const result = search(db, { mode: 'vector', vector: { value: Array.from(query), property: 'embedding' }, similarity: -1, limit: k, includeVectors: false });
  if (result instanceof Promise) throw new Error('Orama answered asynchronously; its timing would include a microtask hop');
  return (result.hits as readonly OramaHit[]).map((hit) => Number(hit.id));
}

/**
 * Exact top-k by cosine over `count` unit vectors, five ways, on the same vectors and queries,
 * interleaved in one process. Orama's vector search answers synchronously without async
 * plugins; the timing relies on that and checks it.
 */
export async function benchVectorRanking(count: number, options: RankBenchOptions): Promise<RankSizeResult> {
  const random = seededRandom(options.seed ^ count);
  const embeddings = syntheticEmbeddings(count, options.dim, random);
  const queries = Array.from({ length: options.queries }, () => syntheticQuery(embeddings, random));
  const exact = queries.map((q) => exactTopK(embeddings, q, options.k));

  const tables: Record<'sift_int8' | 'sift_int8_scan' | 'sift_int8_js' | 'sift_f32', ItemVectors> = {
    sift_int8: quantizeInt8(embeddings.rows, options.dim, { refine: true }),
    sift_int8_scan: quantizeInt8(embeddings.rows, options.dim),
    sift_int8_js: quantizeInt8(embeddings.rows, options.dim, { kernels: 'js', refine: true }),
    sift_f32: float32Vectors(embeddings.rows, options.dim),
  };
  const naiveItems: NaiveItem[] = Array.from({ length: count }, (_, r) => ({ id: String(r), vector: embeddings.rows.slice(r * options.dim, (r + 1) * options.dim) }));
  const insertStart = options.clock();
  const orama = await oramaIndex(embeddings);
  const oramaInsertMs = options.clock() - insertStart;

  // Answers per method and query, for recall (computed outside the timed runs).
  const scratch = new Float32Array(count);
  const answer: Record<RankMethod, (q: Float32Array) => number[]> = {
    sift_int8: (q) => nearestRows(tables.sift_int8, q, options.k, scratch).map((n) => n.position),
    sift_int8_scan: (q) => nearestRows(tables.sift_int8_scan, q, options.k, scratch).map((n) => n.position),
    sift_int8_js: (q) => nearestRows(tables.sift_int8_js, q, options.k, scratch).map((n) => n.position),
    sift_f32: (q) => nearestRows(tables.sift_f32, q, options.k, scratch).map((n) => n.position),
    naive: (q) => naiveTopK(naiveItems, q, options.k).map(Number),
    orama: (q) => oramaTopK(orama, q, options.k),
  };
  const recall = {} as Record<RankMethod, number>;
  for (const method of RANK_METHODS) {
    let sum = 0;
    for (let i = 0; i < queries.length; i += 1) sum += recallOf(answer[method](queries[i]!), exact[i]!);
    recall[method] = sum / queries.length;
  }

  let sink = 0;
  const timings = interleave(
    RANK_METHODS.map((method) => ({
      name: method,
      run: (run: number) => {
        sink += answer[method](queries[run % queries.length]!).length;
      },
    })),
    options,
  );
  if (sink < 0) console.log(sink);

  const methods = Object.fromEntries(RANK_METHODS.map((m) => [m, { timing: timings.get(m)!, recall: recall[m] }])) as Record<RankMethod, MethodResult>;
  return { count, dim: options.dim, k: options.k, methods, oramaInsertMs };
}
