import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { docsScreenshot, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

interface CardView {
  readonly id: string;
  readonly title: string;
  readonly tags: string[];
  readonly reasons: string[];
  /** Labels cited by "matches your interests" reasons. */
  readonly cited: string[];
}

async function readFeed(page: Page): Promise<CardView[]> {
  return page.$$eval('[data-testid=feed-card]', (cards) =>
    cards.map((card) => ({
      id: card.getAttribute('data-item-id') ?? '',
      title: card.querySelector('h3')?.textContent?.trim() ?? '',
      tags: [...card.querySelectorAll('[data-testid=tag]')].map((tag) => tag.textContent ?? ''),
      reasons: [...card.querySelectorAll('[data-testid=reason]')].map((reason) => reason.textContent?.trim() ?? ''),
      cited: [...card.querySelectorAll('[data-testid=reason][data-kind=matches-interests]')].flatMap(
        (reason) => JSON.parse(reason.getAttribute('data-labels') ?? '[]') as string[],
      ),
    })),
  );
}

async function waitForFeed(page: Page): Promise<CardView[]> {
  await page.waitForSelector(SETTLED_FEED_CARD, { timeout: 60_000 });
  return readFeed(page);
}

/** Clicks a card button and waits until the feed no longer starts with the same ids. */
async function actOn(page: Page, itemId: string, label: RegExp): Promise<void> {
  const before = (await readFeed(page)).map((card) => card.id).join(',');
  await page.locator(`[data-item-id="${itemId}"]`).getByRole('button', { name: label }).click();
  await page.waitForFunction(
    (previous) => [...document.querySelectorAll('[data-testid=feed-card]')].map((c) => c.getAttribute('data-item-id')).join(',') !== previous,
    before,
    { timeout: 10_000 },
  );
}

const hasTag = (card: CardView, tag: string): boolean => card.tags.includes(tag);

describe('the feed learns from what the user does, in a real browser', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  it('re-ranks toward a liked genre, explains why, and keeps history and ranking across reload and browser restart', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    let afterLikes: CardView[] = [];
    try {
      await page.goto(server.url);
      const initial = await waitForFeed(page);
      expect(initial.length).toBe(20);
      // Cold start: ranked by popularity, and each card says so.
      expect(initial[0]!.reasons.some((reason) => reason.startsWith('Popular'))).toBe(true);

      const genre = 'Sci-Fi';
      const genreBefore = initial.filter((card) => hasTag(card, genre)).length;
      const liked: CardView[] = [];
      for (let i = 0; i < 2; i += 1) {
        const target = (await readFeed(page)).find((card) => hasTag(card, genre) && !liked.some((l) => l.id === card.id));
        expect(target, `a ${genre} card to like`).toBeDefined();
        liked.push(target!);
        await actOn(page, target!.id, /^♡ Like$/);
      }
      const likedIds = liked.map((card) => card.id);
      const likedTitles = liked.map((card) => card.title.replace(/\s+\d{4}$/, ''));
      const likedTags = new Set(liked.flatMap((card) => card.tags.map((tag) => tag.toLowerCase())));

      const after = await readFeed(page);
      afterLikes = after;
      expect(await page.getByTestId('onboarding').count()).toBe(0);
      const fresh = after.filter((card) => !likedIds.includes(card.id));
      // New items of the liked genre entered the feed, and the genre holds its share although
      // the two liked films themselves sank (already seen).
      const initialIds = new Set(initial.map((card) => card.id));
      expect(fresh.filter((card) => hasTag(card, genre) && !initialIds.has(card.id)).length).toBeGreaterThanOrEqual(1);
      expect(fresh.filter((card) => hasTag(card, genre)).length).toBeGreaterThanOrEqual(genreBefore);
      expect(fresh.slice(0, 3).some((card) => hasTag(card, genre)), JSON.stringify(fresh.slice(0, 3))).toBe(true);
      // Explanations are faithful and point back at what was liked: a liked title, or tags of
      // the card that the liked items have.
      for (const card of fresh.slice(0, 10)) {
        const citesTitle = card.reasons.some((reason) => likedTitles.some((title) => reason.includes(title)));
        const citesTags = card.cited.length > 0 && card.cited.every((label) => likedTags.has(label.toLowerCase()) && card.tags.some((t) => t.toLowerCase() === label.toLowerCase()));
        expect(citesTitle || citesTags || card.reasons.some((r) => r.startsWith('Something different')), JSON.stringify(card)).toBe(true);
      }
      await screenshot(page, 'feed-after-two-likes');
      await page.evaluate(() => window.scrollTo(0, 0));
      await docsScreenshot(page, 'feed');

      await page.getByRole('button', { name: 'Your history' }).click();
      await expect.poll(() => page.locator('[data-testid=history-row][data-kind=like]').count(), { timeout: 10_000 }).toBe(2);
      await screenshot(page, 'history');

      await page.reload();
      const reloaded = await waitForFeed(page);
      expect(reloaded.map((card) => card.id)).toEqual(after.map((card) => card.id));
      await page.getByRole('button', { name: 'Your history' }).click();
      await expect.poll(() => page.locator('[data-testid=history-row][data-kind=like]').count(), { timeout: 10_000 }).toBe(2);
    } finally {
      await browser.close();
    }
    const after = afterLikes;

    // Close the browser entirely and start it again on the same profile directory.
    const reopened = await openBrowser(browser.userDataDir);
    try {
      await reopened.page.goto(server.url);
      const feed = await waitForFeed(reopened.page);
      expect(feed.map((card) => card.id)).toEqual(after.map((card) => card.id));
      await reopened.page.getByRole('button', { name: 'Saved', exact: true }).click();
      await reopened.page.getByRole('button', { name: 'Your history' }).click();
      await expect.poll(() => reopened.page.locator('[data-testid=history-row][data-kind=like]').count(), { timeout: 10_000 }).toBe(2);
    } finally {
      await reopened.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('a dislike removes an item from the feed, a save lists it under Saved, both land in the history', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(server.url);
      const feed = await waitForFeed(page);
      const first = feed[0]!;
      await actOn(page, first.id, /not for me/i);
      const afterDislike = await readFeed(page);
      expect(afterDislike.map((card) => card.id)).not.toContain(first.id);
      const second = afterDislike[0];

      await page.locator(`[data-item-id="${second!.id}"]`).getByRole('button', { name: '☆ Save' }).click();
      await expect.poll(() => page.locator(`[data-item-id="${second!.id}"] button[aria-pressed=true]`).count()).toBe(1);
      await page.getByRole('button', { name: 'Saved', exact: true }).click();
      await expect.poll(() => page.getByTestId('saved-list').getByText(second!.title.replace(/\s+\d{4}$/, '')).count()).toBe(1);
      await page.getByRole('button', { name: 'Your history' }).click();
      await expect.poll(() => page.locator('[data-testid=history-row]').count()).toBe(2);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
