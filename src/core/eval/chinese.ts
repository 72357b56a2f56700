import { itemAggregates, withAggregates, withoutNeighbors } from '../collab/item-aggregates';
import { chineseNewsItems, DEFAULT_CHINESE_NEWS, DEFAULT_SIMULATED_READERS, simulatedReaderClicks, type ChineseNewsOptions, type SimulatedReaders } from '../datasets/chinese-news';
import { buildCatalogueIndex } from '../index/catalogue-index';
import { evaluate, type MethodName, type MethodScores } from './evaluate';
import { DEFAULT_SPLIT_OPTIONS, splitInteractions } from './split';

/**
 * The sanity check on a Chinese catalogue the project writes (datasets/chinese-news.ts): the
 * MovieLens protocol (each reader's last 20% of clicks held out; cold start: the first 3 clicks
 * only), with and without co-engagement neighbours from the training clicks.
 */
export interface ChineseEvaluation {
  readonly items: number;
  readonly readers: number;
  readonly clicks: number;
  readonly parts: ReadonlyArray<{ readonly part: 'warm' | 'cold'; readonly neighbors: boolean; readonly users: number; readonly methods: Readonly<Record<string, MethodScores>> }>;
}

export function evaluateChineseNews(seed: number, catalogue: ChineseNewsOptions = DEFAULT_CHINESE_NEWS, readers: SimulatedReaders = DEFAULT_SIMULATED_READERS): ChineseEvaluation {
  const items = chineseNewsItems(seed, catalogue);
  const log = simulatedReaderClicks(items, seed + 1, readers);
  const standard = splitInteractions(log, DEFAULT_SPLIT_OPTIONS);
  const withNeighbors = withAggregates(items, itemAggregates(standard.train));
  const cold = splitInteractions(log, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: 3 });
  const parts: Array<ChineseEvaluation['parts'][number]> = [];
  for (const neighbors of [true, false]) {
    const index = buildCatalogueIndex(neighbors ? withNeighbors : withoutNeighbors(withNeighbors));
    const methods: MethodName[] = ['random', 'popularity', ...(neighbors ? ['itemknn' as const] : []), 'lexical', 'sift'];
    for (const [part, split] of [['warm', standard], ['cold', cold]] as const) {
      parts.push({ part, neighbors, users: split.users.length, methods: evaluate(index, split.users, methods, seed) });
    }
  }
  return { items: items.length, readers: readers.readers, clicks: log.length, parts };
}
