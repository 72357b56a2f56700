import { basename } from 'node:path';
import { exposureCounts, historyReads, mindItems, type MindData } from '../core/datasets/mind';
import { IMPRESSION_METRICS } from '../core/eval/impression-metrics';
import { evaluateNews, NEWS_METHODS, newsScorer, siftScorer, type NewsEvaluationInput, type NewsScores } from '../core/eval/news';
import { impressionHalves, scoreWithSemantic, tuneSemanticOnImpressions } from '../core/eval/news-semantic';
import { buildCatalogueIndex, withVectors, type CatalogueIndex } from '../core/index/catalogue-index';
import { DEFAULT_SIGNAL_WEIGHTS } from '../core/rank/priors';
import { quantizeInt8 } from '../core/vectors/item-vectors';
import { encodeWithUseLite, USE_LITE_MODEL } from '../publisher/use-lite-encoder';
import { readMindOrExit } from './read-mind';
import { terminalProgress } from './progress';

export interface NewsEvalOptions {
  readonly dir: string;
  readonly json: boolean;
  readonly seed: number;
  readonly vectors: 'none' | 'use-lite';
  /** With vectors: the semantic weight tuned on half the readers' impressions and scored on the other half's, both ways. */
  readonly tuneSemantic: boolean;
}

/** One half's figures: the weight tuned on the other half, and AUC on this half without vectors, at Sift's default and at that weight. */
interface SemanticHalfRow {
  readonly testedOn: 'a' | 'b';
  readonly impressions: number;
  readonly tunedWeight: number;
  readonly bestOnOtherHalf: number;
  /** AUC on this half without vectors, at Sift's weight, at the tuned weight, and at the other half's best (what tuning without the rule would publish). */
  readonly auc: { readonly sift: MeanSe; readonly defaults: MeanSe; readonly tuned: MeanSe; readonly best: MeanSe };
}

interface MeanSe {
  readonly mean: number;
  readonly se: number;
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
  let semanticRows: SemanticHalfRow[] | null = null;
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
    if (options.tuneSemantic) semanticRows = semanticSplitHalf({ ...input, index: withSemantic }, index, options.seed);
  }
  const seconds = (performance.now() - started) / 1000;
  const dataset = basename(options.dir);
  if (options.json) {
    console.log(JSON.stringify({ dataset, kind: 'mind', impressions: data.impressions.length, news: data.news.length, vectors: options.vectors, seconds: Number(seconds.toFixed(1)), methods: results, ...(semanticRows === null ? {} : { semantic: semanticRows }) }));
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
  if (semanticRows !== null) {
    const auc = (value: MeanSe): string => `${(100 * value.mean).toFixed(1)} ± ${(100 * value.se).toFixed(1)}`;
    console.log(`\nsemantic tuned on one half of the readers (AUC, 1-SE rule towards ${DEFAULT_SIGNAL_WEIGHTS.semantic}), scored on the other half; AUC x100`);
    console.log('| tested on | impressions | sift, no vectors | sift+vectors, semantic 0.2 | semantic tuned on the other half | tuned − 0.2 | the other half\'s best weight, without the rule |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const row of semanticRows) {
      const delta = (value: MeanSe): string => (100 * (value.mean - row.auc.defaults.mean)).toFixed(1);
      console.log(
        `| half ${row.testedOn} | ${row.impressions} | ${auc(row.auc.sift)} | ${auc(row.auc.defaults)} | ${row.tunedWeight}: ${auc(row.auc.tuned)} | ${delta(row.auc.tuned)} | ${row.bestOnOtherHalf}: ${auc(row.auc.best)} (${delta(row.auc.best)}) |`,
      );
    }
  }
  console.log(`(${seconds.toFixed(1)} s${vectorSeconds === null ? '' : `, ${vectorSeconds.toFixed(1)} s of it for vectors`})`);
}

/** The semantic weight tuned on each half of the readers and scored on the other (the MovieLens split-half's question, on news). */
function semanticSplitHalf(input: NewsEvaluationInput, withoutVectors: CatalogueIndex, seed: number): SemanticHalfRow[] {
  const halves = impressionHalves(input.impressions, seed);
  return (['a', 'b'] as const).map((testedOn, h) => {
    const tested = { ...input, impressions: halves[h]! };
    const tuning = tuneSemanticOnImpressions({ ...input, impressions: halves[1 - h]! });
    const meanSe = (scores: NewsScores): MeanSe => ({ mean: scores.auc, se: scores.se.auc });
    return {
      testedOn,
      impressions: halves[h]!.length,
      tunedWeight: tuning.weight,
      bestOnOtherHalf: tuning.best,
      auc: {
        sift: meanSe(evaluateNews({ ...tested, index: withoutVectors }, siftScorer(withoutVectors, undefined))),
        defaults: meanSe(scoreWithSemantic(tested, DEFAULT_SIGNAL_WEIGHTS.semantic)),
        tuned: meanSe(scoreWithSemantic(tested, tuning.weight)),
        best: meanSe(scoreWithSemantic(tested, tuning.best)),
      },
    };
  });
}
