import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { seededRandom, type Random } from '../core/random/seeded-random';
import { startStaticServer } from '../cli/static-server.mjs';
import { contentSecurityPolicy, MODEL_HUB_ORIGINS } from '../app/content-security-policy';
import { launchChromium } from './chromium';

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `npm run bench -- --browser [--items 10000,100000]`: what a new user of a large catalogue
 * lives through, in headless Chromium on the built app (dist/), per catalogue size: fresh
 * profile → first card, reload → cards, ♡ Like → re-ranked feed on screen, the longest
 * main-thread task after the first paint (Long Tasks API), renderer memory (RSS of the page's
 * renderer process, workers included), the page's JS heap, and storage after loading and after
 * one reload and one like (navigator.storage.estimate()).
 */
export interface BrowserBenchOptions {
  readonly sizes: readonly number[];
  readonly likes: number;
  /** Fresh browsers per size; each row reports the median over them (runs vary a lot on shared cores). */
  readonly runs: number;
  readonly log: (line: string) => void;
}

export interface BrowserSizeResult {
  readonly items: number;
  readonly catalogue_mb: number;
  /** How many fresh browsers the figures are the median of. */
  readonly runs: number;
  readonly fresh_to_first_card_ms: number;
  readonly reload_to_cards_ms: number;
  readonly like_to_feed_ms: number;
  readonly longest_task_after_paint_ms: number;
  readonly renderer_mb: number;
  readonly page_heap_mb: number;
  readonly storage_after_load_mb: number;
  readonly storage_after_reload_and_like_mb: number;
  /** Where the storage went after the reload and likes (Chromium's usageDetails): IndexedDB, Cache Storage, service worker. */
  readonly storage_details_mb: Readonly<Record<string, number>>;
}

const WORDS = 'amber atlas beacon border canyon cedar circuit cobalt compass delta ember falcon garden glacier granite harbour harvest horizon island ivory journey kernel lagoon lantern lattice market meadow mirror monsoon nebula nomad oracle orbit prairie quartz rhythm river saddle signal summit tundra umbra velvet willow winter zenith'.split(' ');
const TAGS = Array.from({ length: 300 }, (_, i) => `${WORDS[i % WORDS.length]}-${Math.floor(i / WORDS.length)}`);

/** The shape of a shop's or an archive's catalogue: titles, 30-word summaries, 3–6 of 300 tags, dates, popularity; no neighbours, no vectors. */
export function largeCatalogue(count: number, random: Random = seededRandom(1)): CatalogueItem[] {
  const word = (): string => WORDS[Math.floor(random() * WORDS.length)]!;
  const now = Date.UTC(2026, 10, 1);
  return Array.from({ length: count }, (_, i) => {
    const tags = new Set<string>();
    const wanted = 3 + Math.floor(random() * 4);
    while (tags.size < wanted) tags.add(TAGS[Math.floor(Math.pow(random(), 2) * TAGS.length)]!);
    return {
      id: `item-${i}`,
      title: `${word()} ${word()} ${word()}`.replace(/^./, (c) => c.toUpperCase()),
      summary: Array.from({ length: 30 }, word).join(' '),
      tags: [...tags],
      published_at: new Date(now - random() * 5 * 365 * 86_400_000).toISOString(),
      popularity: Math.floor(1000 * Math.pow(random(), 4)),
    };
  });
}

/** Installed before any app code: first card time and every long task, on `window.siftBench`. */
export function watchPage(): void {
  const bench = { firstCardAt: 0, rankedAt: 0, longTasks: [] as Array<{ start: number; duration: number }> };
  (window as unknown as { siftBench: typeof bench }).siftBench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const feed = document.querySelector('[data-testid=feed]');
    if (feed?.querySelector('[data-testid=feed-card]') == null) return;
    if (bench.firstCardAt === 0) bench.firstCardAt = performance.now();
    if (bench.rankedAt === 0 && feed.getAttribute('data-feed-source') === 'ranking') bench.rankedAt = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

export interface PageBench {
  readonly firstCardAt: number;
  readonly rankedAt: number;
  readonly longTasks: ReadonlyArray<{ readonly start: number; readonly duration: number }>;
}

export const readBench = (page: Page): Promise<PageBench> => page.evaluate(() => (window as unknown as { siftBench: PageBench }).siftBench);

/** The longest task that started after the first card was painted. */
export function longestAfterPaint(bench: PageBench): number {
  return Math.max(0, ...bench.longTasks.filter((t) => t.start >= bench.firstCardAt).map((t) => t.duration));
}

/** Clicks Like on the nth card; resolves with ms until the feed's new order is on screen (the next frame). */
export async function likeToFeed(page: Page, nth: number): Promise<number> {
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve, reject) => {
        // No named helper functions in here: tsx would wrap them in a __name() the page lacks.
        const cards = '[data-testid=feed-card]';
        const before = [...document.querySelectorAll(cards)].map((c) => c.getAttribute('data-item-id')).join(',');
        const card = document.querySelectorAll(cards)[n];
        const like = [...(card?.querySelectorAll('button') ?? [])].find((b) => /(^|\s)Like$/.test(b.textContent?.trim() ?? ''));
        if (like === undefined) return reject(new Error('no Like button'));
        const observer = new MutationObserver(() => {
          if ([...document.querySelectorAll(cards)].map((c) => c.getAttribute('data-item-id')).join(',') === before) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        const start = performance.now();
        like.click();
        setTimeout(() => reject(new Error('feed did not change within 20 s')), 20_000);
      }),
    nth,
  );
}

async function storageMb(page: Page): Promise<number> {
  return page.evaluate(async () => ((await navigator.storage.estimate()).usage ?? 0) / 2 ** 20);
}

export async function storageDetailsMb(page: Page): Promise<Record<string, number>> {
  const details = await page.evaluate(async () => (await navigator.storage.estimate()) as { usageDetails?: Record<string, number> });
  return Object.fromEntries(Object.entries(details.usageDetails ?? {}).map(([kind, bytes]) => [kind, bytes / 2 ** 20]));
}

export async function heapMb(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
}

/** RSS of this profile's page renderers (dedicated workers live in them); the browser's own UI renderer is left out. */
/** RSS of the page's renderer process (its workers run in it); the browser UI's renderer is left out. */
function rendererMb(userDataDir: string): number {
  const lines = execSync('ps -eo rss=,args=', { encoding: 'utf8', maxBuffer: 1 << 24 }).split('\n');
  let kb = 0;
  for (const line of lines) {
    if (!line.includes('--type=renderer') || line.includes('--top-chrome-webui') || !line.includes(`--user-data-dir=${userDataDir}`)) continue;
    kb += Number(line.trim().split(/\s+/, 1)[0]);
  }
  return kb / 1024;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserSizeResult[]> {
  const results: BrowserSizeResult[] = [];
  for (const size of options.sizes) {
    const runs: BrowserSizeResult[] = [];
    for (let run = 0; run < options.runs; run += 1) runs.push(await benchOneBrowser(size, options));
    results.push(medianResult(runs));
  }
  return results;
}

/** Each number the median over the runs; storage details from the median run by storage. */
function medianResult(runs: readonly BrowserSizeResult[]): BrowserSizeResult {
  const of = (pick: (r: BrowserSizeResult) => number): number => median(runs.map(pick));
  const byStorage = [...runs].sort((a, b) => a.storage_after_reload_and_like_mb - b.storage_after_reload_and_like_mb)[Math.floor(runs.length / 2)]!;
  return {
    items: runs[0]!.items,
    catalogue_mb: runs[0]!.catalogue_mb,
    runs: runs.length,
    fresh_to_first_card_ms: of((r) => r.fresh_to_first_card_ms),
    reload_to_cards_ms: of((r) => r.reload_to_cards_ms),
    like_to_feed_ms: of((r) => r.like_to_feed_ms),
    longest_task_after_paint_ms: of((r) => r.longest_task_after_paint_ms),
    renderer_mb: of((r) => r.renderer_mb),
    page_heap_mb: of((r) => r.page_heap_mb),
    storage_after_load_mb: of((r) => r.storage_after_load_mb),
    storage_after_reload_and_like_mb: of((r) => r.storage_after_reload_and_like_mb),
    storage_details_mb: byStorage.storage_details_mb,
  };
}

async function benchOneBrowser(size: number, options: BrowserBenchOptions): Promise<BrowserSizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sift-browser-bench-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'sift-bench-profile-'));
  const json = JSON.stringify({ format: 'sift-catalog', version: 1, id: `bench-${size}`, title: `${size} items`, language: 'en', items: largeCatalogue(size) });
  writeFileSync(join(dir, 'catalog.json'), json);
  const catalogues = (await startStaticServer({ root: dir, headers: { 'access-control-allow-origin': '*' } })) as Served;
  // The app as a deployment that allows this catalogue host (SIFT_CONNECT_ORIGINS) serves it.
  const policy = contentSecurityPolicy({ connectOrigins: [...MODEL_HUB_ORIGINS, new URL(catalogues.url).origin] });
  const server = (await startStaticServer({ root: 'dist', headers: { 'content-security-policy': policy } })) as Served;
  // Chromium keeps a spare renderer process at hand for the next navigation (about 75 MB that
  // hosts nothing): without it, the renderers of this profile are the page's and the browser UI's.
  const context = await launchChromium(userDataDir, ['--disable-features=SpareRendererForSitePerProcess']);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(watchPage);
    options.log(`${size.toLocaleString('en')} items (${(json.length / 2 ** 20).toFixed(1)} MB): fresh profile…`);
    await page.goto(`${server.url}?catalog=${encodeURIComponent(`${catalogues.url}catalog.json`)}`);
    await page.waitForSelector('[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]', { timeout: 180_000 });
    const fresh = await readBench(page);
    await settle(3_000);
    const storageAfterLoad = await storageMb(page);
    const afterLoad = await readBench(page);

    options.log('  reload…');
    await page.reload();
    await page.waitForSelector('[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]', { timeout: 180_000 });
    await settle(1_000);
    const reload = await readBench(page);

    options.log('  likes…');
    const likes: number[] = [];
    for (let i = 0; i < options.likes; i += 1) likes.push(await likeToFeed(page, 2));
    await settle(3_000);
    const afterLikes = await readBench(page);
    const renderer = rendererMb(userDataDir);
    const heap = await heapMb(context, page);
    // "After one reload and one like": the likes above are events too; storage beyond them is what matters.
    const storageAfter = await storageMb(page);
    const storageDetails = await storageDetailsMb(page);
    return {
      items: size,
      catalogue_mb: json.length / 2 ** 20,
      runs: 1,
      fresh_to_first_card_ms: fresh.firstCardAt,
      reload_to_cards_ms: reload.firstCardAt,
      like_to_feed_ms: median(likes),
      longest_task_after_paint_ms: Math.max(longestAfterPaint(afterLoad), longestAfterPaint(afterLikes)),
      renderer_mb: renderer,
      page_heap_mb: heap,
      storage_after_load_mb: storageAfterLoad,
      storage_after_reload_and_like_mb: storageAfter,
      storage_details_mb: storageDetails,
    };
  } finally {
    await context.close();
    await Promise.all([server.close(), catalogues.close()]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

export function formatBrowserReport(results: readonly BrowserSizeResult[]): string {
  const rows: Array<[string, (r: BrowserSizeResult) => string]> = [
    ['catalogue JSON', (r) => `${r.catalogue_mb.toFixed(1)} MB`],
    ['runs (each row: the median)', (r) => String(r.runs)],
    ['fresh profile → first card', (r) => `${(r.fresh_to_first_card_ms / 1000).toFixed(1)} s`],
    ['reload → cards', (r) => `${Math.round(r.reload_to_cards_ms)} ms`],
    ['click ♡ Like → feed re-ranked on screen (median)', (r) => `${Math.round(r.like_to_feed_ms)} ms`],
    ['longest main-thread task after the first paint', (r) => `${Math.round(r.longest_task_after_paint_ms)} ms`],
    ['renderer process memory', (r) => `${Math.round(r.renderer_mb)} MB`],
    ['JS heap of the page', (r) => `${r.page_heap_mb.toFixed(1)} MB`],
    ['storage after load → after a reload and likes', (r) => `${r.storage_after_load_mb.toFixed(1)} → ${r.storage_after_reload_and_like_mb.toFixed(1)} MB`],
    ['… of which (after)', (r) => Object.entries(r.storage_details_mb).map(([kind, mb]) => `${kind} ${mb.toFixed(1)}`).join(', ')],
  ];
  return [
    `| | ${results.map((r) => `${r.items.toLocaleString('en')} items`).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
    ...rows.map(([label, cell]) => `| ${label} | ${results.map(cell).join(' | ')} |`),
  ].join('\n');
}
