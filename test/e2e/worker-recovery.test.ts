import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedIds, openBrowser, removeProfileDir, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

describe('a ranking worker that dies', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('is replaced: the page ranks on its own thread meanwhile, then a restarted worker takes over with everything learnt', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await expect.poll(() => page.workers().length).toBeGreaterThan(0);
      const rankerWorker = page.workers().find((worker) => worker.url().includes('ranker'))!;
      // The worker ends itself: it stops answering, as a crashed or stuck worker does.
      await rankerWorker.evaluate(() => (globalThis as unknown as { close(): void }).close()).catch(() => undefined);

      const [liked] = await feedIds(page);
      const before = (await feedIds(page)).join();
      await page.locator(`[data-item-id="${liked}"]`).getByRole('button', { name: /Like/ }).click();
      // Within the worker's time limit (5 s) the page takes over and the like re-ranks the feed.
      await expect.poll(async () => (await feedIds(page)).join(), { timeout: 15_000 }).not.toBe(before);
      expect(messages.some((m) => m.includes('moved to the main thread'))).toBe(true);
      // The restarted worker takes over again (after a short back-off) and knows the like.
      await expect.poll(() => messages.some((m) => m.includes('back in its worker')), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => page.getByTestId('ranker-recovering').count()).toBe(0);
      const afterRestart = await feedIds(page);
      const [second] = afterRestart.filter((id) => id !== liked);
      await page.locator(`[data-item-id="${second}"]`).getByRole('button', { name: /Like/ }).click();
      await expect.poll(async () => (await feedIds(page)).join(), { timeout: 5_000 }).not.toBe(afterRestart.join());
      const likes = () => page.locator('[data-testid=history-row][data-kind=like]').count();
      await page.getByRole('navigation').getByRole('button', { name: 'Your history', exact: true }).click();
      await expect.poll(likes).toBe(2);
      await page.reload();
      await page.getByRole('navigation').getByRole('button', { name: 'Your history', exact: true }).click();
      await expect.poll(likes).toBe(2);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
