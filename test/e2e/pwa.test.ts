import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { feedIds, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

/** A copy of dist/, so a test can deploy a "new version" into it. */
function copyOfDist(): string {
  const root = mkdtempSync(join(tmpdir(), 'sift-pwa-'));
  cpSync('dist', root, { recursive: true });
  return root;
}

async function waitForController(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller === null) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('installable offline app', () => {
  let root: string;
  let server: StaticServer;
  beforeAll(async () => {
    root = copyOfDist();
    // A self-hosted model file, as `models:fetch` would place it.
    mkdirSync(join(root, 'models', 'tiny'), { recursive: true });
    writeFileSync(join(root, 'models', 'tiny', 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: 8 }));
    server = await serveDist({ root });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('meets the installability criteria, then opens, ranks and keeps interactions with the network off', async () => {
    const browser = await openBrowser();
    const { page, context } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await waitForController(page);

      // Chromium's own installability check, plus the manifest and icons themselves.
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
      await cdp.detach();
      expect(installabilityErrors).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(root, 'manifest.webmanifest'), 'utf8')) as {
        name: string;
        short_name: string;
        display: string;
        start_url: string;
        icons: Array<{ src: string; sizes: string; purpose: string }>;
      };
      expect(manifest).toMatchObject({ short_name: 'Sift', display: 'standalone', start_url: './' });
      for (const icon of manifest.icons) {
        const [width, height] = icon.sizes.split('x').map(Number);
        expect(pngSize(readFileSync(join(root, icon.src)))).toEqual({ width, height });
      }
      expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

      // A controlled reload: the catalogue is kept once, in IndexedDB, never a second time in Cache
      // Storage; the copy an earlier version's service worker kept is removed.
      await page.evaluate(async () => (await caches.open('sift-catalogues')).put('/catalog/movielens-demo.json', new Response('{}')));
      await page.reload();
      await expect.poll(() => page.evaluate(async () => caches.has('sift-catalogues')), { timeout: 10_000 }).toBe(false);
      await page.waitForSelector('[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]');
      const cachedUrls = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)))).flat());
      expect(cachedUrls.length).toBeGreaterThan(0);
      expect(cachedUrls.filter((url) => url.includes('movielens-demo.json'))).toEqual([]);
      const online = await feedIds(page);

      // Model files are not the service worker's to keep: an unchecked copy in Cache Storage is what
      // transformers.js would find there instead of checking the file against the site's manifest.
      const modelUrl = `${server.url}models/tiny/config.json`;
      expect(await page.evaluate(async (url) => (await fetch(url)).status, modelUrl)).toBe(200);
      await page.waitForTimeout(500);
      expect(await page.evaluate(async (url) => (await caches.match(url)) === undefined, modelUrl)).toBe(true);

      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]', { timeout: 30_000 });
      await page.getByTestId('offline-status').waitFor({ state: 'visible' });
      expect(await feedIds(page)).toEqual(online);
      // Offline is not an error: the catalogue came from the app's own stored copy.
      expect(await page.getByRole('alert').count()).toBe(0);

      const liked = online[1]!;
      // The card's heading ends with the year; History names the item by title.
      const likedTitle = ((await page.locator(`[data-item-id="${liked}"] h3`).textContent()) ?? '').trim().replace(/\s*\d{4}$/, '');
      await page.locator(`[data-item-id="${liked}"]`).getByRole('button', { name: /Like/ }).click();
      await expect.poll(() => feedIds(page)).not.toEqual(online);
      // Past the event writer's batching and the profile save.
      await page.waitForTimeout(1200);
      await page.reload();
      await page.waitForSelector('[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]', { timeout: 30_000 });
      await page.getByRole('button', { name: 'Your history' }).click();
      await expect.poll(() => page.locator('table').textContent(), { timeout: 10_000 }).toContain(likedTitle);
      expect(await page.locator('table').textContent()).toMatch(/Liked/);
      await screenshot(page, 'offline-history');
    } finally {
      await context.setOffline(false);
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('a catalogue changed on the server reaches the app at the next start: the stored copy first, then the revalidated one', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const catalogueFile = join(root, 'catalog', 'movielens-demo.json');
    const original = readFileSync(catalogueFile, 'utf8');
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await waitForController(page);
      await page.reload();
      await page.waitForSelector('[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]');
      const title = (await page.locator('.tagline').textContent()) ?? '';

      const changed = JSON.parse(original) as { title: string };
      changed.title = 'MovieLens, revised';
      writeFileSync(catalogueFile, JSON.stringify(changed));
      await page.reload();
      // The stored copy first (no wait for the network), then the revalidated copy replaces it.
      await page.waitForSelector(SETTLED_FEED_CARD);
      await expect.poll(() => page.locator('.tagline').textContent(), { timeout: 30_000 }).toBe('MovieLens, revised');
      expect(title).not.toBe('MovieLens, revised');
    } finally {
      writeFileSync(catalogueFile, original);
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('offers the new version when one is deployed, and reloads into it on request', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await waitForController(page);
      await page.getByTestId('offline-ready').waitFor({ state: 'visible', timeout: 30_000 });

      // Deploy: a new service worker script (any byte change makes it a new version).
      writeFileSync(join(root, 'sw.js'), `${readFileSync(join(root, 'sw.js'), 'utf8')}\n// deployed again\n`);
      await page.reload();
      await page.getByTestId('update-prompt').waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'update-prompt');
      const before = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
      await page.getByTestId('update-prompt').getByRole('button', { name: 'Reload' }).click();
      await page.waitForEvent('load', { timeout: 30_000 });
      await page.waitForSelector(SETTLED_FEED_CARD);
      expect(await page.getByTestId('update-prompt').count()).toBe(0);
      const registration = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { waiting: r?.waiting !== null && r?.waiting !== undefined, active: r?.active?.state };
      });
      expect(registration).toEqual({ waiting: false, active: 'activated' });
      expect(before).toBeDefined();
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
