import { TopK } from '../rank/top-k';

/**
 * "People who engaged with X also engaged with Y", computed by a site from aggregate data and
 * shipped as `neighbors` (and `neighbor_weights`) in the catalogue. A pair is published only if
 * at least `minPairUsers` distinct users engaged with both (k-anonymity: no list reveals what a
 * handful of people did); rarer pairs are dropped before any model sees them. Two models score
 * the pairs that remain:
 * - `cosine`: item-item cosine over co-engagement, with heavy users damped (1 / log2(2 + |items|))
 *   and a shrinkage term so a pair seen once does not outrank a pair seen fifty times;
 * - `rp3beta` (Paudel et al. 2017, see rp3beta.ts): a random walk item → user → item,
 *   deg(a)^-α · Σ_{u ∋ a,b} |u|^-α · deg(b)^-β, one of the strongest classic item-item models.
 * The publisher's DuckDB job computes exactly these formulas; a test holds the two together.
 */
export type NeighborModel = { readonly kind: 'cosine' } | { readonly kind: 'rp3beta'; readonly alpha: number; readonly beta: number };

export interface CooccurrenceOptions {
  readonly model: NeighborModel;
  /** Publish each neighbour's score as `neighbor_weights`; without, the app weighs a list by rank. */
  readonly weights: boolean;
  readonly maxNeighbors: number;
  /** Only the most engaged items are candidates; bounds memory at candidates² floats. */
  readonly maxCandidates: number;
  readonly minItemSupport: number;
  /** `cosine` only, in damped co-engagement units: roughly how many average users a pair needs to be trusted. */
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

/**
 * RP3beta's parameters when a publisher asks for it (`--neighbor-model rp3beta`): α 0.5 and β 0.4
 * of {0.5, 0.75} × {0.2, 0.3, 0.4} ranked best warm and cold together on validation splits of
 * MovieLens training data only (docs/recommending.md, "Neighbours").
 */
export const DEFAULT_NEIGHBOR_MODEL = { kind: 'rp3beta', alpha: 0.5, beta: 0.4 } as const satisfies NeighborModel;

/**
 * What the builder publishes unless told otherwise: RP3beta lists of 20 with their weights. On
 * validation splits of MovieLens training data they rank above cosine lists of 10 warm and cold
 * (0.1410 and 0.3220 against 0.1383 and 0.3075); lists of 30 rank a little higher cold but let a
 * new reader's first likes crowd the liked genre out of the feed (docs/recommending.md, "Neighbours").
 */
export const DEFAULT_COOCCURRENCE_OPTIONS: CooccurrenceOptions = {
  model: DEFAULT_NEIGHBOR_MODEL,
  weights: true,
  maxNeighbors: 20,
  maxCandidates: 4_000,
  minItemSupport: 3,
  shrinkage: 0.5,
  minPairUsers: 5,
  maxUserItems: 1_000,
};

/** An item's published neighbours, best first, with their scores. */
export interface NeighborList {
  readonly ids: readonly string[];
  readonly weights: readonly number[];
}

/** What one user adds to a pair's `together` under each model, given how many positives they have (at least two, to make a pair). */
export function userPairWeight(model: NeighborModel, items: number): number {
  return model.kind === 'cosine' ? 1 / Math.log2(2 + items) ** 2 : Math.pow(items, -model.alpha);
}

/** `engagements`: for each user, the items they engaged with positively. */
export function cooccurrenceNeighbors(
  engagements: Iterable<readonly string[]>,
  options: CooccurrenceOptions = DEFAULT_COOCCURRENCE_OPTIONS,
): Map<string, NeighborList> {
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
  // cosine: Σ w(u) over the item's users; rp3beta: its degree.
  const mass = new Float64Array(m);
  const model = options.model;

  const members = new Int32Array(m);
  for (const basket of baskets) {
    let size = 0;
    for (const item of basket) {
      const s = slot.get(item);
      if (s !== undefined) members[size++] = s;
    }
    if (size === 0) continue;
    const weight = userPairWeight(model, basket.length);
    for (let a = 0; a < size; a += 1) {
      const sa = members[a]!;
      mass[sa]! += model.kind === 'cosine' ? weight : 1;
      const row = sa * m;
      for (let b = 0; b < size; b += 1) {
        if (b === a) continue;
        const cell = row + members[b]!;
        co[cell]! += weight;
        if (pairUsers[cell]! < 65_535) pairUsers[cell]! += 1;
      }
    }
  }

  const neighbors = new Map<string, NeighborList>();
  const heap = new TopK(options.maxNeighbors);
  for (let a = 0; a < m; a += 1) {
    const row = a * m;
    for (let b = 0; b < m; b += 1) {
      const together = co[row + b]!;
      if (together <= 0 || pairUsers[row + b]! < options.minPairUsers) continue;
      heap.push(b, pairScore(model, together, mass[a]!, mass[b]!, options.shrinkage));
    }
    const best = heap.drain();
    if (best.length > 0) neighbors.set(candidates[a]!, { ids: best.map((entry) => candidates[entry.position]!), weights: best.map((entry) => entry.score) });
  }
  return neighbors;
}

/** The score of a → b from the pair's `together` and the two items' masses (see NeighborModel). */
export function pairScore(model: NeighborModel, together: number, massA: number, massB: number, shrinkage: number): number {
  if (model.kind === 'rp3beta') return Math.pow(massA, -model.alpha) * together * Math.pow(massB, -model.beta);
  return (together / Math.sqrt(massA * massB)) * (together / (together + shrinkage));
}
