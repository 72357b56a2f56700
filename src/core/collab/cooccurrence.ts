import { TopK } from '../rank/top-k';

/**
 * "People who engaged with X also engaged with Y", computed by a site from aggregate data and
 * shipped as `neighbors` in the catalogue: item-item cosine over co-engagement, with heavy
 * users damped (1 / log2(2 + |items|)) and a shrinkage term so a pair seen once does not
 * outrank a pair seen fifty times. A pair is published only if at least `minPairUsers`
 * distinct users engaged with both (k-anonymity: no list reveals what a handful of people did).
 * The publisher's DuckDB job computes exactly this formula; a test holds the two together.
 */
export interface CooccurrenceOptions {
  readonly maxNeighbors: number;
  /** Only the most engaged items are candidates; bounds memory at candidates² floats. */
  readonly maxCandidates: number;
  readonly minItemSupport: number;
  /** In damped co-engagement units: roughly how many average users a pair needs to be trusted. */
  readonly shrinkage: number;
  /** Fewer distinct users than this engaged with both items: the pair is never published. */
  readonly minPairUsers: number;
  /**
   * Only a user's latest this many positive items count. One heavy user (a bot, a crawler, an
   * account shared by a shop floor) adds |items|² pairs; the damping already gives them little
   * weight, and the cap bounds the work at users × cap² without touching ordinary users.
   */
  readonly maxUserItems: number;
}

export const DEFAULT_COOCCURRENCE_OPTIONS: CooccurrenceOptions = {
  maxNeighbors: 10,
  maxCandidates: 4_000,
  minItemSupport: 3,
  shrinkage: 0.5,
  minPairUsers: 5,
  maxUserItems: 1_000,
};

/** `engagements`: for each user, the items they engaged with positively. */
export function cooccurrenceNeighbors(
  engagements: Iterable<readonly string[]>,
  options: CooccurrenceOptions = DEFAULT_COOCCURRENCE_OPTIONS,
): Map<string, string[]> {
  const baskets = [...engagements].map((items) => [...new Set(items)]);
  const support = new Map<string, number>();
  for (const basket of baskets) for (const item of basket) support.set(item, (support.get(item) ?? 0) + 1);

  const candidates = [...support.entries()]
    .filter(([, count]) => count >= options.minItemSupport)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxCandidates)
    .map(([item]) => item);
  const slot = new Map(candidates.map((item, i) => [item, i]));
  const m = candidates.length;
  const co = new Float32Array(m * m);
  // Distinct users per pair, saturating: only the comparison with minPairUsers matters.
  const pairUsers = new Uint16Array(m * m);
  const mass = new Float64Array(m);

  const members = new Int32Array(m);
  for (const basket of baskets) {
    let size = 0;
    for (const item of basket) {
      const s = slot.get(item);
      if (s !== undefined) members[size++] = s;
    }
    if (size === 0) continue;
    const weight = 1 / Math.log2(2 + basket.length);
    for (let a = 0; a < size; a += 1) {
      const sa = members[a]!;
      mass[sa]! += weight * weight;
      const row = sa * m;
      for (let b = 0; b < size; b += 1) {
        if (b === a) continue;
        const cell = row + members[b]!;
        co[cell]! += weight * weight;
        if (pairUsers[cell]! < 65_535) pairUsers[cell]! += 1;
      }
    }
  }

  const neighbors = new Map<string, string[]>();
  const heap = new TopK(options.maxNeighbors);
  for (let a = 0; a < m; a += 1) {
    const row = a * m;
    for (let b = 0; b < m; b += 1) {
      const together = co[row + b]!;
      if (together <= 0 || pairUsers[row + b]! < options.minPairUsers) continue;
      const cosine = together / Math.sqrt(mass[a]! * mass[b]!);
      heap.push(b, cosine * (together / (together + options.shrinkage)));
    }
    const best = heap.drain();
    if (best.length > 0) neighbors.set(candidates[a]!, best.map((entry) => candidates[entry.position]!));
  }
  return neighbors;
}
