import { normalize } from '../core/vectors/item-vectors';
import type { Random } from '../core/random/seeded-random';

/** A standard normal draw (Box–Muller). */
function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function gaussianUnit(dim: number, random: Random): Float32Array {
  const v = new Float32Array(dim);
  for (let k = 0; k < dim; k += 1) v[k] = gaussian(random);
  return normalize(v);
}

export interface SyntheticEmbeddings {
  readonly dim: number;
  readonly count: number;
  /** Unit rows, row-major. */
  readonly rows: Float32Array;
  readonly topicOf: Int32Array;
  readonly topics: readonly Float32Array[];
}

/**
 * Unit vectors shaped like sentence embeddings of a catalogue: a shared direction that every
 * text has (real models are anisotropic: unrelated texts still have cosine ≈ 0.2–0.3), one of
 * many topics per item, and item-specific noise. Exact-top-k recall on these is a fair test of
 * quantisation, unlike uniform random vectors whose neighbours are all equally far.
 */
export function syntheticEmbeddings(count: number, dim: number, random: Random): SyntheticEmbeddings {
  const common = gaussianUnit(dim, random);
  const topicCount = Math.max(16, Math.round(count / 400));
  const topics = Array.from({ length: topicCount }, () => gaussianUnit(dim, random));
  const rows = new Float32Array(count * dim);
  const topicOf = new Int32Array(count);
  const row = new Float32Array(dim);
  for (let r = 0; r < count; r += 1) {
    // Zipf-like topic sizes: some topics are far bigger than others.
    const topic = Math.min(topicCount - 1, Math.floor(topicCount * Math.pow(random(), 1.6)));
    topicOf[r] = topic;
    const centre = topics[topic]!;
    const noise = gaussianUnit(dim, random);
    for (let k = 0; k < dim; k += 1) row[k] = 0.45 * common[k]! + 0.65 * centre[k]! + 0.6 * noise[k]!;
    rows.set(normalize(row), r * dim);
  }
  return { dim, count, rows, topicOf, topics };
}

/** A user's query: the normalised mean of a few items they liked, from one or two topics. */
export function syntheticQuery(embeddings: SyntheticEmbeddings, random: Random): Float32Array {
  const { dim, count, rows } = embeddings;
  const query = new Float32Array(dim);
  const likes = 3 + Math.floor(random() * 5);
  const anchor = Math.floor(random() * count);
  const second = Math.floor(random() * count);
  for (let i = 0; i < likes; i += 1) {
    const topic = embeddings.topicOf[i % 3 === 2 ? second : anchor]!;
    // A random item of that topic (rejection sampling over rows; topics are large).
    let r = Math.floor(random() * count);
    for (let tries = 0; tries < 10_000 && embeddings.topicOf[r] !== topic; tries += 1) r = Math.floor(random() * count);
    for (let k = 0; k < dim; k += 1) query[k]! += rows[r * dim + k]!;
  }
  return normalize(query);
}
