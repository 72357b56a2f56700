import type { CatalogueIndex } from '../index/catalogue-index';
import { rowCosine } from '../lexical/lexical-index';
import { dotRows } from '../vectors/item-vectors';
import type { TagStats } from '../profile/interest-profile';
import { betaSample, type Random } from '../random/seeded-random';

/**
 * Turns the best-scored candidates into a feed that does not collapse into a bubble:
 * - MMR (Carbonell & Goldstein 1998): each pick maximises λ·relevance − (1−λ)·max similarity
 *   to what is already picked;
 * - a cap on how many picked items may share one tag;
 * - exploration slots filled by Thompson sampling over per-tag click/skip counts: each tag's
 *   click rate is drawn from Beta(1 + clicks, 1 + skips), so little-known tags get tried and
 *   tags that keep being skipped fade.
 */
export interface RerankOptions {
  /** 1 − λ of MMR: 0 keeps the score order, 1 cares only about novelty. */
  readonly diversity: number;
  /** At most this share of the page may carry any one tag (at least 2 items). */
  readonly maxTagShare: number;
  /** Every n-th slot (n-1, 2n-1, …) explores; 0 turns exploration off. */
  readonly explorationEvery: number;
  readonly random: Random;
}

export interface Candidate {
  readonly position: number;
  readonly score: number;
}

export interface Pick extends Candidate {
  /** Feature id of the tag that won the exploration draw, or -1 for an ordinary pick. */
  readonly exploredTag: number;
}

export function rerank(
  index: CatalogueIndex,
  candidates: readonly Candidate[],
  count: number,
  tagStats: ReadonlyMap<string, TagStats>,
  options: RerankOptions,
): Pick[] {
  const P = candidates.length;
  const take = Math.min(count, P);
  if (take === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const c of candidates) {
    min = Math.min(min, c.score);
    max = Math.max(max, c.score);
  }
  const span = max - min || 1;
  const lambda = 1 - options.diversity;
  const maxSimilarity = new Float32Array(P);
  const used = new Uint8Array(P);
  const tagCount = new Map<number, number>();
  const cap = Math.max(2, Math.ceil(options.maxTagShare * count));
  const theta = new Map<number, number>();
  const sampleTag = (feature: number): number => {
    let value = theta.get(feature);
    if (value === undefined) {
      const stats = tagStats.get(index.lexical.featureKeys[feature]!) ?? { clicks: 0, skips: 0 };
      value = betaSample(1 + stats.clicks, 1 + stats.skips, options.random);
      theta.set(feature, value);
    }
    return value;
  };
  const withinCap = (position: number): boolean => {
    for (let t = index.tagStart[position]!; t < index.tagStart[position + 1]!; t += 1) {
      if ((tagCount.get(index.tagFeatureIds[t]!) ?? 0) >= cap) return false;
    }
    return true;
  };

  const picks: Pick[] = [];
  for (let slot = 0; slot < take; slot += 1) {
    const exploring = options.explorationEvery > 0 && slot % options.explorationEvery === options.explorationEvery - 1;
    let best = -1;
    let bestValue = -Infinity;
    let bestTag = -1;
    for (let pass = 0; pass < 2 && best < 0; pass += 1) {
      // Second pass only if the tag cap ruled out every candidate.
      for (let i = 0; i < P; i += 1) {
        if (used[i] === 1) continue;
        const { position, score } = candidates[i]!;
        if (pass === 0 && !withinCap(position)) continue;
        const relevance = (score - min) / span;
        let value: number;
        let tag = -1;
        if (exploring) {
          let draw = 0;
          for (let t = index.tagStart[position]!; t < index.tagStart[position + 1]!; t += 1) {
            const feature = index.tagFeatureIds[t]!;
            const sample = sampleTag(feature);
            if (sample > draw) {
              draw = sample;
              tag = feature;
            }
          }
          // Keep some regard for relevance so exploration does not surface junk.
          value = draw * (0.5 + 0.5 * relevance);
        } else {
          value = lambda * relevance - (1 - lambda) * maxSimilarity[i]!;
        }
        if (value > bestValue) {
          bestValue = value;
          best = i;
          bestTag = tag;
        }
      }
    }
    if (best < 0) break;
    used[best] = 1;
    const chosen = candidates[best]!;
    picks.push({ position: chosen.position, score: chosen.score, exploredTag: exploring ? bestTag : -1 });
    for (let t = index.tagStart[chosen.position]!; t < index.tagStart[chosen.position + 1]!; t += 1) {
      const feature = index.tagFeatureIds[t]!;
      tagCount.set(feature, (tagCount.get(feature) ?? 0) + 1);
    }
    if (options.diversity > 0) {
      for (let i = 0; i < P; i += 1) {
        if (used[i] === 1) continue;
        const similarity = itemSimilarity(index, candidates[i]!.position, chosen.position);
        if (similarity > maxSimilarity[i]!) maxSimilarity[i] = similarity;
      }
    }
  }
  return picks;
}

/** Semantic cosine when vectors exist, else TF-IDF cosine. */
export function itemSimilarity(index: CatalogueIndex, a: number, b: number): number {
  return index.vectors === null ? rowCosine(index.lexical, a, b) : dotRows(index.vectors, a, b);
}
