import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedIds, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

describe('storage running short', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('near the quota, the oldest history is summarised and deleted, the user is told, and the profile and feed stay', async () => {
    const browser = await openBrowser();
    const { page, context } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      for (let i = 0; i < 4; i += 1) {
        const before = (await feedIds(page)).join();
        await page.locator('[data-testid=feed-card]').nth(i).getByRole('button', { name: /Like/ }).click();
        await expect.poll(async () => (await feedIds(page)).join()).not.toBe(before);
      }
      const likedBefore = await page.locator('[data-testid=feed-card] [aria-pressed=true]').count();
      const eventCount = async (): Promise<number> => {
        await page.getByRole('navigation').getByRole('button', { name: 'Your history', exact: true }).click();
        await page.waitForSelector('[data-testid=history-summary][data-state=loaded]');
        return Number(/(\d+) events?/.exec((await page.getByTestId('history-summary').textContent()) ?? '')?.[1]);
      };
      // Let the events and the profile snapshot be written (both are batched), then count.
      await page.waitForTimeout(1500);
      const total = await eventCount();
      expect(total).toBeGreaterThanOrEqual(4);
      await page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
      // Then the disk "fills up": the quota the browser reports shrinks to just above what is
      // stored (Chromium's DevTools quota override has no effect in this headless build, so the
      // boundary is played here: estimate() answers like a nearly full origin, with the real usage).
      await context.addInitScript(() => {
        const real = navigator.storage.estimate.bind(navigator.storage);
        navigator.storage.estimate = async () => {
          const estimate = await real();
          return { ...estimate, quota: Math.ceil((estimate.usage ?? 0) / 0.95) };
        };
      });
      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      await expect.poll(() => page.getByTestId('notice').allTextContents(), { timeout: 20_000 }).toContainEqual(expect.stringMatching(/storage for Sift was full, so your \d+ oldest history entries were summarised/));
      await screenshot(page, 'storage-compacted');
      const notices = (await page.getByTestId('notice').allTextContents()).join(' ');
      const summarised = Number(/your (\d+) oldest history entries/.exec(notices)?.[1]);
      expect(summarised).toBe(Math.ceil(total / 2));
      expect(await eventCount()).toBe(total - summarised);
      await page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
      // What was learnt is intact: the same likes are marked and the feed still follows them.
      await expect.poll(() => page.locator('[data-testid=feed-card] [aria-pressed=true]').count()).toBe(likedBefore);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
