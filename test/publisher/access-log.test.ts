import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import { seededRandom } from '../../src/core/random/seeded-random';
import { buildFromLogs, DEFAULT_LOG_BUILD_OPTIONS, type LogBuildOptions } from '../../src/publisher/build-from-logs';

/**
 * A blog with no analytics but its web server's access log: nginx/Apache combined format, rotated
 * and gzipped, with what real logs carry besides page views (bots, POSTs, 404s, static files,
 * lines that are not log lines, foreign paths). The same page views as a CSV log must give the
 * same popularity and neighbours.
 */
const SITE = 'https://blog.example.org';
const POSTS = 30;
const items: CatalogueItem[] = Array.from({ length: POSTS }, (_, i) => ({ id: `post-${i}`, title: `Post ${i}`, url: `${SITE}/${2026}/posts/${i}/`, tags: [`topic${i % 3}`] }));
const BROWSERS = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'];
const BOTS = ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'curl/8.5.0', 'python-requests/2.32', 'facebookexternalhit/1.1'];

interface View {
  readonly ip: string;
  readonly agent: string;
  readonly post: number;
  readonly at: number;
}

function clf(ip: string, at: number, request: string, status: number, agent: string): string {
  const d = new Date(at);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return `${ip} - - [${time}] "${request}" ${status} 5120 "https://www.google.com/" "${agent.replaceAll('"', '\\"')}"`;
}

/** 150 readers (IP and browser), each reading 4–8 posts of one topic; plus the noise a server logs. */
function generate(): { views: View[]; home: Array<Omit<View, 'post'>>; lines: string[] } {
  const random = seededRandom(11);
  const views: View[] = [];
  const home: Array<Omit<View, 'post'>> = [];
  const lines: string[] = [];
  let at = Date.UTC(2026, 10, 1, 8);
  for (let r = 0; r < 150; r += 1) {
    const ip = `10.${Math.floor(r / 200)}.${r % 200}.${1 + (r % 7)}`;
    const agent = BROWSERS[r % 2]!;
    const topic = r % 3;
    const count = 4 + Math.floor(random() * 5);
    const seen = new Set<number>();
    while (seen.size < count) seen.add(topic + 3 * Math.floor(random() * (POSTS / 3)));
    for (const post of seen) {
      at += 30_000;
      views.push({ ip, agent, post, at });
      const query = random() < 0.3 ? '?utm_source=newsletter' : '';
      lines.push(clf(ip, at, `GET /2026/posts/${post}/${query} HTTP/2.0`, random() < 0.2 ? 304 : 200, agent));
      lines.push(clf(ip, at + 100, `GET /wp-content/themes/x/style.css?ver=6 HTTP/2.0`, 200, agent));
      lines.push(clf(ip, at + 120, `GET /wp-content/uploads/${post}.jpg HTTP/2.0`, 200, agent));
    }
    // A comment posted, a page that is gone, the home page (a foreign path).
    lines.push(clf(ip, at + 500, 'POST /wp-comments-post.php HTTP/2.0', 302, agent));
    lines.push(clf(ip, at + 600, '/GET /2026/posts/999/ HTTP/2.0'.slice(1), 404, agent));
    lines.push(clf(ip, at + 700, 'GET / HTTP/2.0', 200, agent));
    home.push({ ip, agent, at: at + 700 });
  }
  // Bots read everything; a TLS handshake on the HTTP port; lines that are not log lines.
  for (const bot of BOTS) for (let post = 0; post < POSTS; post += 1) lines.push(clf('66.249.66.1', at + post, `GET /2026/posts/${post}/ HTTP/1.1`, 200, bot));
  lines.push(clf('45.1.2.3', at, '\\x16\\x03\\x01\\x02\\x00', 400, '-'));
  lines.push('not a log line at all');
  return { views, home, lines };
}

let dir: string;
let generated: ReturnType<typeof generate>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-access-'));
  generated = generate();
  const half = Math.floor(generated.lines.length / 2);
  // Rotated as logrotate leaves them: the newest plain, the older gzipped.
  writeFileSync(join(dir, 'access.log.1.gz'), gzipSync(`${generated.lines.slice(0, half).join('\n')}\n`));
  writeFileSync(join(dir, 'access.log'), `${generated.lines.slice(half).join('\n')}\n`);
  writeFileSync(join(dir, 'items.jsonl'), items.map((item) => JSON.stringify(item)).join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (extra: Partial<LogBuildOptions>): LogBuildOptions => ({
  ...DEFAULT_LOG_BUILD_OPTIONS,
  inputs: [],
  tune: false,
  cooccurrence: { ...DEFAULT_LOG_BUILD_OPTIONS.cooccurrence, minItemSupport: 1, minPairUsers: 3 },
  ...extra,
});

describe('neighbours from a web server access log (--format access-log)', () => {
  it('keeps the readers\' page views only, and counts what it dropped', async () => {
    const { report } = await buildFromLogs(items, options({ format: 'access-log', inputs: [join(dir, 'access.log*')] }));
    const access = report.log.accessLog!;
    const views = generated.views.length;
    expect(access).toEqual({
      lines: generated.lines.length,
      malformed: 1,
      bots: BOTS.length * POSTS + 1,
      notGet: 150,
      errorStatus: 150,
      staticFiles: 2 * views,
      views: views + 150,
    });
    expect(report.log.files).toBe(2);
    expect(report.log.users).toBe(150);
    // The home page is a foreign path: counted as unmatched, not as an item.
    expect(report.log.matchedRows).toBe(views);
    expect(report.log.topUnmatched).toEqual([{ key: 'blog.example.org', rows: 150 }]);
  }, 60_000);

  it('gives the popularity and neighbours the same views give as a CSV log (parity)', async () => {
    // The reader as the CSV's user: IP and browser together, quoted (a user agent has commas).
    // The same page views: the posts, and each reader's visit to the home page.
    const csv = generated.views.map((v) => `"${v.ip}|${v.agent}",${SITE}/2026/posts/${v.post}/,${v.at}`);
    for (const home of generated.home) csv.push(`"${home.ip}|${home.agent}",${SITE}/,${home.at}`);
    writeFileSync(join(dir, 'views.csv'), `user,page,timestamp\n${csv.join('\n')}\n`);
    const fromAccess = await buildFromLogs(items, options({ format: 'access-log', inputs: [join(dir, 'access.log'), join(dir, 'access.log.1.gz')] }));
    const fromCsv = await buildFromLogs(items, options({ inputs: [join(dir, 'views.csv')], columns: { item: 'page' }, itemKey: { kind: 'url' } }));
    expect(Object.fromEntries(fromAccess.aggregates.popularity)).toEqual(Object.fromEntries(fromCsv.aggregates.popularity));
    expect(items.every((item) => (fromAccess.aggregates.popularity.get(item.id) ?? 0) > 0)).toBe(true);
    expect(Object.fromEntries(fromAccess.aggregates.neighbors)).toEqual(Object.fromEntries(fromCsv.aggregates.neighbors));
    expect(fromAccess.aggregates.neighbors.size).toBeGreaterThan(20);
    // Neighbours stay within a topic, as the readers did.
    for (const [id, list] of fromAccess.aggregates.neighbors) for (const other of list) expect(Number(other.split('-')[1]) % 3).toBe(Number(id.split('-')[1]) % 3);
  }, 60_000);

  it('from the command line: no IP, user agent or session reaches the catalogue; a bad combination is refused', () => {
    const out = join(dir, 'catalog.json');
    const built = spawnSync('npx', ['tsx', 'src/cli/catalog.ts', 'build', join(dir, 'items.jsonl'), '--out', out, '--no-vectors', '--interactions', join(dir, 'access.log*'), '--format', 'access-log', '--min-users', '3'], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/access log: \d[\d,]* lines, [\d,]+ page views kept; dropped 121 from bots, 150 not GET, 150 error statuses, [\d,]+ static files, 1 malformed/);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"neighbors"');
    expect(text).not.toMatch(/10\.0\.|66\.249|Mozilla|Googlebot|[0-9a-f]{64}/);
    const refused = spawnSync('npx', ['tsx', 'src/cli/catalog.ts', 'build', join(dir, 'items.jsonl'), '--out', join(dir, 'x.json'), '--no-vectors', '--interactions', join(dir, 'access.log'), '--format', 'access-log', '--columns', 'user=ip'], { encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^catalog build: an access log has no columns to map/);
  }, 120_000);
});
