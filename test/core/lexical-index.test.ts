import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLexicalIndex, itemFeatures, tagKey, textFeatures } from '../../src/core/lexical/lexical-index';
import { FILMS, filmIndex } from './catalogue-fixture';

describe('buildLexicalIndex', () => {
  const index = filmIndex();

  it('stores each item as an L2-normalised sparse row', () => {
    for (let i = 0; i < index.itemCount; i += 1) {
      let norm = 0;
      for (let j = index.rowStart[i]!; j < index.rowStart[i + 1]!; j += 1) norm += index.weights[j]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it('weighs a rare tag above a common one', () => {
    const gravity = new Map(itemFeatures(index, 'gravity'));
    expect(gravity.get(tagKey('survival'))!).toBeGreaterThan(gravity.get(tagKey('Sci-Fi'))!);
  });

  it('treats tags case-insensitively and keeps the first spelling as the label', () => {
    const idx = buildLexicalIndex([
      { id: 'a', title: 'A', tags: ['Sci-Fi'] },
      { id: 'b', title: 'B', tags: ['sci-fi'] },
    ]);
    const id = idx.featureIdByKey.get(tagKey('SCI-FI'))!;
    expect(idx.featureLabels[id]).toBe('Sci-Fi');
  });

  it('scales popularity into [0, 1] with the most popular item at 1', () => {
    const max = Math.max(...index.popularityPrior);
    expect(max).toBeCloseTo(1, 6);
    expect(index.popularityPrior[FILMS.findIndex((f) => f.id === 'blockbuster')]).toBeCloseTo(1, 6);
    for (const p of index.popularityPrior) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('maps free text onto the catalogue vocabulary, including multi-word tags', () => {
    const features = new Map(textFeatures(index, 'I love time travel and anything in space!'));
    expect(features.has(tagKey('time travel'))).toBe(true);
    expect(features.has(tagKey('space'))).toBe(true);
    expect(features.has('w:love')).toBe(false);
    let norm = 0;
    for (const w of features.values()) norm += w * w;
    expect(norm).toBeCloseTo(1, 6);
  });

  it('gives finite weights for any catalogue', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: fc.string({ minLength: 1 }), tags: fc.array(fc.string(), { maxLength: 5 }), popularity: fc.nat() }), { minLength: 1, maxLength: 30 }),
        (rows) => {
          const idx = buildLexicalIndex(rows.map((row, i) => ({ id: String(i), ...row })));
          for (const w of idx.weights) expect(Number.isFinite(w)).toBe(true);
          for (const p of idx.popularityPrior) expect(Number.isFinite(p)).toBe(true);
          expect(idx.rowStart[idx.itemCount]).toBe(idx.featureIds.length);
        },
      ),
    );
  });
});
