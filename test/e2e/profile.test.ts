import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { feedIds, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

async function like(page: Page, id: string): Promise<void> {
  const before = (await feedIds(page)).join();
  await page.locator(`[data-item-id="${id}"]`).getByRole('button', { name: /Like/ }).click();
  await expect.poll(async () => (await feedIds(page)).join()).not.toBe(before);
}

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click();

async function tagRows(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=tag-weight]', (rows) => rows.map((row) => row.getAttribute('data-tag') ?? ''));
}

async function cardTags(page: Page, id: string): Promise<string[]> {
  return page.locator(`[data-item-id="${id}"] [data-testid=tag]`).allTextContents();
}

describe('what Sift knows about you', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('shows the learnt interests and tags; removing a tag, forgetting an item and deleting an event change the feed and survive a reload', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const [first, second] = (await feedIds(page)).slice(0, 2);
      const firstTags = await cardTags(page, first!);
      const firstTitle = ((await page.locator(`[data-item-id="${first}"] h3`).textContent()) ?? '').trim().replace(/\s*\d{4}$/, '');
      await like(page, first!);
      await page.waitForSelector(`[data-item-id="${second}"]`);
      await like(page, second!);

      await nav(page, 'What Sift knows');
      await page.waitForSelector('[data-testid=interest]');
      const tags = await tagRows(page);
      expect(tags.length).toBeGreaterThan(0);
      expect(tags.some((tag) => firstTags.includes(tag))).toBe(true);
      // Each interest is described by the catalogue items nearest to it.
      await expect.poll(() => page.locator('[data-testid=interest]').first().textContent()).toMatch(/Like .+/);
      await screenshot(page, 'profile');

      // Remove the heaviest tag: it leaves the profile, and the feed is ranked again without it.
      const heaviest = tags[0]!;
      await nav(page, 'For you');
      const feedBefore = (await feedIds(page)).join();
      await nav(page, 'What Sift knows');
      await page.locator(`[data-testid=tag-weight][data-tag="${heaviest}"]`).getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => tagRows(page)).not.toContain(heaviest);
      await nav(page, 'For you');
      await expect.poll(async () => (await feedIds(page)).join()).not.toBe(feedBefore);

      // Stated interests can be added, edited and removed here.
      await nav(page, 'What Sift knows');
      await page.fill('#new-interest', 'heist films');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => page.getByTestId('stated-interests').textContent()).toContain('heist films');
      await page.getByTestId('stated-interest').getByRole('button', { name: 'Edit' }).click();
      await page.fill('#edit-interest', 'caper comedies');
      await page.getByTestId('stated-interest').getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByTestId('stated-interests').textContent()).toContain('caper comedies');
      expect(await page.getByTestId('stated-interests').textContent()).not.toContain('heist films');

      // History: search finds the like; forgetting the item takes all its events away.
      await nav(page, 'Your history');
      await page.fill('#history-search', firstTitle);
      await expect.poll(() => page.locator('[data-testid=history-row][data-kind=like]').count()).toBe(1);
      await page.locator('[data-testid=history-row][data-kind=like]').getByRole('button', { name: 'Forget this item' }).click();
      await expect.poll(() => page.locator('[data-testid=history-row]').count()).toBe(0);
      await page.fill('#history-search', '');
      // Delete the stated interest's event from the history itself.
      const statedRows = page.locator('[data-testid=history-row][data-kind=stated-interest]');
      await expect.poll(() => statedRows.count()).toBe(1);
      await statedRows.getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => statedRows.count()).toBe(0);

      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      expect(await page.locator(`[data-item-id="${first}"] [aria-pressed=true]`).count()).toBe(0);
      await nav(page, 'Your history');
      await page.waitForSelector('[data-testid=history-summary][data-state=loaded]');
      await expect.poll(() => page.locator('main').textContent()).not.toContain(firstTitle);
      expect(await page.locator('[data-testid=history-row][data-kind=like]').count()).toBe(1);
      await nav(page, 'What Sift knows');
      await page.waitForSelector('[data-testid=interest]');
      expect(await tagRows(page)).not.toContain(heaviest);
      expect(await page.locator('[data-testid=stated-interest]').count()).toBe(0);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
