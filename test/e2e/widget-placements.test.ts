import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { frameStoredEvents, frameWidgetIds, openBrowser, removeProfileDir, screenshot, widgetFrame, widgetHostPage, type StaticServer } from './harness';

/** The demo catalogue's neighbours of an item, as the file publishes them. */
function neighboursOf(itemId: string): string[] {
  const catalogue = JSON.parse(readFileSync('public/catalog/movielens-demo.json', 'utf8')) as { items: Array<{ id: string; neighbors?: string[] }> };
  return catalogue.items.find((item) => item.id === itemId)?.neighbors ?? [];
}

/** Kinds of the events the framed widget stored (read inside the frame, on Sift's origin). */
function storedEvents(page: Page, catalogueUrl: string): Promise<Array<{ readonly kind: string; readonly itemId?: string }>> {
  return frameStoredEvents(widgetFrame(page)!, catalogueUrl);
}

function siftEvents(page: Page): Promise<Array<{ name: string; detail: unknown }>> {
  return page.evaluate(() => (window as unknown as { siftEvents: Array<{ name: string; detail: unknown }> }).siftEvents);
}

/** What the host page's own scripts can reach of Sift: nothing. */
function hostReach(page: Page): Promise<unknown> {
  return page.evaluate(async () => {
    const frame = document.querySelector('sift-recs')!.shadowRoot!.querySelector('iframe')!;
    let frameDocument = 'read';
    try {
      void frame.contentWindow!.document.body;
    } catch (error) {
      frameDocument = (error as Error).name;
    }
    return { databases: (await indexedDB.databases()).map((d) => d.name), localStorage: localStorage.length, contentDocument: frame.contentDocument, frameDocument };
  });
}

/** Every request of a session, to check at its end: GETs of the two origins' own files, no query strings, no bodies. */
function recordRequests(context: BrowserContext): () => void {
  const requests: Request[] = [];
  context.on('request', (request) => requests.push(request));
  return () => {
    for (const request of requests) {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') continue;
      expect(request.method(), request.url()).toBe('GET');
      expect(url.hostname, request.url()).toBe('127.0.0.1');
      expect(url.search, request.url()).toBe('');
      expect(request.postData()).toBeNull();
    }
  };
}

describe('<sift-recs> placed on a news page (frame mode, two origins)', () => {
  let sift: StaticServer;
  let host: StaticServer;
  let hostRoot: string;
  let catalogueUrl: string;
  beforeAll(async () => {
    sift = (await startStaticServer({ root: 'dist', headers: { 'access-control-allow-origin': '*' } })) as StaticServer;
    catalogueUrl = `${sift.url}catalog/movielens-demo.json`;
    hostRoot = mkdtempSync(join(tmpdir(), 'sift-placements-'));
    writeFileSync(join(hostRoot, 'article.html'), widgetHostPage(sift.url, `catalog="${catalogueUrl}" item="ml-1" count="6" layout="list"`));
    writeFileSync(join(hostRoot, 'quiet.html'), widgetHostPage(sift.url, `catalog="${catalogueUrl}" item="ml-2571" track="none" count="4"`));
    writeFileSync(join(hostRoot, 'section.html'), widgetHostPage(sift.url, `catalog="${catalogueUrl}" candidates="ml-1 ml-2571 gone-404 ml-1196 ml-318" layout="list"`));
    host = (await startStaticServer({ root: hostRoot })) as StaticServer;
  });
  afterAll(async () => {
    await Promise.all([sift.close(), host.close()]);
    rmSync(hostRoot, { recursive: true, force: true });
  });

  it('item= recommends around the article with reasons, leaves it out, records the visit, and the host reads nothing', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const checkRequests = recordRequests(browser.context);
    try {
      await page.goto(`${host.url}article.html`);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(6);
      const ids = await frameWidgetIds(page);
      expect(ids).not.toContain('ml-1');
      // What Toy Story's readers also read leads: most of the block is its neighbours.
      const neighbours = new Set(neighboursOf('ml-1'));
      expect(ids.filter((id) => neighbours.has(id)).length).toBeGreaterThanOrEqual(3);
      const reasons = await widgetFrame(page)!.$$eval('[data-testid=widget-reason]', (nodes) => nodes.map((n) => ({ kind: n.getAttribute('data-kind'), text: n.textContent })));
      expect(reasons.filter((r) => r.kind === 'readers-also-read' || r.kind === 'because-reading').length).toBeGreaterThanOrEqual(3);
      expect(reasons.find((r) => r.kind === 'readers-also-read')?.text).toBe('Readers of Toy Story also read this');
      await screenshot(page, 'widget-around-article');
      // The visit is the reader's first event, kept in Sift's origin.
      await expect.poll(() => storedEvents(page, catalogueUrl)).toContainEqual({ kind: 'open', itemId: 'ml-1' });
      expect(await hostReach(page)).toEqual({ databases: [], localStorage: 0, contentDocument: null, frameDocument: 'SecurityError' });
      expect((await siftEvents(page)).map((e) => e.name)).toEqual(['sift-ready']);

      // Another article (track="none"): around it, and not recorded.
      await page.goto(`${host.url}quiet.html`);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(4);
      expect(await frameWidgetIds(page)).not.toContain('ml-2571');
      await page.waitForTimeout(500);
      const events = await storedEvents(page, catalogueUrl);
      expect(events.filter((e) => e.itemId === 'ml-2571')).toEqual([]);
      // The host changes the article: the block follows.
      await page.evaluate(() => document.querySelector('sift-recs')!.setAttribute('item', 'ml-260'));
      await expect.poll(async () => (await frameWidgetIds(page)).includes('ml-1196'), { timeout: 30_000 }).toBe(true);
      expect(await frameWidgetIds(page)).not.toContain('ml-260');
      // Neither the article nor the reader's reading leaves in any request: the item travels in the fragment.
      checkRequests();
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('candidates= orders exactly the page\'s list for the reader, reports ids the catalogue lacks, and takes a new list', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const checkRequests = recordRequests(browser.context);
    try {
      await page.goto(`${host.url}section.html`);
      await expect.poll(async () => (await frameWidgetIds(page)).length, { timeout: 60_000 }).toBe(4);
      expect([...(await frameWidgetIds(page))].sort()).toEqual(['ml-1', 'ml-1196', 'ml-2571', 'ml-318']);
      await expect.poll(() => siftEvents(page)).toContainEqual({ name: 'sift-error', detail: { reason: 'unknown-items', ids: ['gone-404'] } });

      // The reader is into Star Wars (as the host reports): the sequel leads the list.
      for (const id of ['ml-260', 'ml-1210']) await page.evaluate((itemId) => document.querySelector('sift-recs')!.track(itemId, 'like'), id);
      await expect.poll(async () => (await frameWidgetIds(page))[0], { timeout: 30_000 }).toBe('ml-1196');
      expect([...(await frameWidgetIds(page))].sort()).toEqual(['ml-1', 'ml-1196', 'ml-2571', 'ml-318']);

      // A new list through the property: exactly it, in the reader's order.
      await page.evaluate(() => {
        document.querySelector('sift-recs')!.candidates = ['ml-356', 'ml-1198', 'ml-2959'];
      });
      await expect.poll(async () => [...(await frameWidgetIds(page))].sort(), { timeout: 30_000 }).toEqual(['ml-1198', 'ml-2959', 'ml-356']);
      expect(await hostReach(page)).toEqual({ databases: [], localStorage: 0, contentDocument: null, frameDocument: 'SecurityError' });
      checkRequests();
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
