import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedIds, openBrowser, removeProfileDir, screenshot, serveDist, type StaticServer } from './harness';

describe('asking Sift for something (no WebGPU: the built-in rules)', () => {
  let app: StaticServer;
  beforeAll(async () => {
    app = await serveDist();
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows what the request was understood as, results that fit it, and the feed leans towards it', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(app.url);
      await page.waitForSelector('[data-testid=feed-card]');
      const feedBefore = await feedIds(page);
      await page.fill('#ask-sift', 'I want a sci-fi film with a happy ending, nothing too long, no horror');
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await page.waitForSelector('[data-testid=understood]');
      const parts = await page.getByTestId('intent-part').allTextContents();
      expect(parts).toEqual(expect.arrayContaining(['Sci-Fi', 'happy ending', 'not Horror', 'short']));
      expect(await page.getByTestId('intent-note').allTextContents()).toContainEqual(expect.stringMatching(/does not say how long items are/));
      expect(await page.getByTestId('generation-mode').textContent()).toMatch(/built-in rules/);
      await screenshot(page, 'ask');
      const tagsOfResults = await page.$$eval('[data-testid=search-results] [data-testid=feed-card]', (cards) =>
        cards.map((card) => [...card.querySelectorAll('[data-testid=tag]')].map((t) => t.textContent ?? '')),
      );
      expect(tagsOfResults.length).toBeGreaterThan(5);
      for (const tags of tagsOfResults) {
        expect(tags.some((t) => ['Sci-Fi', 'happy ending', 'feel-good'].includes(t))).toBe(true);
        expect(tags).not.toContain('Horror');
      }
      // The best matches carry more of what was asked for.
      expect(tagsOfResults[0]).toContain('Sci-Fi');

      await page.getByRole('button', { name: 'Back to your feed' }).click();
      await expect.poll(async () => (await feedIds(page)).join()).not.toBe(feedBefore.join());
      const history = async () => {
        await page.getByRole('navigation').getByRole('button', { name: 'Your history', exact: true }).click();
        return page.locator('[data-testid=history-row][data-kind=ask]').allTextContents();
      };
      await expect.poll(history).toContainEqual(expect.stringMatching(/Asked for.*sci-fi film with a happy ending/));
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
