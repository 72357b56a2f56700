import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogueIndex } from '../../src/core/index/catalogue-index';
import { buildLexicalIndex, itemFeatures, rowCosine, tagKey, textFeatures } from '../../src/core/lexical/lexical-index';
import { FILMS, filmIndex } from './catalogue-fixture';

describe('buildLexicalIndex', () => {
  const catalogue = filmIndex();
  const index = catalogue.lexical;

  it('stores each item as an L2-normalised sparse row', () => {
    for (let i = 0; i < index.itemCount; i += 1) {
      let norm = 0;
      for (let j = index.rowStart[i]!; j < index.rowStart[i + 1]!; j += 1) norm += index.weights[j]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it('a Chinese headline weighs against its tags about as the same headline in English does', () => {
    // The same article twice, among fillers that give the tags and words a document frequency.
    const fillers = Array.from({ length: 20 }, (_, i) => [
      { id: `zf${i}`, title: `记者探访城市${'一二三四五六七八九十'[i % 10]}号`, tags: [i % 2 === 0 ? '财经' : '科技'] },
      { id: `ef${i}`, title: `Reporter visits city number ${i}`, tags: [i % 2 === 0 ? 'Finance' : 'Tech'] },
    ]).flat();
    const idx = buildLexicalIndex([
      ...fillers,
      { id: 'zh', title: '一文读懂小吃与早餐', tags: ['美食'] },
      { id: 'en', title: 'All about snacks and breakfast', tags: ['Food'] },
      { id: 'zh2', title: '火锅新趋势', tags: ['美食'] },
      { id: 'en2', title: 'Hotpot trends', tags: ['Food'] },
    ]);
    const zh = new Map(itemFeatures(idx, 'zh')).get(tagKey('美食'))!;
    const en = new Map(itemFeatures(idx, 'en')).get(tagKey('Food'))!;
    // Eight overlapping bigrams against three words: at full weight the ratio was 0.63.
    expect(zh / en).toBeGreaterThan(0.8);
    expect(zh / en).toBeLessThan(1.25);
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
    expect(Math.max(...catalogue.popularityPrior)).toBeCloseTo(1, 6);
    expect(catalogue.popularityPrior[FILMS.findIndex((f) => f.id === 'blockbuster')]).toBeCloseTo(1, 6);
    for (const p of catalogue.popularityPrior) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('BM25 saturates: an item that matches on more of its tags outweighs a bare two-tag item', () => {
    const idx = buildLexicalIndex([
      { id: 'bare', title: 'x', tags: ['psychology', 'comedy'] },
      { id: 'rich', title: 'y', tags: ['psychology', 'thriller', 'crime', 'suspense', 'drama', 'twist'] },
      { id: 'other', title: 'z', tags: ['comedy', 'romance'] },
    ]);
    const weightOf = (position: number, key: string): number => {
      for (let j = idx.rowStart[position]!; j < idx.rowStart[position + 1]!; j += 1) if (idx.featureKeys[idx.featureIds[j]!] === key) return idx.bm25[j]!;
      return 0;
    };
    const profile = ['t:psychology', 't:thriller', 't:suspense'];
    const score = (p: number): number => profile.reduce((sum, key) => sum + weightOf(p, key), 0);
    expect(score(1)).toBeGreaterThan(score(0));
    expect(weightOf(0, 't:psychology')).toBeGreaterThan(weightOf(1, 't:psychology'));
  });

  it('item-item cosine is 1 with itself, symmetric, and 0 without shared features', () => {
    expect(rowCosine(index, 0, 0)).toBeCloseTo(1, 5);
    expect(rowCosine(index, 0, 1)).toBeCloseTo(rowCosine(index, 1, 0), 6);
    const blockbuster = FILMS.findIndex((f) => f.id === 'blockbuster');
    expect(rowCosine(index, 0, blockbuster)).toBe(0);
  });

  it('neighbour ids become positions, unknown ones are dropped', () => {
    const built = buildCatalogueIndex([
      { id: 'a', title: 'A', tags: [], neighbors: ['b', 'ghost', 'c'] },
      { id: 'b', title: 'B', tags: [] },
      { id: 'c', title: 'C', tags: [], published_at: '2020-01-01T00:00:00.000Z' },
    ]);
    expect([...built.neighborPositions.subarray(built.neighborStart[0], built.neighborStart[1])]).toEqual([1, 2]);
    expect(Number.isNaN(built.publishedAt[0])).toBe(true);
    expect(built.publishedAt[2]).toBe(Date.UTC(2020, 0, 1));
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
          for (const w of idx.bm25) expect(Number.isFinite(w) && w >= 0).toBe(true);
          expect(idx.rowStart[idx.itemCount]).toBe(idx.featureIds.length);
        },
      ),
    );
  });
});
