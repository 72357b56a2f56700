import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, removeProfileDir, screenshot, serveDist, type StaticServer } from './harness';

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
  await page.waitForSelector('[data-testid=feed-card]', { timeout: 60_000 });
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

      const genre = 'Horror';
      const horrorBefore = initial.filter((card) => hasTag(card, genre)).length;
      const liked: string[] = [];
      const likedTags = new Set<string>();
      for (let i = 0; i < 2; i += 1) {
        const target = (await readFeed(page)).find((card) => hasTag(card, genre) && !liked.includes(card.id));
        expect(target, `a ${genre} card to like`).toBeDefined();
        liked.push(target!.id);
        for (const tag of target!.tags) likedTags.add(tag.toLowerCase());
        await actOn(page, target!.id, /^♡ Like$/);
      }

      const after = await readFeed(page);
      afterLikes = after;
      const horrorAfter = after.filter((card) => hasTag(card, genre)).length;
      expect(horrorAfter).toBeGreaterThanOrEqual(Math.max(8, 2 * horrorBefore));
      const fresh = after.filter((card) => !liked.includes(card.id));
      expect(fresh[0]!.reasons[0], JSON.stringify(fresh[0])).toMatch(/^Matches your interest in /);
      // Explanations are faithful: each cited interest is a tag of the card and of something liked.
      for (const card of fresh.slice(0, 10)) {
        expect(card.cited.length, card.title).toBeGreaterThan(0);
        for (const label of card.cited) {
          expect(card.tags.map((tag) => tag.toLowerCase()), card.title).toContain(label.toLowerCase());
          expect([...likedTags], card.title).toContain(label.toLowerCase());
        }
      }
      await screenshot(page, 'feed-after-two-likes');

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
      // The dislike is learnt, not just filtered: items sharing its tags lose ground.
      const shared = (card: CardView): number => card.tags.filter((tag) => first.tags.includes(tag)).length;
      const overlap = (cards: CardView[]): number => cards.reduce((sum, card) => sum + shared(card), 0);
      expect(overlap(afterDislike)).toBeLessThan(overlap(feed.slice(1)));
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
