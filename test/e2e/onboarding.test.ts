import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

async function feedTags(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid=feed-card]', (cards) => cards.map((card) => [...card.querySelectorAll('[data-testid=tag]')].map((t) => t.textContent ?? '')));
}

describe('onboarding a new user', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('picked topics and typed interests steer the first feed; the choice is remembered', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const onboarding = page.getByTestId('onboarding');
      await expect.poll(() => onboarding.isVisible()).toBe(true);
      const count = async (tag: string): Promise<number> => (await feedTags(page)).filter((tags) => tags.includes(tag)).length;
      const before = await count('Animation');

      await onboarding.getByRole('button', { name: 'Animation', exact: true }).click();
      await expect.poll(() => count('Animation'), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 5);
      const reasons = await page.locator('[data-testid=reason][data-kind=matches-interests]').allTextContents();
      expect(reasons.some((reason) => reason.includes('Animation'))).toBe(true);

      await onboarding.getByLabel('Describe what you like').fill('pixar');
      await onboarding.getByRole('button', { name: 'Add' }).click();
      await expect.poll(async () => (await feedTags(page)).slice(0, 10).filter((tags) => tags.includes('pixar')).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      await screenshot(page, 'onboarding');

      await onboarding.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => page.getByTestId('onboarding').count()).toBe(0);
      await page.getByRole('button', { name: 'Your history' }).click();
      await expect.poll(() => page.locator('[data-testid=history-row][data-kind=stated-interest]').count()).toBe(2);

      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      expect(await page.getByTestId('onboarding').count()).toBe(0);
      expect(await count('Animation')).toBeGreaterThanOrEqual(before + 5);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
