import type { CatalogueIndex } from '../index/catalogue-index';
import { featureKind } from '../lexical/lexical-index';
import type { BecauseItem, Explanation, MatchedFeature, SignalContribution } from './ranked-item';
import { itemSimilarity } from './rerank';
import { PENALTIES, SIGNALS, type SignalTable, type SignalWeights } from './signals';

const MAX_MATCHED = 4;
const MAX_ENGAGED_SCANNED = 50;
const MIN_SIMILARITY = 0.3;
/** The most a similarity of two unit rows can come to with int8 and float32 rounding. */
const SIMILARITY_CEILING = 1.01;

/**
 * The explanation of one ranked item, recomputed from the same arrays the score came from, so
 * the signals add up to the score and the matched features add up to the interest signal.
 */
export function explainItem(
  index: CatalogueIndex,
  table: SignalTable,
  weights: SignalWeights,
  position: number,
  exploredTag: number,
): Explanation {
  // A table of a list holds its values by slot (see computeSignals' positions).
  const slot = table.positions === null ? position : table.positions.indexOf(position);
  const signals: SignalContribution[] = [];
  for (const signal of SIGNALS) {
    const value = table.values[signal][slot]!;
    if (value === 0) continue;
    const weight = weights[signal];
    signals.push({ signal, value, weight, contribution: PENALTIES.has(signal) ? -weight * value : weight * value });
  }
  const lexical = index.lexical;
  return {
    signals,
    matched: matchedFeatures(index, table, weights, position, slot),
    because: becauseItems(index, table, position, slot).map((b) => ({ itemId: lexical.itemIds[b.position]!, via: b.via })),
    exploration: exploredTag >= 0 ? { tag: lexical.featureLabels[exploredTag]! } : null,
    context: table.context === null ? null : { itemId: lexical.itemIds[table.context]! },
  };
}

function matchedFeatures(index: CatalogueIndex, table: SignalTable, weights: SignalWeights, position: number, slot: number): MatchedFeature[] {
  const lexical = index.lexical;
  const c = table.bestCentroid[slot]!;
  const matched: MatchedFeature[] = [];
  if (c !== 255) {
    const scale = weights.interest * table.interestScale * table.centroidFactor[c]!;
    for (let j = lexical.rowStart[position]!; j < lexical.rowStart[position + 1]!; j += 1) {
      const feature = lexical.featureIds[j]!;
      const contribution = scale * table.centroidMatrix[feature * table.centroidStride + c]! * lexical.bm25[j]!;
      if (contribution > 1e-6) matched.push({ label: lexical.featureLabels[feature]!, kind: featureKind(lexical.featureKeys[feature]!), contribution });
    }
  }
  matched.sort((a, b) => b.contribution - a.contribution);
  const positive = matched.slice(0, MAX_MATCHED);
  const negative: MatchedFeature[] = [];
  if (table.negativeUnit !== null && table.values.disliked[slot]! > 0) {
    for (let j = lexical.rowStart[position]!; j < lexical.rowStart[position + 1]!; j += 1) {
      const feature = lexical.featureIds[j]!;
      const contribution = -weights.disliked * table.negativeUnit[feature]! * lexical.weights[j]!;
      if (contribution < -1e-6) negative.push({ label: lexical.featureLabels[feature]!, kind: featureKind(lexical.featureKeys[feature]!), contribution });
    }
    negative.sort((a, b) => a.contribution - b.contribution);
  }
  return positive.concat(negative.slice(0, 2));
}

function becauseItems(index: CatalogueIndex, table: SignalTable, position: number, slot: number): Array<{ position: number; via: BecauseItem['via'] }> {
  const engaged = table.engaged.slice(0, MAX_ENGAGED_SCANNED);
  let best = -1;
  let bestStrength = 0;
  if (table.values.neighbors[slot]! > 0) {
    for (const { position: source, weight } of engaged) {
      const end = index.neighborStart[source + 1]!;
      for (let j = index.neighborStart[source]!; j < end; j += 1) {
        if (index.neighborPositions[j] !== position) continue;
        const strength = weight * index.neighborWeights[j]!;
        if (strength > bestStrength) {
          bestStrength = strength;
          best = source;
        }
      }
    }
    if (best >= 0) return [{ position: best, via: 'neighbors' }];
  }
  for (const { position: source, weight } of engaged) {
    // Engaged items come strongest first and a similarity is at most 1 (a hair over, in float32):
    // once an item's weight cannot reach the best strength, or the threshold, none after it can.
    if (weight * SIMILARITY_CEILING < Math.max(bestStrength, MIN_SIMILARITY)) break;
    if (source === position) continue;
    const strength = itemSimilarity(index, source, position) * weight;
    if (strength > bestStrength) {
      bestStrength = strength;
      best = source;
    }
  }
  return best >= 0 && bestStrength >= MIN_SIMILARITY ? [{ position: best, via: 'similar' }] : [];
}
