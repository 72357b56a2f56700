import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { badTrackCalls, frameWidgetIds, openBrowser, removeProfileDir, screenshot, serveDist, widgetFrame, widgetHostPage, type StaticServer } from './harness';

/** Sci-Fi films of the demo catalogue that a reader of a film site reads on the host's pages. */
const READ_ON_HOST = ['ml-541', 'ml-1196', 'ml-260', 'ml-1200'];

function hostPage(widgetOrigin: string): string {
  return widgetHostPage(widgetOrigin, `mode="inline" catalog="${widgetOrigin}catalog/movielens-demo.json" count="6" layout="row" lang="en"`);
}

const widgetIds = (page: Page): Promise<string[]> =>
  page.$$eval('sift-recs', (elements) => [...(elements[0]?.shadowRoot?.querySelectorAll('[data-testid=widget-item]') ?? [])].map((e) => e.getAttribute('data-item-id') ?? ''));

interface SiftEvent {
  readonly name: string;
  readonly detail: Record<string, unknown>;
}

describe('<sift-recs mode="inline"> embedded on another origin', () => {
  let widgetServer: StaticServer;
  let hostServer: StaticServer;
  let hostRoot: string;
  beforeAll(async () => {
    // The widget, its worker and the catalogue come from Sift's origin, with CORS as a CDN would send.
    widgetServer = await startStaticServer({ root: 'dist', headers: { 'access-control-allow-origin': '*' } }) as StaticServer;
    hostRoot = mkdtempSync(join(tmpdir(), 'sift-host-'));
    writeFileSync(join(hostRoot, 'index.html'), hostPage(widgetServer.url));
    hostServer = await startStaticServer({ root: hostRoot }) as StaticServer;
  });
  afterAll(async () => {
    await Promise.all([widgetServer.close(), hostServer.close()]);
    rmSync(hostRoot, { recursive: true, force: true });
  });

  it('renders, learns from track() and clicks, persists across reloads, and sends nothing but GETs for its own files', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    try {
      await page.goto(hostServer.url);
      await expect.poll(() => widgetIds(page), { timeout: 60_000 }).toHaveLength(6);
      await expect.poll(() => page.evaluate(() => (window as unknown as { siftEvents: SiftEvent[] }).siftEvents.map((e) => e.name))).toContain('sift-ready');
      const cold = await widgetIds(page);

      // The host reports pages the reader read; the widget re-ranks toward them.
      for (const id of READ_ON_HOST) await page.evaluate(([itemId]) => document.querySelector('sift-recs')!.track(itemId!, 'open'), [id]);
      await page.evaluate(() => document.querySelector('sift-recs')!.refresh());
      const learnt = await widgetIds(page);
      expect(learnt).not.toEqual(cold);
      for (const id of READ_ON_HOST) expect(learnt).not.toContain(id);
      const reasons = await page.$$eval('sift-recs', (e) => [...(e[0]?.shadowRoot?.querySelectorAll('[data-testid=widget-reason]') ?? [])].map((r) => r.textContent ?? ''));
      expect(reasons.some((r) => /Blade Runner|Star Wars|Aliens|Sci-Fi|Because you read|Readers of/.test(r))).toBe(true);
      await screenshot(page, 'widget-after-track');

      // A click on a recommendation: the host hears only which item, and the widget learns from it.
      const clicked = learnt[0]!;
      await page.locator(`sift-recs [data-item-id="${clicked}"] a.title`).click();
      await expect.poll(() => page.evaluate(() => (window as unknown as { siftEvents: SiftEvent[] }).siftEvents.filter((e) => e.name === 'sift-click'))).toEqual([
        { name: 'sift-click', detail: { itemId: clicked, url: expect.stringMatching(/^https:\/\//) } },
      ]);
      await expect.poll(() => widgetIds(page)).not.toContain(clicked);
      const afterClick = await widgetIds(page);
      await page.waitForTimeout(1200);

      await page.reload();
      await expect.poll(() => widgetIds(page), { timeout: 60_000 }).toEqual(afterClick);

      // Attributes the host may change at any time; bad track() calls are the host's bug, reported.
      const layout = await page.$eval('sift-recs', (e) => e.shadowRoot?.querySelector('section')?.getAttribute('data-layout'));
      expect(layout).toBe('row');
      await page.$eval('sift-recs', (e) => {
        e.setAttribute('lang', 'zh');
        e.setAttribute('layout', 'list');
        e.setAttribute('count', '3');
      });
      await expect.poll(() => page.$eval('sift-recs', (e) => e.shadowRoot?.querySelector('h2')?.textContent)).toBe('为你推荐');
      await expect.poll(() => widgetIds(page)).toEqual(afterClick.slice(0, 3));
      expect(await page.$eval('sift-recs', (e) => e.shadowRoot?.querySelector('section')?.getAttribute('data-layout'))).toBe('list');
      const errors = await badTrackCalls(page);
      expect(errors).toEqual(['TypeError', 'TypeError']);
      await screenshot(page, 'widget-zh-list');

      // Zero egress: every request is a GET for the host page or Sift's own files.
      const origins = new Set([new URL(hostServer.url).origin, new URL(widgetServer.url).origin]);
      for (const request of requests) {
        const url = new URL(request.url());
        expect(request.method()).toBe('GET');
        expect(origins.has(url.origin) || url.protocol === 'blob:').toBe(true);
        expect(url.search).toBe('');
        expect(request.postData()).toBeNull();
      }
      // (blob: is the same-origin stub that starts the cross-origin worker script.)
      const paths = [...new Set(requests.filter((r) => !r.url().startsWith('blob:')).map((r) => new URL(r.url()).pathname))];
      expect(paths.every((p) => p === '/' || p.startsWith('/widget/') || p === '/catalog/movielens-demo.json' || p === '/favicon.ico'), JSON.stringify(paths)).toBe(true);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('the demo article page embeds the widget (in its frame) as written in the docs', async () => {
    const app = await serveDist();
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${app.url}demo/article.html`);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(6);
      // The article tracked the read; the reader likes it with the site's own button; the widget
      // re-ranks around the film and says so.
      await page.getByRole('button', { name: /I liked this article/ }).click();
      const reasons = async (): Promise<string[]> => (await widgetFrame(page)?.$$eval('[data-testid=widget-reason]', (items) => items.map((r) => r.textContent ?? ''))) ?? [];
      await expect.poll(reasons, { timeout: 20_000 }).toContainEqual(expect.stringMatching(/Blade Runner/));
      expect(await frameWidgetIds(page)).not.toContain('ml-541');
      await screenshot(page, 'widget-demo-article');
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await app.close();
    }
  });
});
