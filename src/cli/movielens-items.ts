/**
 * The demo catalogue's items from MovieLens (titles, genres and user tags, links, years), as
 * JSON Lines for the catalogue builder; popularity, neighbours and priors then come from the
 * ratings through `npm run catalog -- build --interactions`, as for any site (`npm run catalog:demo`).
 *   tsx src/cli/movielens-items.ts [--data DIR] [--out build/movielens-items.jsonl] [--licence-to public/catalog]
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { movieLensItems } from '../core/datasets/movielens';
import { readMovieLensOrExit } from './read-movielens';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/movielens-latest-small' },
    out: { type: 'string', default: 'build/movielens-items.jsonl' },
    'licence-to': { type: 'string', default: 'public/catalog' },
  },
});
const dataDir = resolve(values.data);
const { data } = readMovieLensOrExit(dataDir);
const items = movieLensItems(data, data.ratings);
const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
// GroupLens' terms travel with anything derived from the data.
if (existsSync(join(dataDir, 'README.txt'))) {
  mkdirSync(resolve(values['licence-to']), { recursive: true });
  copyFileSync(join(dataDir, 'README.txt'), join(resolve(values['licence-to']), 'MOVIELENS-LICENSE.txt'));
}
console.error(`wrote ${out}: ${items.length} items`);
