import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

describe('"More like this" on a card', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('shows what is around the item, says why, leaves the item out, and goes back to the feed', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD, { timeout: 60_000 });
      const card = page.locator('[data-testid=feed-card]').first();
      const itemId = (await card.getAttribute('data-item-id'))!;
      const title = (await card.locator('h3').first().innerText()).replace(/\s+\d{4}$/, '').trim();
      await card.getByRole('button', { name: `More like this: ${title}` }).click();
      await expect.poll(() => page.getByTestId('search-summary').textContent(), { timeout: 20_000 }).toContain(`More like “${title}”`);
      const results = page.locator('[data-testid=search-results] [data-testid=feed-card]');
      await expect.poll(() => results.count()).toBeGreaterThanOrEqual(6);
      const ids = await results.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-item-id')));
      expect(ids).not.toContain(itemId);
      const reasons = await page.locator('[data-testid=search-results] [data-testid=reason]').evaluateAll((nodes) => nodes.map((n) => ({ kind: n.getAttribute('data-kind'), text: n.textContent?.trim() })));
      const around = reasons.filter((r) => r.kind === 'readers-also-read' || r.kind === 'because-reading');
      expect(around.length).toBeGreaterThanOrEqual(3);
      expect(around.every((r) => r.text?.includes(title))).toBe(true);
      await screenshot(page, 'more-like-this');
      await page.getByRole('button', { name: 'Back to your feed' }).click();
      await expect.poll(() => page.locator('[data-testid=feed] [data-testid=feed-card]').count()).toBeGreaterThan(0);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
