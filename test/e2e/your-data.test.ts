import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { feedIds, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

async function historyText(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Your history' }).click();
  // The view reads IndexedDB; its summary says when the answer is in.
  await page.waitForSelector('[data-testid=history-summary][data-state=loaded]');
  return (await page.locator('main').textContent()) ?? '';
}

async function like(page: Page, id: string): Promise<void> {
  const before = (await feedIds(page)).join();
  await page.locator(`[data-item-id="${id}"]`).getByRole('button', { name: /Like/ }).click();
  await expect.poll(async () => (await feedIds(page)).join()).not.toBe(before);
}

describe('your data: export, wipe, import', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exports the history as a file, deletes everything but the models, and brings the history back from the file', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const [first, second] = (await feedIds(page)).slice(1, 3);
      const titleOf = async (id: string) => ((await page.locator(`[data-item-id="${id}"] h3`).textContent()) ?? '').trim().replace(/\s*\d{4}$/, '');
      const titles = [await titleOf(first!), await titleOf(second!)];
      await like(page, first!);
      await page.waitForSelector(`[data-item-id="${second}"]`);
      await like(page, second!);
      // Something to keep (a model) and something to lose (any other cache).
      await page.evaluate(async () => {
        await (await caches.open('sift-models')).put('/models/m/config.json', new Response('{}'));
        await (await caches.open('other-cache')).put('/x', new Response('x'));
        localStorage.setItem('left-behind', '1');
      });

      await page.getByRole('button', { name: 'Settings' }).click();
      await expect.poll(() => page.getByTestId('storage-usage').textContent()).toMatch(/of .* available/);
      expect(await page.getByTestId('persist-status').textContent()).toMatch(/browser/);
      // The plain file is behind its warning; the sealed one is the default (the next test).
      await page.getByText('Export without a passphrase').click();
      await expect.poll(() => page.locator('details .notice').textContent()).toMatch(/anyone who gets it .* can read your whole history/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plain').click()]);
      expect(download.suggestedFilename()).toMatch(/^sift-data-\d{4}-\d{2}-\d{2}\.json$/);
      const exportPath = await download.path();
      const exported = JSON.parse(readFileSync(exportPath, 'utf8')) as { format: string; catalogues: Array<{ events: Array<{ kind: string; itemId?: string }> }> };
      expect(exported.format).toBe('sift-personal-data');
      const events = exported.catalogues.flatMap((c) => c.events);
      expect(events.filter((e) => e.kind === 'like').map((e) => e.itemId)).toEqual([first, second]);

      await page.getByRole('button', { name: 'Delete everything…' }).click();
      await page.getByRole('button', { name: 'Delete everything now' }).click();
      // The page reloads into a fresh start (the feed view, no settings).
      await page.waitForSelector('[data-testid=your-data]', { state: 'detached', timeout: 30_000 });
      await page.waitForSelector(SETTLED_FEED_CARD);
      expect(await historyText(page)).toMatch(/\b0 events\b/);
      const left = await page.evaluate(async () => ({ caches: await caches.keys(), local: localStorage.getItem('left-behind'), models: (await (await caches.open('sift-models')).keys()).length }));
      expect(left.caches).not.toContain('other-cache');
      expect(left.models).toBe(1);
      expect(left.local).toBeNull();

      await page.getByRole('button', { name: 'Settings' }).click();
      await page.setInputFiles('#import-file', exportPath);
      await expect.poll(() => page.getByTestId('import-plan').textContent()).toMatch(new RegExp(`will add ${events.length} events`));
      await screenshot(page, 'import-plan');
      await page.getByTestId('import-plan').getByRole('button', { name: 'Import' }).click();
      await page.waitForSelector('[data-testid=your-data]', { state: 'detached', timeout: 30_000 });
      await page.waitForSelector(SETTLED_FEED_CARD);
      expect(await historyText(page)).toMatch(new RegExp(`\\b${events.length} events\\b`));
      // Titles appear once the catalogue's items are read (after the feed is up).
      for (const title of titles) await expect.poll(() => page.locator('main').textContent()).toContain(title);

      // A file that is not an export is refused with the reason, and nothing changes.
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.setInputFiles('#import-file', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"other"}') });
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/notes\.json cannot be imported: it is not a Sift data export/);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('a sealed export from one browser opens only with its passphrase in another, which keeps its own history too', async () => {
    const passphrase = 'ferry lantern quietly orbit mango';
    const exporter = await openBrowser();
    const importer = await openBrowser();
    try {
      // Browser A likes one item and exports, sealed.
      const a = exporter.page;
      // The system share sheet of a phone (the boundary: Chromium on Linux has none): it takes
      // the files offered and keeps what it was given.
      await a.addInitScript(() => {
        const shared: Array<{ name: string; head: string; size: number }> = [];
        Object.assign(window, { sharedFiles: shared });
        Object.defineProperty(navigator, 'canShare', { value: (data?: ShareData) => Array.isArray(data?.files) && data.files.every((file) => file instanceof File) });
        Object.defineProperty(navigator, 'share', {
          value: async (data: ShareData) => {
            for (const file of data.files ?? []) shared.push({ name: file.name, head: new TextDecoder().decode(new Uint8Array(await file.arrayBuffer()).subarray(0, 8)), size: file.size });
          },
        });
      });
      await a.goto(server.url);
      await a.waitForSelector(SETTLED_FEED_CARD);
      const likedInA = (await feedIds(a))[1]!;
      const titleInA = ((await a.locator(`[data-item-id="${likedInA}"] h3`).textContent()) ?? '').trim().replace(/\s*\d{4}$/, '');
      await like(a, likedInA);
      await a.getByRole('button', { name: 'Settings' }).click();
      const button = a.getByTestId('export-sealed');
      await a.getByTestId('export-passphrase').fill('password');
      await a.getByTestId('export-passphrase-again').fill('password');
      await expect.poll(() => a.getByTestId('passphrase-strength').getAttribute('data-strength'), { timeout: 15_000 }).toBe('weak');
      expect(await button.isDisabled()).toBe(true);
      await a.getByTestId('export-passphrase').fill(passphrase);
      await a.getByTestId('export-passphrase-again').fill(passphrase);
      await expect.poll(() => a.getByTestId('passphrase-strength').getAttribute('data-strength'), { timeout: 15_000 }).toBe('strong');
      const [download] = await Promise.all([a.waitForEvent('download'), button.click()]);
      expect(download.suggestedFilename()).toMatch(/^sift-data-\d{4}-\d{2}-\d{2}\.sift$/);
      const sealed = readFileSync(await download.path());
      expect(sealed.subarray(0, 8).toString()).toBe('SIFTSEAL');
      expect(sealed.toString('latin1')).not.toContain(likedInA);
      // "Send to my other device" hands the same sealed file to the share sheet.
      await a.getByTestId('share-export').click();
      await expect.poll(() => a.evaluate(() => (window as unknown as { sharedFiles: unknown[] }).sharedFiles)).toEqual([{ name: download.suggestedFilename(), head: 'SIFTSEAL', size: sealed.length }]);

      // Browser B has its own like, then opens the file.
      const b = importer.page;
      await b.goto(server.url);
      await b.waitForSelector(SETTLED_FEED_CARD);
      const likedInB = (await feedIds(b)).find((id) => id !== likedInA)!;
      const titleInB = ((await b.locator(`[data-item-id="${likedInB}"] h3`).textContent()) ?? '').trim().replace(/\s*\d{4}$/, '');
      await like(b, likedInB);
      // What B holds, as its history summarises it ("N events …").
      const eventCount = async (page: Page): Promise<string> => /\b\d+ events?\b/.exec(await historyText(page))?.[0] ?? '';
      // (Read once B's writes have settled: two reads a moment apart agree.)
      let before = await eventCount(b);
      for (let again = await eventCount(b); again !== before; again = await eventCount(b)) before = again;
      await b.getByRole('button', { name: 'Settings' }).click();
      await b.setInputFiles('#import-file', { name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: sealed });
      await b.getByTestId('import-passphrase').fill('not the passphrase');
      await b.getByTestId('import-locked').getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => b.getByTestId('import-locked-problem').textContent(), { timeout: 15_000 }).toMatch(/passphrase is wrong, or the file was changed/);
      // A damaged copy says the same; nothing was changed by either.
      const damaged = Buffer.from(sealed);
      damaged[damaged.length - 5] = damaged[damaged.length - 5]! ^ 0xff;
      await b.getByTestId('import-locked').getByRole('button', { name: 'Cancel' }).click();
      await b.setInputFiles('#import-file', { name: 'damaged.sift', mimeType: 'application/octet-stream', buffer: damaged });
      await b.getByTestId('import-passphrase').fill(passphrase);
      await b.getByTestId('import-locked').getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => b.getByTestId('import-locked-problem').textContent(), { timeout: 15_000 }).toMatch(/passphrase is wrong, or the file was changed/);
      expect(await eventCount(b)).toBe(before);

      // A second tab of B stays open through the import.
      const otherTab = await importer.context.newPage();
      await otherTab.goto(server.url);
      await otherTab.waitForSelector(SETTLED_FEED_CARD);
      const importSealed = async (expectPlan: RegExp): Promise<void> => {
        await b.getByRole('button', { name: 'Settings' }).click();
        await b.setInputFiles('#import-file', { name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: sealed });
        await b.getByTestId('import-passphrase').fill(passphrase);
        await b.getByTestId('import-locked').getByRole('button', { name: 'Open' }).click();
        await expect.poll(() => b.getByTestId('import-plan').textContent(), { timeout: 15_000 }).toMatch(expectPlan);
        await b.getByTestId('import-plan').getByRole('button', { name: 'Import' }).click();
        await b.waitForSelector('[data-testid=your-data]', { state: 'detached', timeout: 30_000 });
        await b.waitForSelector(SETTLED_FEED_CARD);
      };
      await importSealed(/will add \d+ events?/);
      // Both histories: B's own like and A's, in B's history, in both tabs.
      await historyText(b);
      for (const title of [titleInA, titleInB]) await expect.poll(() => b.locator('main').textContent(), { timeout: 15_000 }).toContain(title);
      await otherTab.reload();
      await otherTab.waitForSelector(SETTLED_FEED_CARD);
      await historyText(otherTab);
      for (const title of [titleInA, titleInB]) await expect.poll(() => otherTab.locator('main').textContent(), { timeout: 15_000 }).toContain(title);

      // B forgets the item A liked; the same (older) file imported again does not bring it back.
      await b.fill('#history-search', titleInA);
      await expect.poll(() => b.locator('[data-testid=history-row][data-kind=like]').count()).toBe(1);
      await b.locator('[data-testid=history-row][data-kind=like]').getByRole('button', { name: 'Forget this item' }).click();
      await expect.poll(() => b.locator('[data-testid=history-row]').count()).toBe(0);
      await importSealed(/will add 0 events[\s\S]*1 you deleted here stay deleted/);
      await historyText(b);
      await b.fill('#history-search', titleInA);
      await expect.poll(() => b.locator('[data-testid=history-row][data-kind=like]').count()).toBe(0);
    } finally {
      await Promise.all([exporter.close(), importer.close()]);
      removeProfileDir(exporter.userDataDir);
      removeProfileDir(importer.userDataDir);
    }
  });
});
