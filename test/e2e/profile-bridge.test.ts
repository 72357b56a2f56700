import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { feedIds, frameStoredEvents, frameWidgetIds, openBrowser, removeProfileDir, serveDist, SETTLED_FEED_CARD, widgetFrame, widgetHostPage, type StaticServer } from './harness';

/**
 * Browsers keep the widget's storage on a news site apart from the app's (and from the widget's
 * on every other site). The sealed export file is the bridge: the app's export brought into the
 * widget's frame on a host site, and the widget's taken back into the app.
 */
const PASSPHRASE = 'ferry lantern quietly orbit mango';

describe('a profile carried between the app and the widget on another site', () => {
  let sift: StaticServer;
  let host: StaticServer;
  let hostRoot: string;
  let catalogueUrl: string;
  beforeAll(async () => {
    sift = await serveDist();
    catalogueUrl = `${sift.url}catalog/movielens-demo.json`;
    hostRoot = mkdtempSync(join(tmpdir(), 'sift-bridge-host-'));
    writeFileSync(join(hostRoot, 'index.html'), widgetHostPage(sift.url, `catalog="${catalogueUrl}" count="4" lang="en"`));
    host = (await startStaticServer({ root: hostRoot })) as StaticServer;
  });
  afterAll(async () => {
    await Promise.all([sift.close(), host.close()]);
    rmSync(hostRoot, { recursive: true, force: true });
  });

  it('the app\'s sealed export is brought into the widget, and the widget\'s into the app', async () => {
    const browser = await openBrowser();
    const { page, context } = browser;
    // A step that cannot finish fails here, with its line, instead of using up the test's time.
    page.setDefaultTimeout(20_000);
    try {
      // In the app: a like, then a sealed export.
      await page.goto(sift.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const likedInApp = (await feedIds(page))[1]!;
      await page.locator(`[data-item-id="${likedInApp}"]`).getByRole('button', { name: /Like/ }).click();
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByTestId('export-passphrase').fill(PASSPHRASE);
      await page.getByTestId('export-passphrase-again').fill(PASSPHRASE);
      await expect.poll(() => page.getByTestId('export-sealed').isEnabled(), { timeout: 15_000 }).toBe(true);
      const [appExport] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sealed').click()]);
      const appFile = readFileSync(await appExport.path());

      // On the news site: the widget's frame knows nothing of it, until the file is brought in.
      await page.goto(host.url);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(4);
      let frame = widgetFrame(page)!;
      expect((await frameStoredEvents(frame, catalogueUrl)).filter((e) => e.kind === 'like')).toEqual([]);
      await frame.getByTestId('widget-profile').click();
      await frame.getByTestId('widget-import-file').setInputFiles({ name: appExport.suggestedFilename(), mimeType: 'application/octet-stream', buffer: appFile });
      await frame.getByTestId('widget-import-passphrase').fill('wrong');
      await frame.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => frame.getByTestId('widget-import-problem').textContent(), { timeout: 15_000 }).toMatch(/passphrase is wrong/);
      await frame.getByTestId('widget-import-passphrase').fill(PASSPHRASE);
      await frame.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => frame.getByTestId('widget-import-plan').textContent(), { timeout: 15_000 }).toMatch(/Adds \d+ events?/);
      await frame.getByTestId('widget-import-confirm').click();
      // The frame starts again from its storage, which now holds the app's like.
      await expect.poll(async () => {
        const current = widgetFrame(page);
        return current === undefined ? [] : (await frameStoredEvents(current, catalogueUrl).catch(() => [])).filter((e) => e.kind === 'like').map((e) => e.itemId);
      }, { timeout: 30_000 }).toEqual([likedInApp]);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(4);

      // The host site reports a like of its own; the widget's profile goes back to the app.
      frame = widgetFrame(page)!;
      const likedOnSite = 'ml-1196';
      await page.evaluate((id) => document.querySelector('sift-recs')!.track(id, 'like'), likedOnSite);
      await frame.getByTestId('widget-profile').click();
      await frame.getByTestId('widget-export-passphrase').fill(PASSPHRASE);
      await frame.getByTestId('widget-export-passphrase-again').fill(PASSPHRASE);
      await expect.poll(() => frame.getByTestId('widget-export').getAttribute('data-strength'), { timeout: 15_000 }).toBe('strong');
      const [widgetExport] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('widget-export').click()]);
      const widgetFile = readFileSync(await widgetExport.path());
      expect(widgetFile.subarray(0, 8).toString()).toBe('SIFTSEAL');

      await page.goto(sift.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.setInputFiles('#import-file', { name: widgetExport.suggestedFilename(), mimeType: 'application/octet-stream', buffer: widgetFile });
      await page.getByTestId('import-passphrase').fill(PASSPHRASE);
      await page.getByTestId('import-locked').getByRole('button', { name: 'Open' }).click();
      // Only what the app lacks: the site's like (the app's own came back with it and is here already).
      await expect.poll(() => page.getByTestId('import-plan').textContent(), { timeout: 15_000 }).toMatch(/already here/);
      await page.getByTestId('import-plan').getByRole('button', { name: 'Import' }).click();
      await page.waitForSelector('[data-testid=your-data]', { state: 'detached', timeout: 30_000 });
      await page.waitForSelector(SETTLED_FEED_CARD);
      const liked = await page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open('sift');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const read = open.result.transaction('eventPages').objectStore('eventPages').getAll();
              read.onsuccess = () =>
                resolve(
                  (read.result as Array<{ events: Array<{ kind: string; itemId?: string }> }>)
                    .flatMap((p) => p.events)
                    .filter((e) => e.kind === 'like')
                    .map((e) => e.itemId ?? ''),
                );
            };
          }),
      );
      expect(liked.sort()).toEqual([likedInApp, likedOnSite].sort());
    } finally {
      await context.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
