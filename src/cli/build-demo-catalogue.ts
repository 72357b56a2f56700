/**
 * Builds the bundled demo catalogue from MovieLens ml-latest-small:
 *   npm run catalog:demo [-- --data ../shared/datasets/movielens-latest-small --out public/catalog]
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { movieLensCatalogue } from '../core/datasets/movielens';
import { readMovieLens } from './read-movielens';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/movielens-latest-small' },
    out: { type: 'string', default: 'public/catalog' },
  },
});
const dataDir = resolve(values.data);
const outDir = resolve(values.out);

const data = readMovieLens(dataDir);
const catalogue = movieLensCatalogue(data, data.ratings);
mkdirSync(outDir, { recursive: true });
const target = join(outDir, 'movielens-demo.json');
// One item per line: readable diffs when the generator changes, still valid JSON.
const { items, ...header } = catalogue;
const body = items.map((item) => `  ${JSON.stringify(item)}`).join(',\n');
writeFileSync(target, `${JSON.stringify(header).slice(0, -1)},"items":[\n${body}\n]}\n`);
copyFileSync(join(dataDir, 'README.txt'), join(outDir, 'MOVIELENS-LICENSE.txt'));
const withNeighbors = items.filter((item) => item.neighbors !== undefined).length;
console.log(`wrote ${target}: ${items.length} items, ${withNeighbors} with neighbours`);
