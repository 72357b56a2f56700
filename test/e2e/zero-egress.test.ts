import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { distWith, feedIds, openBrowser, removeProfileDir, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';
import { FILMS_PATH, turnOnWriter, WRITER_ID, WRITER_SENTENCE, writingSiteFiles } from './writing-fixture';

interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string | null;
  readonly from: string;
}

/** Clicks one of a card's buttons and waits until the app has taken it in. */
async function act(page: Page, id: string, action: 'like' | 'save' | 'dislike' | 'hide'): Promise<void> {
  const card = page.locator(`[data-item-id="${id}"]`);
  const label = { like: /Like/, save: /Save/, dislike: 'Not for me', hide: 'Hide' }[action];
  await card.getByRole('button', { name: label }).click();
  if (action === 'dislike' || action === 'hide') await card.waitFor({ state: 'detached' });
  else await expect.poll(async () => (await card.count()) === 0 || (await card.getByRole('button', { name: label }).getAttribute('aria-pressed', { timeout: 2_000 })) === 'true', { timeout: 10_000 }).toBe(true);
}

/** Requests that are not a GET of the app's own files, or that carry something the user did. */
function notOwnFiles(seen: readonly SeenRequest[], appUrl: string, secrets: readonly string[]): SeenRequest[] {
  const origin = new URL(appUrl).origin;
  return seen.filter((request) => {
    const url = new URL(request.url);
    const ownFile = request.method === 'GET' && (url.origin === origin || url.protocol === 'blob:' || url.protocol === 'data:');
    return !ownFile || request.body !== null || secrets.some((secret) => decodeURIComponent(request.url).includes(secret.replace(/"/g, '')));
  });
}

/** Every request the browser makes, from the page, its workers and the service worker. */
function recordRequests(context: BrowserContext): SeenRequest[] {
  const seen: SeenRequest[] = [];
  context.on('request', (request) => {
    const worker = request.frame === undefined ? 'worker' : 'page';
    seen.push({ method: request.method(), url: request.url(), body: request.postData(), from: request.serviceWorker() !== null ? 'service worker' : worker });
  });
  return seen;
}

describe('zero egress: a whole session sends nothing personal anywhere', () => {
  let app: StaticServer;
  const arrived: Array<{ method: string; url: string }> = [];
  beforeAll(async () => {
    app = await serveDist({ onRequest: (request) => arrived.push(request) });
  });
  afterAll(async () => {
    await app.close();
  });

  it('onboarding, 30 interactions, search, a conversational request, profile edits, export and reload: only GETs of the app\'s own files', async () => {
    const browser = await openBrowser();
    const { page, context } = browser;
    const seen = recordRequests(context);
    // Everything the user typed or did that must never appear on the wire.
    const secrets = ['slow-burn', 'mysteries', 'detective', 'happy ending', 'happy%20ending'];
    // A step that cannot finish fails here, with its line, instead of using up the test's time.
    page.setDefaultTimeout(20_000);
    try {
      await page.goto(app.url);
      // Onboarding: two topics and a sentence.
      await page.waitForSelector('.onboarding');
      const chips = page.locator('.onboarding .chips button');
      await chips.nth(0).click();
      await chips.nth(3).click();
      secrets.push(...(await chips.nth(0).textContent())!.split(/\s+/).filter((w) => w.length > 3));
      await page.fill('#stated-interest', 'slow-burn mysteries');
      await page.locator('.onboarding').getByRole('button', { name: 'Add' }).click();
      await page.locator('.onboarding').getByRole('button', { name: 'Done' }).click();
      await page.waitForSelector('.onboarding', { state: 'detached' });

      // Thirty interactions across the feed.
      const plan: Array<'like' | 'save' | 'dislike' | 'hide'> = [...Array<'like'>(12).fill('like'), ...Array<'save'>(8).fill('save'), ...Array<'dislike'>(6).fill('dislike'), ...Array<'hide'>(4).fill('hide')];
      const done = new Set<string>();
      for (const action of plan) {
        let id = (await feedIds(page)).find((candidate) => !done.has(candidate));
        if (id === undefined) {
          await page.getByRole('button', { name: 'Show more' }).click();
          await expect.poll(async () => (await feedIds(page)).some((candidate) => !done.has(candidate))).toBe(true);
          id = (await feedIds(page)).find((candidate) => !done.has(candidate))!;
        }
        done.add(id);
        await act(page, id, action);
      }
      secrets.push(...[...done].map((id) => `"${id}"`));

      // A search, and a like on one of its results.
      await page.fill('#catalogue-search', 'detective');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForSelector('[data-testid=search-results] [data-testid=feed-card]');
      const [result] = await feedIds(page);
      await act(page, result!, 'like');
      await page.getByRole('button', { name: 'Back to your feed' }).click();

      // A conversational request.
      await page.fill('#ask-sift', 'a sci-fi film with a happy ending, nothing too long');
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await page.waitForSelector('[data-testid=understood]');
      await page.getByRole('button', { name: 'Back to your feed' }).click();

      // The profile page: remove the heaviest tag.
      await page.getByRole('navigation').getByRole('button', { name: 'What Sift knows', exact: true }).click();
      const heaviest = page.locator('[data-testid=tag-weight]').first();
      await heaviest.getByRole('button', { name: 'Remove' }).click();

      // Export, then a reload.
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      // The plain export (its contents are checked here; sealing changes nothing on the wire, and the sealed file is its own test).
      await page.getByText('Export without a passphrase').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plain').click()]);
      const exported = readFileSync(await download.path(), 'utf8');
      expect(exported).toContain('slow-burn mysteries');
      expect(exported).toContain('"query": "detective"');
      expect(exported).toContain('a sci-fi film with a happy ending');
      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.waitForTimeout(500);

      const offending = notOwnFiles(seen, app.url, secrets);
      console.log(`zero egress: ${seen.length} requests seen in the browser (${new Set(seen.map((r) => r.from)).size} kinds of sender), ${arrived.length} at the server, ${offending.length} not a GET of the app's own files`);
      expect(offending).toEqual([]);
      expect(seen.length).toBeGreaterThan(5);
      // And what reached the server agrees: GETs (and HEADs) of files, nothing else.
      expect(arrived.filter((request) => request.method !== 'GET' && request.method !== 'HEAD')).toEqual([]);
      expect(arrived.filter((request) => secrets.some((secret) => decodeURIComponent(request.url).includes(secret.replace(/"/g, ''))))).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('a writing session with the site’s own language model: download, blurbs, digest, profile summary, Ask and a reload, and still only GETs of the app’s own files', async () => {
    const root = distWith(writingSiteFiles());
    const site = await serveDist({ root });
    const browser = await openBrowser();
    const { page, context } = browser;
    const seen = recordRequests(context);
    const secrets = ['cosy heist', 'cosy%20heist'];
    page.setDefaultTimeout(30_000);
    try {
      await page.goto(`${site.url}?catalog=${encodeURIComponent(`${site.url}${FILMS_PATH}`)}`);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await turnOnWriter(page, WRITER_ID);
      await page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
      for (const id of (await feedIds(page)).slice(0, 2)) await act(page, id, 'like');
      await expect.poll(async () => (await page.getByTestId('blurb').allTextContents()).includes(WRITER_SENTENCE)).toBe(true);
      await page.fill('#ask-sift', 'a cosy heist with a twist');
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await page.waitForSelector('[data-testid=understood]');
      await page.getByRole('button', { name: 'Back to your feed' }).click();
      await page.getByRole('navigation').getByRole('button', { name: 'What Sift knows', exact: true }).click();
      await expect.poll(() => page.getByTestId('profile-summary').textContent()).toBe(WRITER_SENTENCE);
      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      await expect.poll(async () => (await page.getByTestId('blurb').allTextContents()).includes(WRITER_SENTENCE), { timeout: 60_000 }).toBe(true);

      const offending = notOwnFiles(seen, site.url, secrets);
      const modelFiles = seen.filter((request) => request.url.includes(`/models/${WRITER_ID}/`));
      console.log(`zero egress while writing: ${seen.length} requests seen (${modelFiles.length} of the model's files), ${offending.length} not a GET of the app's own files`);
      expect(modelFiles.length).toBeGreaterThan(0);
      expect(offending).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await site.close();
      removeProfileDir(root);
    }
  });
});
