import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { feedIds, openBrowser, removeProfileDir, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

/** The event count History shows once its live query has answered with at least `atLeast`. */
async function eventCount(page: Page, atLeast: number): Promise<number> {
  await page.getByRole('navigation').getByRole('button', { name: 'Your history', exact: true }).click();
  const read = async (): Promise<number> => Number(/(\d+) events?/.exec((await page.locator('main').textContent()) ?? '')?.[1] ?? -1);
  await expect.poll(read, { timeout: 10_000 }).toBeGreaterThanOrEqual(atLeast);
  const count = await read();
  await page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
  return count;
}

describe('two tabs at once', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps the events of both tabs and updates both feeds', async () => {
    const browser = await openBrowser();
    const first = browser.page;
    try {
      await first.goto(server.url);
      await first.waitForSelector(SETTLED_FEED_CARD);
      const second = await browser.context.newPage();
      await second.goto(server.url);
      await second.waitForSelector('[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]');

      const liked = (await feedIds(first))[1]!;
      const before = (await feedIds(first)).join();
      await first.locator(`[data-item-id="${liked}"]`).getByRole('button', { name: /Like/ }).click();
      await expect.poll(async () => (await feedIds(first)).join()).not.toBe(before);
      // The other tab takes the like in: same feed, shown as liked wherever it appears.
      await expect.poll(async () => (await feedIds(second)).join(), { timeout: 15_000 }).toBe((await feedIds(first)).join());

      const disliked = (await feedIds(second))[0]!;
      await second.locator(`[data-item-id="${disliked}"]`).getByRole('button', { name: /Not for me/ }).click();
      await expect.poll(() => feedIds(second)).not.toContain(disliked);
      await expect.poll(async () => (await feedIds(first)).join(), { timeout: 15_000 }).toBe((await feedIds(second)).join());
      expect(await feedIds(first)).not.toContain(disliked);

      await first.waitForTimeout(1200);
      // Like, the skip above it, and the dislike: stored once, seen by both.
      const counts = [await eventCount(first, 3), await eventCount(second, 3)];
      expect(counts[0]).toBe(counts[1]);
      await second.close();
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
