import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { movieLensCatalogue } from '../../src/core/datasets/movielens';
import { readMovieLens } from '../../src/cli/read-movielens';

const committed = readFileSync('public/catalog/movielens-demo.json', 'utf8');
const dataset = '../shared/datasets/movielens-latest-small';

describe('the bundled demo catalogue', () => {
  it('is a valid Sift catalogue with every item kept and the licence note beside it', () => {
    const parsed = parseCatalogueText(committed);
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.skippedCount).toBe(0);
    expect(parsed.catalogue.items.length).toBe(9742);
    expect(parsed.catalogue.items.filter((item) => (item.neighbors?.length ?? 0) > 0).length).toBeGreaterThan(2000);
    expect(readFileSync('public/catalog/MOVIELENS-LICENSE.txt', 'utf8')).toContain('Usage License');
  });

  it.runIf(existsSync(dataset))('is what the generator makes from ../shared today (regenerate with npm run catalog:demo)', () => {
    const data = readMovieLens(dataset);
    const fresh = movieLensCatalogue(data, data.ratings);
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(fresh)));
  });
});
