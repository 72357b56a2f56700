import { describe, expect, it } from 'vitest';
import { CHINESE_CATEGORIES, chineseNewsItems, DEFAULT_CHINESE_NEWS, simulatedReaderClicks } from '../../src/core/datasets/chinese-news';
import { evaluateChineseNews } from '../../src/core/eval/chinese';
import { parseCatalogue } from '../../src/core/catalogue/parse-catalogue';

describe('the generated Chinese news catalogue and readers', () => {
  it('is a valid catalogue of Chinese headlines in twelve categories, the same for the same seed', () => {
    const items = chineseNewsItems(7, { ...DEFAULT_CHINESE_NEWS, items: 240 });
    expect(chineseNewsItems(7, { ...DEFAULT_CHINESE_NEWS, items: 240 })).toEqual(items);
    expect(new Set(items.map((item) => item.tags[0])).size).toBe(CHINESE_CATEGORIES.length);
    for (const item of items) expect(item.title).toMatch(/^[\p{Script=Han}，：]+$/u);
    const parsed = parseCatalogue({ format: 'sift-catalog', version: 1, id: 'zh', title: '新闻', language: 'zh-CN', items });
    expect(parsed.kind === 'ok' && parsed.catalogue.items.length).toBe(240);
  });

  it('readers click mostly inside their favourite categories, once per item, in time order', () => {
    const items = chineseNewsItems(7);
    const log = simulatedReaderClicks(items, 8);
    const category = new Map(items.map((item) => [item.id, item.tags[0]]));
    const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
      const groups = new Map<K, T[]>();
      for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
      return groups;
    };
    const byUser = groupBy(log, (row) => row.user);
    let inTopTwo = 0;
    for (const rows of byUser.values()) {
      expect(new Set(rows.map((row) => row.item)).size).toBe(rows.length);
      expect(rows.map((row) => row.at)).toEqual([...rows.map((row) => row.at)].sort((a, b) => a - b));
      const counts = [...groupBy(rows, (row) => category.get(row.item)).values()].map((r) => r.length).sort((a, b) => b - a);
      inTopTwo += (counts[0] ?? 0) + (counts[1] ?? 0);
    }
    expect(inTopTwo / log.length).toBeGreaterThan(0.75);
  });

  it('Sift ranks above popularity, warm and cold, with and without neighbours, as it does in English', () => {
    const result = evaluateChineseNews(1, { ...DEFAULT_CHINESE_NEWS, items: 600 }, { readers: 400, minClicks: 6, extraClicks: 10, focus: 0.8 });
    expect(result.parts).toHaveLength(4);
    for (const { part, neighbors, methods } of result.parts) {
      expect(methods.sift!['ndcg@10'], `${part}, neighbours ${neighbors}`).toBeGreaterThan(methods.popularity!['ndcg@10']);
    }
  }, 60_000);
});
