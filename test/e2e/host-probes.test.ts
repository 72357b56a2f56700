import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { distWith, frameStoredEvents, openBrowser, removeProfileDir, serveDist, widgetHostPage, type StaticServer } from './harness';

/**
 * What a hostile host page (or an image host) can measure of a reader through the widget,
 * replayed as the security review measured it: the frame's height across widths, sift-ready's
 * count, the pictures' requests, and track() in a loop.
 */
const WIDTHS = [320, 480, 640, 800, 1024, 1280, 1600];

/** A 1×1 PNG. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/**
 * Eight items whose titles run from one word to a paragraph, each with its own picture, served
 * under img/ (on Sift's own origin here, so that the policy's img-src lets it through: what
 * matters is whether the request is made).
 */
function probeCatalogue(imageHost: string): string {
  const titles = [
    'Rain',
    'A short walk to the harbour',
    'The very long and winding account of an expedition across three continents in search of a river that was never there',
    'Notes',
    'An interview with the quiet neighbour who kept bees on the roof for thirty years',
    'Tide tables',
    'How the bridge was built, told by the people who built it, one chapter per pillar, with drawings',
    'Maps',
  ];
  return JSON.stringify({
    format: 'sift-catalog',
    version: 1,
    id: 'probe',
    title: 'Probe',
    language: 'en',
    items: titles.map((title, i) => ({
      id: `p${i}`,
      title,
      summary: `${title}. `.repeat(1 + (i % 3)),
      url: `https://news.example/p${i}`,
      image: `${imageHost}img/p${i}.png`,
      tags: [['walks', 'sea'], ['history'], ['travel', 'rivers'], ['notes'], ['bees', 'city'], ['sea'], ['bridges', 'history'], ['maps', 'travel']][i],
      popularity: 10 + i,
    })),
  });
}

async function siftEventsOf(page: Page): Promise<Array<{ name: string; detail: { count?: number } }>> {
  return page.evaluate(() => (window as unknown as { siftEvents: Array<{ name: string; detail: { count?: number } }> }).siftEvents);
}

/** The heights the host page reads of each widget's frame, per width, once they settle. */
async function heightsAcrossWidths(page: Page): Promise<number[][]> {
  const heights: number[][] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    let last = '';
    await expect
      .poll(
        async () => {
          const now = JSON.stringify(await page.$$eval('sift-recs', (all) => all.map((recs) => recs.shadowRoot!.querySelector('iframe')!.getBoundingClientRect().height)));
          const settled = now === last;
          last = now;
          return settled;
        },
        { interval: 300, timeout: 10_000 },
      )
      .toBe(true);
    heights.push(JSON.parse(last) as number[]);
  }
  return heights;
}

function frames(page: Page): Frame[] {
  return page.frames().filter((frame) => new URL(frame.url()).pathname.endsWith('/widget.html'));
}

async function readyCounts(page: Page): Promise<number[]> {
  await expect.poll(async () => (await siftEventsOf(page)).filter((e) => e.name === 'sift-ready').length, { timeout: 60_000 }).toBe(2);
  // The two widgets answer in either order.
  return (await siftEventsOf(page))
    .filter((e) => e.name === 'sift-ready')
    .map((e) => e.detail.count!)
    .sort((a, b) => b - a);
}

describe('what a host page can measure of the reader', () => {
  let sift: StaticServer;
  let host: StaticServer;
  let siftRoot: string;
  let hostRoot: string;
  const imageRequests: string[] = [];
  beforeAll(async () => {
    // The catalogue names its pictures by absolute URL, so the server's port is chosen first.
    const placeholder = await serveDist();
    const port = placeholder.port;
    await placeholder.close();
    const siftUrl = `http://127.0.0.1:${port}/`;
    const files = new Map<string, string | Uint8Array>([['catalog/probe.json', probeCatalogue(siftUrl)]]);
    for (let i = 0; i < 8; i += 1) files.set(`img/p${i}.png`, PIXEL);
    siftRoot = distWith(files);
    sift = (await startStaticServer({ root: siftRoot, port, onRequest: (r) => r.url.startsWith('/img/') && imageRequests.push(r.url) })) as StaticServer;
    hostRoot = mkdtempSync(join(tmpdir(), 'sift-probe-host-'));
    const catalogue = `${sift.url}catalog/probe.json`;
    // Two widgets: a grid of eight (the whole catalogue) and a list of six.
    writeFileSync(
      join(hostRoot, 'index.html'),
      widgetHostPage(sift.url, `catalog="${catalogue}" count="8" layout="grid" lang="en"`, `<sift-recs catalog="${catalogue}" count="6" layout="list" lang="en"></sift-recs>`).replace(
        "const recs = document.querySelector('sift-recs');\n    for",
        "for (const recs of document.querySelectorAll('sift-recs')) for",
      ),
    );
    host = (await startStaticServer({ root: hostRoot })) as StaticServer;
  });
  afterAll(async () => {
    await Promise.all([sift.close(), host.close()]);
    rmSync(siftRoot, { recursive: true, force: true });
    rmSync(hostRoot, { recursive: true, force: true });
  });

  it('readers with different private histories give the same frame heights at every width and the same sift-ready counts; no picture is fetched without consent', async () => {
    // A reader with no history.
    const fresh = await openBrowser();
    let freshHeights: number[][];
    let freshCounts: number[];
    try {
      await fresh.page.goto(host.url);
      freshCounts = await readyCounts(fresh.page);
      freshHeights = await heightsAcrossWidths(fresh.page);
    } finally {
      await fresh.close();
      removeProfileDir(fresh.userDataDir);
    }

    // A reader who turned three items down in the grid and liked two on the host's pages.
    const regular = await openBrowser();
    try {
      const { page } = regular;
      await page.goto(host.url);
      await readyCounts(page);
      const grid = frames(page)[0]!;
      const shownIds = (): Promise<string[]> => grid.$$eval('[data-testid=widget-item]', (all) => all.map((e) => e.getAttribute('data-item-id') ?? ''));
      for (let i = 0; i < 3; i += 1) {
        const [first] = await shownIds();
        await grid.locator(`[data-item-id="${first}"] .dismiss`).click();
        await expect.poll(shownIds, { timeout: 10_000 }).not.toContain(first);
      }
      const liked = (await shownIds()).slice(-2);
      await page.evaluate(async (ids) => {
        const recs = document.querySelector('sift-recs')!;
        for (const id of ids) await recs.track(id, 'like');
      }, liked);
      // Turned down, the cards are gone, and their slots are still there.
      expect(await grid.locator('[data-testid=widget-item]').count()).toBe(5);
      expect(await grid.locator('[data-testid=widget-slot]').count()).toBe(3);
      const regularHeightsNow = await heightsAcrossWidths(page);
      await page.reload();
      const regularCounts = await readyCounts(page);
      const regularHeights = await heightsAcrossWidths(page);
      console.log(`host probe: heights per width ${JSON.stringify(freshHeights)} (both readers), counts ${JSON.stringify(freshCounts)}`);
      expect(regularCounts).toEqual(freshCounts);
      expect(freshCounts).toEqual([8, 6]);
      expect(regularHeights).toEqual(freshHeights);
      expect(regularHeightsNow).toEqual(freshHeights);
    } finally {
      await regular.close();
      removeProfileDir(regular.userDataDir);
    }
    // Pictures are off unless the reader turned them on: the image host heard nothing.
    expect(imageRequests).toEqual([]);
  });

  it('pictures load in the app and in the widget only after the reader turns them on in Settings', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${sift.url}?catalog=${encodeURIComponent(`${sift.url}catalog/probe.json`)}`);
      await page.waitForSelector('[data-testid=feed-card]');
      expect(await page.locator('[data-testid=feed-card] img').count()).toBe(0);
      expect(imageRequests).toEqual([]);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByTestId('pictures-setting').check();
      await page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
      await expect.poll(() => page.locator('[data-testid=feed-card] img').count()).toBeGreaterThan(0);
      await expect.poll(() => imageRequests.length).toBeGreaterThan(0);
      // The widget on a page of the same site follows the choice (its frame shares the app's storage there).
      imageRequests.length = 0;
      await page.goto(host.url);
      await readyCounts(page);
      await expect.poll(() => frames(page)[0]!.locator('[data-testid=widget-item] img').count()).toBeGreaterThan(0);
      await expect.poll(() => imageRequests.length).toBeGreaterThan(0);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('track() in a loop: a bad id is refused at once, 10,000 calls leave storage bounded and the widget responsive', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(host.url);
      await readyCounts(page);
      imageRequests.length = 0;
      const outcome = await page.evaluate(async () => {
        const recs = document.querySelector('sift-recs')!;
        const tooLong = await recs.track('x'.repeat(501), 'like').then(
          () => 'resolved',
          (error: Error) => error.name,
        );
        const started = performance.now();
        const calls = Array.from({ length: 10_000 }, (_, i) => recs.track(i % 2 === 0 ? `junk-${i}` : `p${i % 8}`, 'open'));
        const settled = await Promise.allSettled(calls);
        const floodMs = performance.now() - started;
        const refreshStarted = performance.now();
        await recs.refresh();
        // The frame writes events in batches, a moment after they happen.
        await new Promise((resolve) => setTimeout(resolve, 500));
        return { tooLong, rejected: settled.filter((s) => s.status === 'rejected').length, floodMs, refreshMs: performance.now() - refreshStarted };
      });
      expect(outcome.tooLong).toBe('TypeError');
      // Far more than a burst of 100 was refused.
      expect(outcome.rejected).toBeGreaterThan(9_000);
      expect(outcome.refreshMs).toBeLessThan(5_000);
      // What the frame stored: catalogue items only, no more than the limit lets through.
      const stored = (await frameStoredEvents(frames(page)[0]!, `${sift.url}catalog/probe.json`)).map((event) => event.itemId ?? '');
      console.log(`track flood: 10,000 calls settled in ${Math.round(outcome.floodMs)} ms, ${outcome.rejected} refused, ${stored.length} events stored, refresh after it ${Math.round(outcome.refreshMs)} ms`);
      expect(stored.length).toBeLessThanOrEqual(100 + Math.ceil((outcome.floodMs / 1000) * 20) + 5);
      expect(stored.filter((id) => id.startsWith('junk-'))).toEqual([]);
      // Still responsive to the reader.
      const grid = frames(page)[0]!;
      await grid.locator('[data-testid=widget-item] .dismiss').first().click();
      await expect.poll(() => grid.locator('[data-testid=widget-item]').count()).toBe(7);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
