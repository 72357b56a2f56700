import { evaluateChineseNews } from '../core/eval/chinese';

/** `npm run eval -- --chinese`: Sift on the project's generated Chinese news catalogue and readers. */
export function runChineseEval(options: { readonly json: boolean; readonly seed: number }): void {
  const started = performance.now();
  const result = evaluateChineseNews(options.seed);
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    console.log(JSON.stringify({ dataset: 'chinese-news (generated)', seconds: Number(seconds.toFixed(1)), ...result }));
    return;
  }
  console.log(`Data: a Chinese news catalogue and readers written by the project (src/core/datasets/chinese-news.ts, seed ${options.seed}): a sanity check, not a quality claim`);
  console.log(`${result.items} headlines in 12 categories, ${result.readers} simulated readers, ${result.clicks} clicks; NDCG@10`);
  const methods = ['random', 'popularity', 'itemknn', 'lexical', 'sift'];
  console.log(`| part | neighbours | users | ${methods.join(' | ')} | sift ÷ popularity |`);
  console.log(`|---|---|---:|${methods.map(() => '---:').join('|')}|---:|`);
  for (const { part, neighbors, users, methods: scores } of result.parts) {
    const cell = (method: string): string => (scores[method] === undefined ? '–' : scores[method]['ndcg@10'].toFixed(4));
    const ratio = scores.sift!['ndcg@10'] / Math.max(1e-9, scores.popularity!['ndcg@10']);
    console.log(`| ${part === 'warm' ? 'warm (last 20% held out)' : 'cold start (first 3 clicks)'} | ${neighbors ? 'yes' : 'no'} | ${users} | ${methods.map(cell).join(' | ')} | ${ratio.toFixed(2)}× |`);
  }
  console.log(`(${seconds.toFixed(1)} s)`);
}
