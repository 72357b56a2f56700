import type { CatalogueIndex } from '../index/catalogue-index';
import { cosineScores } from '../lexical/match-features';
import { dotAll, dotAt, rowOf } from '../vectors/item-vectors';
import { rowDot, slotLookup, type Scope } from './signal-rows';

/**
 * Around the item at `around`: `context` is how alike the two are in content (TF-IDF cosine; with
 * vectors, the mean of that and the semantic cosine), `coread` how strongly the catalogue's
 * co-engagement lists tie them (its neighbour at rank r: 1/√(1+r); listing it at rank r: 0.8 of that).
 */
export function contextSignals(index: CatalogueIndex, around: number, positions: Scope, context: Float32Array, coread: Float32Array, dots: Float32Array): void {
  const lexical = index.lexical;
  const m = context.length;
  const query = new Float32Array(lexical.featureKeys.length);
  for (let j = lexical.rowStart[around]!; j < lexical.rowStart[around + 1]!; j += 1) query[lexical.featureIds[j]!] = lexical.weights[j]!;
  if (positions === null) cosineScores(lexical, query, context);
  else for (let k = 0; k < m; k += 1) context[k] = rowDot(lexical.rowStart, lexical.featureIds, lexical.weights, positions[k]!, query);
  const vectors = index.vectors;
  if (vectors !== null) {
    const row = rowOf(vectors, around);
    // The whole catalogue through the vector scan (WebAssembly SIMD where there is one); a list row by row.
    if (positions === null) dotAll(vectors, row, dots);
    else for (let k = 0; k < m; k += 1) dots[k] = dotAt(vectors, positions[k]!, row);
    for (let k = 0; k < m; k += 1) context[k] = (context[k]! + Math.max(0, dots[k]!)) / 2;
  }
  const slotOf = slotLookup(positions);
  // Neighbour weights are in (0, 1], each list's best at 1 (catalogue-index.ts).
  for (let j = index.neighborStart[around]!; j < index.neighborStart[around + 1]!; j += 1) {
    const k = slotOf(index.neighborPositions[j]!);
    if (k >= 0) coread[k] = Math.max(coread[k]!, index.neighborWeights[j]!);
  }
  for (let j = index.listedByStart[around]!; j < index.listedByStart[around + 1]!; j += 1) {
    const k = slotOf(index.listedByPositions[j]!);
    if (k >= 0) coread[k] = Math.max(coread[k]!, 0.8 * index.listedByWeights[j]!);
  }
}
