import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { buildCatalogue } from '../../src/publisher/catalogue-builder';
import { distWith, openBrowser, removeProfileDir, screenshot, widgetFrame, widgetHostPage, type StaticServer } from './harness';

/**
 * A catalogue built with `--thumbnails` from a folder of pictures: the app's cards and the widget
 * show them, and no request the browser makes names an item or goes to the pictures' host.
 */
const IMAGE_HOST = 'https://images.example';
const ITEMS = 12;
const ids = Array.from({ length: ITEMS }, (_, i) => `pic-${i}`);

function requestsOf(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** Requests that name an item (its id in the address) or go to the pictures' host. */
const leaking = (urls: readonly string[]): string[] => urls.filter((url) => url.startsWith(IMAGE_HOST) || ids.some((id) => decodeURIComponent(url).includes(id)));

async function thumbnailsShown(root: Page | NonNullable<ReturnType<typeof widgetFrame>>): Promise<Array<{ width: number; placeholder: boolean }>> {
  return root.$$eval('[data-testid=thumbnail]', (images) =>
    (images as HTMLImageElement[]).map((img) => ({ width: img.complete ? img.naturalWidth : 0, placeholder: /url\("?data:image\/png/.test(`${img.style.backgroundImage}${img.parentElement?.style.backgroundImage ?? ''}`) })),
  );
}

describe('thumbnails inside the catalogue', () => {
  let work: string;
  let root: string;
  let sift: StaticServer;
  let host: StaticServer;
  let catalogueUrl: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sift-thumb-site-'));
    mkdirSync(join(work, 'img'));
    for (let i = 0; i < ITEMS; i += 1) {
      await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: (i * 20) % 255, g: 90, b: 255 - i * 15 } } }).jpeg().toFile(join(work, 'img', `photo-${i}.jpg`));
    }
    const items = ids.map((id, i) => ({ id, title: `Harbour story ${i}`, image: `${IMAGE_HOST}/photo-${i}.jpg`, tags: ['harbour'], popularity: 100 - i }));
    writeFileSync(join(work, 'items.json'), JSON.stringify(items));
    await buildCatalogue({ input: join(work, 'items.json'), out: join(work, 'out'), id: 'harbour', model: null, dtype: 'int8', thumbnails: { imagesDir: join(work, 'img') } });
    root = distWith(new Map<string, string | Uint8Array>([['catalog/harbour/catalog.json', readFileSync(join(work, 'out', 'catalog.json'), 'utf8')], ['catalog/harbour/thumbnails.bin', readFileSync(join(work, 'out', 'thumbnails.bin'))]]));
    sift = (await startStaticServer({ root })) as StaticServer;
    catalogueUrl = `${sift.url}catalog/harbour/catalog.json`;
    mkdirSync(join(work, 'host'));
    writeFileSync(join(work, 'host', 'index.html'), widgetHostPage(sift.url, `catalog="${catalogueUrl}" count="4" lang="en"`));
    host = (await startStaticServer({ root: join(work, 'host') })) as StaticServer;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([sift?.close(), host?.close()]);
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('the app shows each card\'s thumbnail, after the first card, with one request for all of them and none naming an item', async () => {
    const browser = await openBrowser();
    const { page, context } = browser;
    const urls = requestsOf(context);
    try {
      // When the first card appeared, on the page's clock.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid=feed-card]') === null) return;
          (window as unknown as { firstCardAt: number }).firstCardAt = performance.now();
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${sift.url}?catalog=${encodeURIComponent(catalogueUrl)}`);
      await page.waitForSelector('[data-testid=feed-card]');
      await expect.poll(() => thumbnailsShown(page).then((shown) => shown.filter((t) => t.width === 96).length), { timeout: 15_000 }).toBe(ITEMS);
      expect((await thumbnailsShown(page)).every((t) => t.placeholder)).toBe(true);
      await screenshot(page, 'thumbnails-app');
      const timing = await page.evaluate(() => ({
        firstCard: (window as unknown as { firstCardAt: number }).firstCardAt,
        thumbnails: performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/thumbnails.bin'))?.startTime ?? -1,
      }));
      expect(timing.thumbnails).toBeGreaterThanOrEqual(timing.firstCard);
      expect(urls.filter((url) => url.endsWith('/thumbnails.bin'))).toHaveLength(1);
      expect(leaking(urls)).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('the widget on another origin shows them too, with no request naming an item; its own control turns full-size pictures on and off', async () => {
    const browser = await openBrowser();
    const { page, context } = browser;
    const urls = requestsOf(context);
    try {
      await page.goto(host.url);
      await expect.poll(async () => {
        const frame = widgetFrame(page);
        return frame === undefined ? 0 : (await thumbnailsShown(frame).catch(() => [])).filter((t) => t.width === 96).length;
      }, { timeout: 30_000 }).toBe(4);
      await screenshot(page, 'thumbnails-widget');
      expect(leaking(urls)).toEqual([]);
      // The reader may turn full-size pictures on from the widget itself, told what that gives away.
      const frame = widgetFrame(page)!;
      const toggle = frame.getByTestId('widget-pictures');
      expect(await toggle.getAttribute('title')).toMatch(/can then see which items you are shown/);
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await toggle.click();
      await expect.poll(() => urls.filter((url) => url.startsWith(IMAGE_HOST)).length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      // Kept: the next page view on this site asks for them again; turned off, it does not.
      await page.reload();
      await expect.poll(() => widgetFrame(page)?.getByTestId('widget-pictures').getAttribute('aria-pressed').catch(() => null), { timeout: 30_000 }).toBe('true');
      await widgetFrame(page)!.getByTestId('widget-pictures').click();
      await expect.poll(() => widgetFrame(page)!.locator('[data-testid=widget-item] img[src^="https://images.example"]').count()).toBe(0);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
