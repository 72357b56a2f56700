import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { buildFromLogs, DEFAULT_LOG_BUILD_OPTIONS, type LogBuildOptions } from '../../src/publisher/build-from-logs';
import { buildCatalogue } from '../../src/publisher/catalogue-builder';
import { matchFix } from '../../src/publisher/log-match';
import { PublisherError } from '../../src/publisher/publisher-error';

/**
 * The news site of issue 29: a WordPress feed (ids from <guid>, …/?p=N) and page-view logs keyed
 * by the address the reader's browser had: tracking parameters, fragments, www and http variants,
 * relative paths, and two formats (a CSV access export and a JSON Lines analytics export).
 */
const SITE = 'https://news.example.com';
const ARTICLES = 40;
const slug = (i: number): string => `/2026/05/story-${i}/`;

function feedXml(): string {
  const items = Array.from({ length: ARTICLES }, (_, i) =>
    `<item><title>Story ${i} &#8211; what&#8217;s next</title><link>${SITE}${slug(i)}</link><guid isPermaLink="false">${SITE}/?p=${1000 + i}</guid><pubDate>Mon, 04 May 2026 08:00:00 GMT</pubDate><description>About ${i}.</description></item>`,
  ).join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>${SITE}</link><language>en</language>\n${items}\n</channel></rss>`;
}

/** Reader r views stories r%4 … (each topic of four readers shares stories); written as a browser would. */
function views(): Array<{ reader: string; story: number; at: number }> {
  const rows: Array<{ reader: string; story: number; at: number }> = [];
  for (let r = 0; r < 120; r += 1) for (let e = 0; e < 6; e += 1) rows.push({ reader: `r${r}`, story: ((r % 8) * 5 + e) % ARTICLES, at: 1_777_000_000 + r * 600 + e * 60 });
  return rows;
}

const VARIANTS = [
  (s: string) => `${SITE}${s}?utm_source=newsletter&utm_medium=email`,
  (s: string) => `http://www.news.example.com${s}#comments`,
  (s: string) => `${SITE}${s.replace(/\/$/, '')}?fbclid=IwAR0`,
  (s: string) => `HTTPS://NEWS.EXAMPLE.COM${s}`,
];

let dir: string;
let items: CatalogueItem[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-url-logs-'));
  writeFileSync(join(dir, 'feed.xml'), feedXml());
  const all = views();
  // Half the views from the CSV export (absolute URLs), half from the JSON Lines one (relative paths, its own column names).
  writeFileSync(join(dir, 'views.csv'), `user,page,timestamp\n${all.filter((_, i) => i % 2 === 0).map((v, i) => `${v.reader},${VARIANTS[i % VARIANTS.length]!(slug(v.story))},${v.at}`).join('\n')}\n`);
  writeFileSync(join(dir, 'app.jsonl'), all.filter((_, i) => i % 2 === 1).map((v) => JSON.stringify({ visitor: v.reader, path: `${slug(v.story)}?utm_campaign=app`, ts: new Date(v.at * 1000).toISOString() })).join('\n'));
  await buildCatalogue({ input: join(dir, 'feed.xml'), out: join(dir, 'plain.json'), model: null, dtype: 'int8' });
  const parsed = parseCatalogueText(readFileSync(join(dir, 'plain.json'), 'utf8'));
  if (parsed.kind !== 'ok') throw new Error('feed did not build');
  items = [...parsed.catalogue.items];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (extra: Partial<LogBuildOptions>): LogBuildOptions => ({
  ...DEFAULT_LOG_BUILD_OPTIONS,
  inputs: [join(dir, 'views.csv'), join(dir, 'app.jsonl')],
  columns: { user: 'user|visitor', item: 'page|path', timestamp: 'timestamp|ts' },
  tune: false,
  cooccurrence: { ...DEFAULT_LOG_BUILD_OPTIONS.cooccurrence, minItemSupport: 1, minPairUsers: 3 },
  ...extra,
});

describe('logs keyed by page address (--item-key url)', () => {
  it('the feed keys items by <guid>, so the URLs are what must match', () => {
    expect(items[0]).toMatchObject({ id: `${SITE}/?p=1000`, url: `${SITE}${slug(0)}`, title: 'Story 0 – what’s next' });
  });

  it('a CSV and a JSON Lines log, every address variant, give every view to its story', async () => {
    const { aggregates, report } = await buildFromLogs(items, options({ itemKey: { kind: 'url' } }));
    expect(report.log).toMatchObject({ files: 2, rows: 720, badRows: 0, validRows: 720, matchedRows: 720, site: SITE, topUnmatched: [] });
    expect(report.unknownItems).toBe(0);
    // Expected popularity: distinct readers per story, straight from the generator.
    const expected = new Map<string, Set<string>>();
    for (const v of views()) {
      const id = `${SITE}/?p=${1000 + v.story}`;
      if (!expected.has(id)) expected.set(id, new Set());
      expected.get(id)!.add(v.reader);
    }
    expect(Object.fromEntries(aggregates.popularity)).toEqual(Object.fromEntries([...expected].map(([id, readers]) => [id, readers.size])));
    expect(report.aggregates.itemsWithNeighbors).toBeGreaterThan(0);
  }, 60_000);

  it('an unmatched address is counted under its canonical form and named', async () => {
    writeFileSync(join(dir, 'extra.csv'), `user,page,timestamp\n${Array.from({ length: 30 }, (_, i) => `x${i},${SITE}/about/?utm_source=x,1777000000`).join('\n')}\n`);
    const { report } = await buildFromLogs(items, options({ itemKey: { kind: 'url' }, inputs: [join(dir, 'views.csv'), join(dir, 'app.jsonl'), join(dir, 'extra.csv')] }));
    expect(report.log.topUnmatched).toEqual([{ key: 'news.example.com/about', rows: 30 }]);
    expect(report.unknownItems).toBe(1);
  }, 60_000);

  it('keyed by id (the default), the same log is refused, naming its keys and --item-key url', async () => {
    const error = await buildFromLogs(items, options({})).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublisherError);
    const problem = (error as PublisherError).problem;
    expect(problem.kind).toBe('log-does-not-match');
    expect((error as PublisherError).message).toMatch(/^only 0 of 720 log rows \(0\.00%\) name a catalogue item, under the 1\.0% needed \(--min-match\); most frequent unmatched: .*story-.* \(\d+\).*--item-key url\. Nothing was written$/);
  }, 60_000);

  it('the fix named fits the keys: a prefix, a missing url, relative paths without a site, another host', () => {
    const catalogue = [{ id: 'movie-12' }, { id: 'movie-13' }, { id: 'movie-14' }];
    expect(matchFix(['12', '13'], catalogue, { kind: 'id' }, null)).toContain('--item-prefix movie-');
    expect(matchFix(['/a/b'], catalogue, { kind: 'id' }, null)).toContain('--fields url=permalink');
    expect(matchFix(['/a/b'], catalogue, { kind: 'url' }, null)).toContain('no url');
    const withUrls = [{ id: '1', url: `${SITE}/a` }];
    expect(matchFix(['other.example/a'], withUrls, { kind: 'url' }, SITE)).toContain('other.example');
    expect(matchFix(['zzz'], catalogue, { kind: 'id' }, null)).toContain('--columns item=NAME');
  });

  it('from the command line: a mismatched log exits 2 and writes nothing; --item-key url builds it', () => {
    const base = ['tsx', 'src/cli/catalog.ts', 'build', join(dir, 'feed.xml'), '--no-vectors', '--interactions', join(dir, 'views.csv'), '--interactions', join(dir, 'app.jsonl'), '--columns', 'user=user|visitor,item=page|path,timestamp=timestamp|ts'];
    const refused = spawnSync('npx', [...base, '--out', join(dir, 'refused')], { encoding: 'utf8' });
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/^catalog build: only 0 of 720 log rows .*--item-key url/m);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
    const built = spawnSync('npx', [...base, '--out', join(dir, 'built'), '--item-key', 'url'], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toContain(`keyed by URL (relative paths on ${SITE}): 720 of 720 rows name a catalogue item`);
    expect(built.stdout).toContain(`popularity for ${ARTICLES} items`);
  }, 120_000);

  it('priors that validate at 0 are never written: the defaults stay, and the report says why', async () => {
    // 60 readers share three stories, then each reads one story nobody else read (held out):
    // nothing in the validation catalogue can rank it, so every weighting scores 0.
    const rows: string[] = [];
    for (let r = 0; r < 60; r += 1) {
      for (let e = 0; e < 3; e += 1) rows.push(`r${r},${SITE}${slug(e)},${1_777_000_000 + r * 600 + e * 60}`);
      rows.push(`r${r},${SITE}/solo/${r}/,${1_777_000_000 + r * 600 + 300}`);
    }
    writeFileSync(join(dir, 'solo.csv'), `user,page,timestamp\n${rows.join('\n')}\n`);
    const solo: CatalogueItem[] = [...items.slice(0, 3), ...Array.from({ length: 60 }, (_, r) => ({ id: `solo-${r}`, title: `Q${r}x${r * 7}`, url: `${SITE}/solo/${r}/`, tags: [] }))];
    const { priors, report } = await buildFromLogs(solo, { ...options({ itemKey: { kind: 'url' }, inputs: [join(dir, 'solo.csv')] }), tune: true });
    expect(priors).toBeNull();
    expect(report.tuning).toMatchObject({ kind: 'skipped' });
    expect(report.tuning.kind === 'skipped' && report.tuning.reason).toMatch(/^validation found nothing to tune on \(NDCG@10 warm 0\.0000/);
  }, 60_000);
});
