import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { feedIds, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

async function loadCatalogue(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel(/load a catalogue/i).fill(url);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
}

describe('catalogue loading from other URLs', () => {
  let app: StaticServer;
  let catalogues: StaticServer;
  beforeAll(async () => {
    // Another origin, as a site hosting its own catalogue would be; this deployment allows it.
    catalogues = (await startStaticServer({ root: 'test/fixtures/catalogues', headers: { 'access-control-allow-origin': '*' } })) as StaticServer;
    app = await serveDist({ connectOrigins: [new URL(catalogues.url).origin] });
  });
  afterAll(async () => {
    await Promise.all([app.close(), catalogues.close()]);
  });

  it('a 404, invalid JSON or a non-catalogue shows a clear message and keeps the previous catalogue', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(app.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const before = await feedIds(page);

      const cases: Array<[string, RegExp]> = [
        [`${catalogues.url}missing.json`, /answered 404 \(not found\).*Still showing “MovieLens/],
        [`${catalogues.url}broken.json`, /not a usable catalogue: it is not valid JSON.*Still showing “MovieLens/],
        [`${catalogues.url}not-a-catalogue.json`, /"format" is nothing, expected "sift-catalog".*Still showing/],
      ];
      for (const [url, message] of cases) {
        await loadCatalogue(page, url);
        await expect.poll(async () => (await page.getByRole('alert').textContent()) ?? '', { timeout: 10_000 }).toMatch(message);
        await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
        await page.getByRole('button', { name: 'For you' }).click();
        expect(await feedIds(page)).toEqual(before);
      }
      await page.getByRole('button', { name: 'Settings' }).click();
      await expect.poll(() => page.getByTestId('catalogue-info').textContent()).toContain('9,742');
      await screenshot(page, 'catalogue-error-kept-previous');
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('a valid catalogue from another origin replaces the feed; invalid items are skipped and hostile text stays text', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await page.goto(`${app.url}?catalog=${encodeURIComponent(`${catalogues.url}books.json`)}`);
      await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toMatch(/Loaded “Fixture bookshop”: 5 items, 1 invalid items skipped/);
      const ids = await feedIds(page);
      expect(ids.sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b6']);
      const hostile = page.locator('[data-item-id=b4] h3');
      expect(await hostile.textContent()).toContain('<img src=x onerror=alert(1)>');
      expect(await page.locator('[data-item-id=b4] a').count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('the feed follows the priors the site published; an unknown signal is named and ignored', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      // The same films: Sift's own no-neighbour priors let popularity lead for a new reader…
      await page.goto(`${app.url}?catalog=${encodeURIComponent(`${catalogues.url}unranked.json`)}`);
      await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toMatch(/Loaded “Fixture films, Sift's priors”: 6 items\./);
      expect(await page.getByTestId('notice').textContent()).not.toMatch(/ranking settings/);
      await expect.poll(async () => (await feedIds(page))[0]).toBe('r1');
      // …this site tuned its priors to put what is new first.
      await page.goto(`${app.url}?catalog=${encodeURIComponent(`${catalogues.url}ranked.json`)}`);
      await expect
        .poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 })
        .toMatch(/Loaded “Fixture films, the site's priors”: 6 items\. Part of its ranking settings was ignored: ranking\.cold\.sponsored is not a signal Sift knows; Sift's own values are used there\./);
      await expect.poll(async () => (await feedIds(page)).slice(0, 3)).toEqual(['r6', 'r5', 'r4']);
      await screenshot(page, 'catalogue-own-priors');
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
