import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedIds, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

describe('writing and asking without a local language model', () => {
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
      await page.waitForSelector(SETTLED_FEED_CARD);
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

  it('blurbs, the weekly digest and the profile summary are written from the ranking\'s reasons, and the page says which writer is active', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(app.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const [first] = await feedIds(page);
      // The title first: once liked, the card may sink out of the page (already seen) before it is read.
      const likedTitle = ((await page.locator(`[data-item-id="${first}"] h3`).textContent()) ?? '').trim().replace(/\s*\d{4}$/, '');
      await page.locator(`[data-item-id="${first}"]`).getByRole('button', { name: /Like/ }).click();
      // After a like, the top cards say why in a sentence, grounded in what the ranking found.
      await expect.poll(() => page.getByTestId('blurb').allTextContents()).toContainEqual(expect.stringContaining(likedTitle));
      const blurbs = await page.getByTestId('blurb').allTextContents();
      expect(blurbs.length).toBeGreaterThanOrEqual(3);
      expect(blurbs.length).toBeLessThanOrEqual(6);
      const digest = (await page.getByTestId('digest').textContent()) ?? '';
      expect(digest).toMatch(/This week for you: /);
      const topTitles = await page.$$eval('[data-testid=feed] [data-testid=feed-card] h3', (hs) => hs.slice(0, 5).map((h) => h.firstChild?.textContent?.trim() ?? ''));
      for (const title of topTitles) expect(digest).toContain(title);
      // No WebGPU adapter in this headless browser: the page says the templates are writing.
      await expect.poll(() => page.getByTestId('writing-mode').textContent()).toMatch(/Written from the ranking’s reasons on this device: (this browser has no WebGPU|WebGPU found no graphics adapter)/);
      await screenshot(page, 'blurbs-and-digest');

      await page.getByRole('navigation').getByRole('button', { name: 'What Sift knows', exact: true }).click();
      await expect.poll(() => page.getByTestId('profile-summary').textContent()).toMatch(/^You are mostly into .+ \(\d+%\)/);
      await page.getByRole('button', { name: 'Edit this' }).click();
      await page.fill('#summary-edit', 'Mostly quiet dramas and clever heist films.');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => page.getByTestId('stated-interests').textContent()).toContain('clever heist films');
      expect(await page.getByTestId('summary-taken').count()).toBe(1);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('with WebGPU in software only (SwiftShader), Sift checks the adapter and keeps the templates', async () => {
    const browser = await openBrowser(undefined, ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader']);
    const { page } = browser;
    try {
      await page.goto(app.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const adapter = await page.evaluate(async () => {
        const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string } } | null> } }).gpu;
        const found = await gpu?.requestAdapter();
        return found === null || found === undefined ? 'none' : (found.info?.architecture ?? 'unknown');
      });
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      // The check runs after the first feed (and reads the site's model list): wait for its answer.
      await expect.poll(() => page.getByTestId('settings-writing-mode').textContent()).not.toMatch(/^Checking/);
      const mode = (await page.getByTestId('settings-writing-mode').textContent()) ?? '';
      console.log(`WebGPU adapter in headless Chromium: ${adapter}; writing mode: ${mode}`);
      expect(adapter).toBe('swiftshader');
      expect(mode).toMatch(/software one \(.*swiftshader.*\), too slow for a GPU language model; a small language model can still run on the CPU/);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
