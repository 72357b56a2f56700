import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { chineseNewsItems, simulatedReaderClicks } from '../../src/core/datasets/chinese-news';
import { buildCatalogue } from '../../src/publisher/catalogue-builder';
import { DEFAULT_LOG_BUILD_OPTIONS } from '../../src/publisher/build-from-logs';
import { distWith, openBrowser, removeProfileDir, screenshot, serveDist, widgetFrame, widgetHostPage, type StaticServer } from './harness';

/**
 * The Chinese news site of issue 29, set up as the docs say: a WordPress-style RSS feed in
 * Chinese (ids from <guid>, entities in titles, pictures as enclosures, categories as tags), a
 * page-view CSV and an app's JSON Lines log keyed by address, `catalog build --item-key url`, and
 * the widget in Chinese on another origin. Two likes of breakfast articles move it to food.
 */
const SITE = 'https://news.example.cn';
const items = chineseNewsItems(3, { items: 120, days: 20, end: Date.UTC(2026, 10, 30), site: SITE });
const postOf = new Map(items.map((item, i) => [item.id, 1000 + i]));
const categoryOfPost = new Map(items.map((item, i) => [`${SITE}/?p=${1000 + i}`, item.tags[0]!]));

function feedXml(): string {
  const entries = items.map(
    (item) => `<item><title>${item.title.replace('：', '&#65306;')}</title><link>${item.url}</link><guid isPermaLink="false">${SITE}/?p=${postOf.get(item.id)}</guid>
<pubDate>${new Date(item.published_at!).toUTCString()}</pubDate><category>${item.tags[0]}</category><category>${item.tags[1]}</category>
<description><![CDATA[<p>${item.summary!.slice(0, 6)}<em>${item.summary!.slice(6)}</em></p>]]></description>
<enclosure url="${SITE}/img/${item.id}.jpg" type="image/jpeg" length="1000"/></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>河城新闻</title><link>${SITE}</link><language>zh-CN</language>\n${entries.join('\n')}\n</channel></rss>`;
}

function writeLogs(dir: string): string[] {
  const clicks = simulatedReaderClicks(items, 4, { readers: 300, minClicks: 5, extraClicks: 6, focus: 0.8 });
  const url = new Map(items.map((item) => [item.id, item.url!]));
  const csv = clicks.filter((_, i) => i % 2 === 0).map((c, i) => `v${c.user},${url.get(c.item)}${i % 3 === 0 ? '?utm_source=weixin' : ''},${c.at}`);
  writeFileSync(join(dir, 'views.csv'), `user,page,timestamp\n${csv.join('\n')}\n`);
  const jsonl = clicks.filter((_, i) => i % 2 === 1).map((c) => JSON.stringify({ visitor: `v${c.user}`, path: new URL(url.get(c.item)!).pathname, ts: c.at }));
  writeFileSync(join(dir, 'app.jsonl'), `${jsonl.join('\n')}\n`);
  return [join(dir, 'views.csv'), join(dir, 'app.jsonl')];
}

interface WidgetCard {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
  readonly kind: string;
}

async function widgetCards(page: Page): Promise<WidgetCard[]> {
  const frame = widgetFrame(page);
  if (frame === undefined) return [];
  return frame
    .$$eval('[data-testid=widget-item]', (all) =>
      all.map((item) => ({
        id: item.getAttribute('data-item-id') ?? '',
        title: item.querySelector('.title')?.textContent?.trim() ?? '',
        reason: item.querySelector('.reason')?.textContent?.trim() ?? '',
        kind: item.querySelector('.reason')?.getAttribute('data-kind') ?? '',
      })),
    )
    .catch(() => []);
}

describe('a Chinese news site, set up from the docs', () => {
  let sift: StaticServer;
  let host: StaticServer;
  let work: string;
  let siftRoot: string;
  let catalogue: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sift-zh-site-'));
    writeFileSync(join(work, 'feed.xml'), feedXml());
    const logs = writeLogs(work);
    await buildCatalogue({
      input: join(work, 'feed.xml'),
      out: join(work, 'zh.json'),
      id: 'zh-news',
      model: null,
      dtype: 'int8',
      interactions: { ...DEFAULT_LOG_BUILD_OPTIONS, inputs: logs, columns: { user: 'user|visitor', item: 'page|path', timestamp: 'timestamp|ts' }, itemKey: { kind: 'url' }, tune: false },
    });
    catalogue = readFileSync(join(work, 'zh.json'), 'utf8');
    siftRoot = distWith(new Map([['catalog/zh.json', catalogue]]));
    sift = (await startStaticServer({ root: siftRoot })) as StaticServer;
    const hostRoot = join(work, 'host');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(hostRoot);
    writeFileSync(join(hostRoot, 'index.html'), widgetHostPage(sift.url, `catalog="${sift.url}catalog/zh.json" count="6" lang="zh"`).replace('<html lang="en">', '<html lang="zh-CN">'));
    host = (await startStaticServer({ root: hostRoot })) as StaticServer;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([sift?.close(), host?.close()]);
    rmSync(siftRoot, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('the catalogue is Chinese, clean, pictured and keyed to its log', () => {
    const parsed = parseCatalogueText(catalogue);
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.catalogue.language).toBe('zh-CN');
    const first = parsed.catalogue.items[0]!;
    expect(first.id).toBe(`${SITE}/?p=1000`);
    expect(first.image).toBe(`${SITE}/img/${items[0]!.id}.jpg`);
    expect(first.summary).toBe(items[0]!.summary);
    expect(parsed.catalogue.items.every((item) => !/&#|<|>/.test(`${item.title}${item.summary ?? ''}`))).toBe(true);
    expect(parsed.catalogue.items.filter((item) => (item.popularity ?? 0) > 0).length).toBeGreaterThan(100);
    expect(parsed.catalogue.items.filter((item) => (item.neighbors ?? []).length > 0).length).toBeGreaterThan(50);
  });

  it('two likes of breakfast articles move the widget to food, every card with a reason in Chinese', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const food = (cards: readonly WidgetCard[]): number => cards.filter((card) => categoryOfPost.get(card.id) === '美食').length;
    try {
      await page.goto(host.url);
      await expect.poll(() => widgetCards(page).then((cards) => cards.length), { timeout: 60_000 }).toBe(6);
      const cold = await widgetCards(page);
      const breakfast = items.filter((item) => `${item.title}${item.summary}`.includes('早餐')).slice(0, 2).map((item) => `${SITE}/?p=${postOf.get(item.id)}`);
      expect(breakfast).toHaveLength(2);
      for (const id of breakfast) await page.evaluate((itemId) => document.querySelector('sift-recs')!.track(itemId, 'like'), id);
      await page.evaluate(() => document.querySelector('sift-recs')!.refresh());
      await expect.poll(() => widgetCards(page).then((cards) => cards.map((c) => c.id).join()), { timeout: 10_000 }).not.toBe(cold.map((c) => c.id).join());
      const after = await widgetCards(page);
      await screenshot(page, 'chinese-widget-after-likes');
      console.log(`chinese widget: food cards ${food(cold)} → ${food(after)} of 6; reasons ${JSON.stringify(after.map((c) => c.reason))}`);
      expect(food(after)).toBeGreaterThanOrEqual(4);
      expect(food(after)).toBeGreaterThan(food(cold));
      for (const id of breakfast) expect(after.map((c) => c.id)).not.toContain(id);
      // Every card says why, in Chinese, and not all the same thing.
      for (const card of after) expect(card.reason).toMatch(/\p{Script=Han}/u);
      expect(new Set(after.map((c) => c.reason)).size).toBeGreaterThan(1);
      expect(after.some((card) => card.kind === 'because-you-liked' || card.kind === 'matches-interests')).toBe(true);
      for (const card of after) expect(card.title).not.toMatch(/&#|\s{2}/);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
