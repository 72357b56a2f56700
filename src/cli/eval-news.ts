import { basename } from 'node:path';
import { exposureCounts, historyReads, mindItems, type MindData } from '../core/datasets/mind';
import { IMPRESSION_METRICS } from '../core/eval/impression-metrics';
import { evaluateNews, NEWS_METHODS, newsScorer, siftScorer, type NewsEvaluationInput, type NewsScores } from '../core/eval/news';
import { buildCatalogueIndex, withVectors } from '../core/index/catalogue-index';
import { quantizeInt8 } from '../core/vectors/item-vectors';
import { encodeWithUseLite, USE_LITE_MODEL } from '../publisher/use-lite-encoder';
import { readMindOrExit } from './read-mind';
import { terminalProgress } from './progress';

export interface NewsEvalOptions {
  readonly dir: string;
  readonly json: boolean;
  readonly seed: number;
  readonly vectors: 'none' | 'use-lite';
}

/** The text a news item is embedded from: its title and abstract. */
export function newsText(news: MindData['news'][number]): string {
  return news.abstract === '' ? news.title : `${news.title}. ${news.abstract}`;
}

/** `npm run eval -- --data <a MIND folder>`: the table (or --json), on MIND's protocol. */
export async function runNewsEval(options: NewsEvalOptions): Promise<void> {
  const started = performance.now();
  const { data, description } = readMindOrExit(options.dir);
  const exposure = exposureCounts(data.impressions);
  // The catalogue as the site would publish it: popularity from reads (the histories), not from exposure.
  const index = buildCatalogueIndex(mindItems(data, historyReads(data.impressions)));
  const input: NewsEvaluationInput = {
    index,
    impressions: data.impressions,
    exposure,
    categoryOf: new Map(data.news.map((news) => [news.id, news.category])),
    seed: options.seed,
  };
  const results: Record<string, NewsScores> = {};
  for (const method of NEWS_METHODS) results[method] = evaluateNews(input, newsScorer(input, method));
  let vectorSeconds: number | null = null;
  if (options.vectors === 'use-lite') {
    const t0 = performance.now();
    const progress = terminalProgress(!options.json && process.stderr.isTTY === true);
    const encoded = await encodeWithUseLite(data.news.map(newsText), {
      onProgress: (done, total) => progress.report('embedding news with use-lite', done, total, 'items'),
    });
    progress.stop();
    vectorSeconds = (performance.now() - t0) / 1000;
    // int8 rows, as the app ranks them.
    const withSemantic = withVectors(index, quantizeInt8(encoded.rows, encoded.dim, { kernels: 'js' }), USE_LITE_MODEL);
    results['sift+vectors'] = evaluateNews({ ...input, index: withSemantic }, siftScorer(withSemantic, undefined));
  }
  const seconds = (performance.now() - started) / 1000;
  const dataset = basename(options.dir);
  if (options.json) {
    console.log(JSON.stringify({ dataset, kind: 'mind', impressions: data.impressions.length, news: data.news.length, vectors: options.vectors, seconds: Number(seconds.toFixed(1)), methods: results }));
    return;
  }
  console.log(`Data: ${description}`);
  const averaged = results.sift!.impressions;
  console.log(`${dataset}, MIND protocol: ${averaged} impressions with a click and a non-click, every candidate scored, history replayed as opens; x100, ± standard error`);
  console.log(`| method | ${IMPRESSION_METRICS.join(' | ')} |`);
  console.log(`|---|${IMPRESSION_METRICS.map(() => '---:').join('|')}|`);
  for (const [method, r] of Object.entries(results)) {
    console.log(`| ${method} | ${IMPRESSION_METRICS.map((m) => `${(100 * r[m]).toFixed(1)} ± ${(100 * r.se[m]).toFixed(1)}`).join(' | ')} |`);
  }
  console.log(`(${seconds.toFixed(1)} s${vectorSeconds === null ? '' : `, ${vectorSeconds.toFixed(1)} s of it for vectors`})`);
}
