import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { NO_RERANK, rankCatalogue } from '../../src/core/rank/rank-catalogue';
import { buildCatalogueIndex, featureSourceOf, withRanking } from '../../src/core/index/catalogue-index';
import { InterestProfile } from '../../src/core/profile/interest-profile';

const committed = readFileSync('public/catalog/movielens-demo.json', 'utf8');
const dataset = '../shared/datasets/movielens-latest-small';
const scratch = mkdtempSync(join(tmpdir(), 'sift-demo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm run catalog:demo`, the command in package.json, run with its output redirected. */
function runDemoCommand(extra: readonly string[]): ReturnType<typeof spawnSync> {
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['catalog:demo']!;
  const command = script
    .replace('--out public/catalog/movielens-demo.json', `--out ${join(scratch, 'demo.json')}`)
    .replace('src/cli/movielens-items.ts', `src/cli/movielens-items.ts --licence-to ${scratch}`);
  return spawnSync('bash', ['-c', `${command} ${extra.join(' ')}`], { encoding: 'utf8' });
}

interface DemoFile { readonly ranking?: unknown; readonly items: readonly unknown[] }

describe('the bundled demo catalogue', () => {
  it('is a valid Sift catalogue with every item kept, tuned priors, and the licence note beside it', () => {
    const parsed = parseCatalogueText(committed);
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.skippedCount).toBe(0);
    expect(parsed.rankingIssues).toEqual([]);
    expect(parsed.catalogue.items.length).toBe(9742);
    expect(parsed.catalogue.items.filter((item) => (item.neighbors?.length ?? 0) > 0).length).toBeGreaterThan(1500);
    expect(Object.keys(parsed.catalogue.ranking!.warm).sort()).toEqual(['disliked', 'freshness', 'interest', 'listedBy', 'neighbors', 'popularity', 'session']);
    expect(readFileSync('public/catalog/MOVIELENS-LICENSE.txt', 'utf8')).toContain('Usage License');
  });

  it('a like on the demo catalogue moves the film\'s neighbours up under its published priors', () => {
    const parsed = parseCatalogueText(committed);
    if (parsed.kind !== 'ok') throw new Error('invalid demo catalogue');
    const index = withRanking(buildCatalogueIndex(parsed.catalogue.items), parsed.catalogue.ranking ?? null);
    const profile = new InterestProfile();
    profile.apply({ kind: 'like', itemId: 'ml-1', at: Date.UTC(2020, 0, 1) }, featureSourceOf(index));
    const top = rankCatalogue(index, profile, { limit: 10, now: Date.UTC(2020, 0, 2), rerank: NO_RERANK }).map((r) => r.itemId);
    const toyStory = parsed.catalogue.items.find((item) => item.id === 'ml-1')!;
    expect(top.filter((id) => toyStory.neighbors!.includes(id)).length).toBeGreaterThanOrEqual(3);
  });

  it.runIf(existsSync(dataset))('is what `npm run catalog:demo` makes from ../shared today (items, popularity, neighbours)', () => {
    const result = runDemoCommand(['--no-tune']);
    expect(result.status, String(result.stderr)).toBe(0);
    const fresh = JSON.parse(readFileSync(join(scratch, 'demo.json'), 'utf8')) as DemoFile;
    const { ranking: _tuned, ...rest } = JSON.parse(committed) as DemoFile;
    expect(fresh.ranking).toBeUndefined();
    // Compared a part at a time: a diff of the whole 3 MB file is too big for vitest to print.
    const { items: freshItems, ...freshHeader } = fresh;
    const { items: committedItems, ...committedHeader } = rest;
    expect(freshHeader).toEqual(committedHeader);
    expect(freshItems.length).toBe(committedItems.length);
    const firstDifferent = freshItems.findIndex((item, i) => JSON.stringify(item) !== JSON.stringify(committedItems[i]));
    if (firstDifferent >= 0) expect(freshItems[firstDifferent]).toEqual(committedItems[firstDifferent]);
    expect(fresh).toEqual(rest);
  }, 120_000);
});
