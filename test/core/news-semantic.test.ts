import { describe, expect, it } from 'vitest';
import { exposureCounts, mindItems, type MindData, type MindImpression, type MindNews } from '../../src/core/datasets/mind';
import { impressionHalves, scoreWithSemantic, SEMANTIC_GRID, tuneSemanticOnImpressions } from '../../src/core/eval/news-semantic';
import { buildCatalogueIndex, withVectors, type CatalogueIndex } from '../../src/core/index/catalogue-index';
import { seededRandom } from '../../src/core/random/seeded-random';
import { DEFAULT_SIGNAL_WEIGHTS } from '../../src/core/rank/priors';
import { quantizeInt8 } from '../../src/core/vectors/item-vectors';

// News whose theme is in no word of their text, only in their vectors: readers click their
// theme, so the semantic signal is all that can find it, and tuning must raise its weight. With
// vectors that carry nothing, no weight beats Sift's beyond the noise, and it stays.

const THEMES = 4;
const DIM = 8;

function newsSlice(seed: number): { data: MindData; themeOf: (id: string) => number } {
  const random = seededRandom(seed);
  const news: MindNews[] = Array.from({ length: 160 }, (_, i) => ({ id: `N${i}`, category: 'news', subcategory: 'general', title: `Story number ${i} today`, abstract: '', url: null }));
  const themeOf = (id: string): number => Number(id.slice(1)) % THEMES;
  const impressions: MindImpression[] = [];
  for (let u = 0; u < 120; u += 1) {
    const theme = u % THEMES;
    const pick = (wanted: (t: number) => boolean): string => {
      for (;;) {
        const id = `N${Math.floor(random() * news.length)}`;
        if (wanted(themeOf(id))) return id;
      }
    };
    const history = Array.from({ length: 6 }, () => pick((t) => t === theme));
    const candidates = [{ newsId: pick((t) => t === theme), clicked: true }, ...Array.from({ length: 5 }, () => ({ newsId: pick((t) => t !== theme), clicked: false }))];
    impressions.push({ impressionId: `${u}`, user: `U${u}`, time: null, history, candidates });
  }
  return { data: { news, impressions }, themeOf };
}

function inputFor(data: MindData, vectorOf: (id: string) => number[]) {
  const plain = buildCatalogueIndex(mindItems(data));
  const rows = new Float32Array(plain.itemCount * DIM);
  plain.lexical.itemIds.forEach((id, i) => rows.set(vectorOf(id), i * DIM));
  const index: CatalogueIndex = withVectors(plain, quantizeInt8(rows, DIM, { kernels: 'js' }), 'test-themes');
  return { index, impressions: data.impressions, exposure: exposureCounts(data.impressions), categoryOf: new Map(data.news.map((n) => [n.id, n.category])), seed: 1 };
}

describe('the semantic weight tuned on news impressions', () => {
  it('rises where only the vectors know what a reader reads', () => {
    const { data, themeOf } = newsSlice(3);
    const input = inputFor(data, (id) => Array.from({ length: DIM }, (_, d) => (d === themeOf(id) ? 1 : 0.05)));
    const tuning = tuneSemanticOnImpressions(input);
    expect(tuning.byWeight.map((entry) => entry.weight)).toEqual([...SEMANTIC_GRID]);
    expect(tuning.weight).toBeGreaterThan(DEFAULT_SIGNAL_WEIGHTS.semantic);
    expect(scoreWithSemantic(input, tuning.weight).auc).toBeGreaterThan(scoreWithSemantic(input, DEFAULT_SIGNAL_WEIGHTS.semantic).auc + 0.05);
  });

  it('stays at Sift\'s weight where the vectors carry nothing', () => {
    const { data } = newsSlice(4);
    const random = seededRandom(9);
    const noise = new Map(data.news.map((n) => [n.id, Array.from({ length: DIM }, () => random() - 0.5)]));
    const tuning = tuneSemanticOnImpressions(inputFor(data, (id) => noise.get(id)!));
    expect(tuning.weight).toBe(DEFAULT_SIGNAL_WEIGHTS.semantic);
  });

  it('splits the impressions by reader, the same way each time', () => {
    const { data } = newsSlice(5);
    const [a, b] = impressionHalves(data.impressions, 1);
    expect(a.length + b.length).toBe(data.impressions.length);
    expect(Math.min(a.length, b.length)).toBeGreaterThan(30);
    const readersOf = (half: readonly MindImpression[]) => new Set(half.map((i) => i.user));
    for (const reader of readersOf(a)) expect(readersOf(b).has(reader)).toBe(false);
    expect(impressionHalves(data.impressions, 1)[0]).toEqual(a);
  });
});
