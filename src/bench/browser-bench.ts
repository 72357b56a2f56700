import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { seededRandom, type Random } from '../core/random/seeded-random';
import { startStaticServer } from '../cli/static-server.mjs';
import { launchChromium } from './chromium';
import { deploymentAllowing } from './dist-copy';
import { untilBrowserIdle } from './browser-idle';
import { median } from './stats';

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
  /**
   * Another build of the app (a dist/ folder) to run against in the same process: its runs
   * alternate with this build's, so both meet the same machine load, and the report gives both
   * and their ratio.
   */
  readonly baselineDist?: string;
  /** The catalogue's server sends no faster than this (megabits per second), as a network link would; unlimited when absent. */
  readonly mbps?: number;
  /** Open the page the moment Chromium has started, instead of once it is idle (see untilBrowserIdle). */
  readonly coldBrowser?: boolean;
}

/** The figures of this build, and of the baseline build when one was given. */
export interface BrowserBenchResult {
  readonly current: BrowserSizeResult;
  readonly baseline?: BrowserSizeResult;
}

export interface BrowserSizeResult {
  readonly items: number;
  readonly catalogue_mb: number;
  /** The catalogue server's speed (megabits per second); null: as fast as localhost goes. */
  readonly link_mbps: number | null;
  /** Whether the page was opened the moment Chromium started (true) or once it was idle. */
  readonly cold_browser: boolean;
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
    if (bench.rankedAt === 0 && feed.getAttribute('data-feed-source') === 'ranking') {
      bench.rankedAt = performance.now();
      console.info('sift-bench: ranked feed on screen');
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

export interface PageBench {
  readonly firstCardAt: number;
  readonly rankedAt: number;
  readonly longTasks: ReadonlyArray<{ readonly start: number; readonly duration: number }>;
}

/**
 * Resolves when the ranked feed is on screen (watchPage says so on the console). Not
 * waitForSelector: Playwright would compile its 300 KB selector engine into the page in the
 * middle of the load being measured, on the page's thread.
 */
function rankedFeed(page: Page): Promise<unknown> {
  return page.waitForEvent('console', { predicate: (message) => message.text() === 'sift-bench: ranked feed on screen', timeout: 180_000 });
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

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserBenchResult[]> {
  const results: BrowserBenchResult[] = [];
  for (const size of options.sizes) {
    const served = await serveCatalogue(size, 'dist', options.mbps);
    const baseline = options.baselineDist === undefined ? undefined : await serveCatalogue(size, options.baselineDist, options.mbps);
    try {
      const runs: BrowserSizeResult[] = [];
      const baselineRuns: BrowserSizeResult[] = [];
      for (let run = 0; run < options.runs; run += 1) {
        if (baseline !== undefined) {
          options.log('  (baseline build)');
          baselineRuns.push(await benchOneBrowser(baseline, options));
        }
        runs.push(await benchOneBrowser(served, options));
      }
      results.push({ current: medianResult(runs), ...(baseline === undefined ? {} : { baseline: medianResult(baselineRuns) }) });
    } finally {
      await Promise.all([served.close(), baseline?.close()]);
    }
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
    link_mbps: runs[0]!.link_mbps,
    cold_browser: runs[0]!.cold_browser,
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

/** A catalogue of `size` items on its own origin, and the app built in `dist` as a deployment built to allow that origin. */
interface ServedCatalogue {
  readonly size: number;
  readonly bytes: number;
  readonly mbps: number | undefined;
  readonly appUrl: string;
  readonly catalogueUrl: string;
  close(): Promise<void>;
}

async function serveCatalogue(size: number, dist: string, mbps: number | undefined): Promise<ServedCatalogue> {
  const dir = mkdtempSync(join(tmpdir(), 'sift-browser-bench-'));
  const json = JSON.stringify({ format: 'sift-catalog', version: 1, id: `bench-${size}`, title: `${size} items`, language: 'en', items: largeCatalogue(size) });
  writeFileSync(join(dir, 'catalog.json'), json);
  // As a catalogue host should serve it to another origin: with its ETag readable (README "Publishing a large catalogue").
  const catalogues = (await startStaticServer({ root: dir, headers: { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' }, ...(mbps === undefined ? {} : { bytesPerSecond: (mbps * 1e6) / 8 }) })) as Served;
  // The app as a deployment built to allow this catalogue host (SIFT_CONNECT_ORIGINS).
  const deployment = deploymentAllowing([new URL(catalogues.url).origin], dist);
  const app = (await startStaticServer({ root: deployment })) as Served;
  return {
    size,
    bytes: json.length,
    mbps,
    appUrl: app.url,
    catalogueUrl: `${catalogues.url}catalog.json`,
    async close() {
      await Promise.all([app.close(), catalogues.close()]);
      rmSync(dir, { recursive: true, force: true });
      rmSync(deployment, { recursive: true, force: true });
    },
  };
}

async function benchOneBrowser(served: ServedCatalogue, options: BrowserBenchOptions): Promise<BrowserSizeResult> {
  const { size } = served;
  const userDataDir = mkdtempSync(join(tmpdir(), 'sift-bench-profile-'));
  // What earlier runs wrote (the catalogue file, a removed profile) reaches the disk now, not
  // while this run is measured (writing back 40 MB costs a core for a second here).
  execSync('sync');
  // Chromium keeps a spare renderer process at hand for the next navigation (about 75 MB that
  // hosts nothing): without it, the renderers of this profile are the page's and the browser UI's.
  const context = await launchChromium(userDataDir, ['--disable-features=SpareRendererForSitePerProcess']);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(watchPage);
    const waited = options.coldBrowser === true ? 0 : await untilBrowserIdle(userDataDir);
    options.log(`${size.toLocaleString('en')} items (${(served.bytes / 2 ** 20).toFixed(1)} MB): fresh profile${options.coldBrowser === true ? ' in a browser just started' : `, ${(waited / 1000).toFixed(1)} s after the browser started`}…`);
    const ranked = rankedFeed(page);
    await page.goto(`${served.appUrl}?catalog=${encodeURIComponent(served.catalogueUrl)}`);
    await ranked;
    const fresh = await readBench(page);
    await settle(3_000);
    const storageAfterLoad = await storageMb(page);
    const afterLoad = await readBench(page);

    options.log('  reload…');
    const rankedAgain = rankedFeed(page);
    await page.reload();
    await rankedAgain;
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
    const longestTask = Math.max(longestAfterPaint(afterLoad), longestAfterPaint(afterLikes));
    options.log(`  first card ${Math.round(fresh.firstCardAt)} ms, reload ${Math.round(reload.firstCardAt)} ms, likes ${likes.map(Math.round).join(' ')} ms, longest task ${Math.round(longestTask)} ms, renderer ${Math.round(renderer)} MB`);
    return {
      items: size,
      catalogue_mb: served.bytes / 2 ** 20,
      link_mbps: served.mbps ?? null,
      cold_browser: options.coldBrowser === true,
      runs: 1,
      fresh_to_first_card_ms: fresh.firstCardAt,
      reload_to_cards_ms: reload.firstCardAt,
      like_to_feed_ms: median(likes),
      longest_task_after_paint_ms: longestTask,
      renderer_mb: renderer,
      page_heap_mb: heap,
      storage_after_load_mb: storageAfterLoad,
      storage_after_reload_and_like_mb: storageAfter,
      storage_details_mb: storageDetails,
    };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

export function formatBrowserReport(results: readonly BrowserBenchResult[]): string {
  const rows: Array<[string, (r: BrowserSizeResult) => string, ((r: BrowserSizeResult) => number) | null]> = [
    ['catalogue JSON', (r) => `${r.catalogue_mb.toFixed(1)} MB`, null],
    ['catalogue served at', (r) => (r.link_mbps === null ? 'localhost speed' : `${r.link_mbps} Mbit/s`), null],
    ['page opened', (r) => (r.cold_browser ? 'as Chromium starts' : 'once Chromium is idle'), null],
    ['runs (each row: the median)', (r) => String(r.runs), null],
    ['fresh profile → first card', (r) => `${(r.fresh_to_first_card_ms / 1000).toFixed(1)} s`, (r) => r.fresh_to_first_card_ms],
    ['reload → cards', (r) => `${Math.round(r.reload_to_cards_ms)} ms`, (r) => r.reload_to_cards_ms],
    ['click ♡ Like → feed re-ranked on screen (median)', (r) => `${Math.round(r.like_to_feed_ms)} ms`, (r) => r.like_to_feed_ms],
    ['longest main-thread task after the first paint', (r) => `${Math.round(r.longest_task_after_paint_ms)} ms`, (r) => r.longest_task_after_paint_ms],
    ['renderer process memory', (r) => `${Math.round(r.renderer_mb)} MB`, (r) => r.renderer_mb],
    ['JS heap of the page', (r) => `${r.page_heap_mb.toFixed(1)} MB`, (r) => r.page_heap_mb],
    ['storage after load → after a reload and likes', (r) => `${r.storage_after_load_mb.toFixed(1)} → ${r.storage_after_reload_and_like_mb.toFixed(1)} MB`, (r) => r.storage_after_reload_and_like_mb],
    ['… of which (after)', (r) => Object.entries(r.storage_details_mb).map(([kind, mb]) => `${kind} ${mb.toFixed(1)}`).join(', '), null],
  ];
  const compared = results.some((r) => r.baseline !== undefined);
  const columns = results.flatMap((r) =>
    compared && r.baseline !== undefined
      ? [
          { label: `${r.current.items.toLocaleString('en')} items, baseline`, cell: (row: (typeof rows)[number]) => row[1](r.baseline!) },
          { label: `${r.current.items.toLocaleString('en')} items, this build`, cell: (row: (typeof rows)[number]) => row[1](r.current) },
          { label: 'ratio', cell: (row: (typeof rows)[number]) => (row[2] === null || row[2](r.baseline!) === 0 ? '' : `${(row[2](r.current) / row[2](r.baseline!)).toFixed(2)}×`) },
        ]
      : [{ label: `${r.current.items.toLocaleString('en')} items`, cell: (row: (typeof rows)[number]) => row[1](r.current) }],
  );
  return [
    `| | ${columns.map((c) => c.label).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...rows.map((row) => `| ${row[0]} | ${columns.map((c) => c.cell(row)).join(' | ')} |`),
  ].join('\n');
}
