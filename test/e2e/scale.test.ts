import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heapMb, largeCatalogue, likeToFeed, longestAfterPaint, readBench, storageDetailsMb, watchPage } from '../../src/bench/browser-bench';
import { chunkCount } from '../../src/core/catalogue/item-chunks';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { openBrowser, removeProfileDir, serveDist, type StaticServer } from './harness';

/**
 * A large catalogue must feel like a small one (README "Large catalogues"): 20,000 items here to
 * keep the suite fast; `npm run bench -- --browser` measures 100,000. Asserted: no main-thread
 * task after the first card (Long Tasks API) at load, on reload and on likes is long enough to be
 * work that grows with the catalogue; IndexedDB holds one copy (≤ 1.3 × the catalogue's JSON)
 * that reloads and likes do not grow; the page's heap does not grow with the catalogue (the items
 * stay in the worker).
 */

/**
 * The product's target is 50 ms, and the bench reports it (0 ms in most runs). This test's bound
 * is wider because on two shared CI cores, re-rendering the feed while the worker indexes takes
 * 50–60 ms now and then. It still catches the page doing catalogue-sized work again: before the
 * worker owned the catalogue, parsing it on the page was a 0.7 s task on 100k items and 73–85 ms
 * on 10k.
 */
const LONG_TASK_MS = 100;
const READY = '[data-testid=feed][data-feed-source=ranking] [data-testid=feed-card]';

/** Resolves once the worker has stored every chunk of the catalogue (raw IndexedDB, as a page script may). */
async function waitUntilStored(page: Page, catalogueId: string, chunks: number): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          ([id]) =>
            new Promise<number>((resolve) => {
              const open = indexedDB.open('sift');
              open.onsuccess = () => {
                const db = open.result;
                if (!db.objectStoreNames.contains('catalogueItems')) return resolve(-1);
                const count = db.transaction('catalogueItems').objectStore('catalogueItems').index('catalogueId').count(IDBKeyRange.only(id));
                count.onsuccess = () => {
                  db.close();
                  resolve(count.result);
                };
              };
            }),
          [catalogueId],
        ),
      { timeout: 60_000 },
    )
    .toBe(chunks);
}

const indexedDbMb = async (page: Page): Promise<number> => (await storageDetailsMb(page)).indexedDB ?? 0;

describe('a 20,000-item catalogue (scale)', () => {
  let app: StaticServer;
  let catalogues: StaticServer;
  let dir: string;
  const sizes = { small: 2_000, large: 20_000 };
  const bytes: Record<string, number> = {};
  const catalogueRequests: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sift-scale-'));
    for (const [name, count] of Object.entries(sizes)) {
      const json = JSON.stringify({ format: 'sift-catalog', version: 1, id: `scale-${name}`, title: `${count} items`, language: 'en', items: largeCatalogue(count) });
      writeFileSync(join(dir, `${name}.json`), json);
      bytes[name] = json.length;
    }
    catalogues = (await startStaticServer({ root: dir, headers: { 'access-control-allow-origin': '*' }, onRequest: (request: { method: string; url: string }) => catalogueRequests.push(`${request.method} ${request.url}`) })) as StaticServer;
    app = await serveDist({ connectOrigins: [new URL(catalogues.url).origin] });
  });
  afterAll(async () => {
    await Promise.all([app.close(), catalogues.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh profile on one catalogue: loads it, waits until it is stored, reloads, likes; reports what the test checks. */
  async function liveThrough(name: 'small' | 'large') {
    const browser = await openBrowser();
    const { page, context } = browser;
    try {
      await page.addInitScript(watchPage);
      catalogueRequests.length = 0;
      await page.goto(`${app.url}?catalog=${encodeURIComponent(`${catalogues.url}${name}.json`)}`);
      await page.waitForSelector(READY, { timeout: 120_000 });
      // The worker's first script downloads it (nothing is stored yet): once, not again when asked.
      const requestsAtLoad = [...catalogueRequests];
      await waitUntilStored(page, `scale-${name}`, chunkCount(sizes[name]));
      // Let the last writes settle into the database files before measuring them.
      await page.waitForTimeout(1_000);
      const atLoad = await readBench(page);
      const storedMb = await indexedDbMb(page);

      catalogueRequests.length = 0;
      await page.reload();
      await page.waitForSelector(READY, { timeout: 120_000 });
      await page.waitForTimeout(500);
      const requestsAtReload = [...catalogueRequests];
      const atReload = await readBench(page);
      const likes: number[] = [];
      for (let i = 0; i < 3; i += 1) likes.push(await likeToFeed(page, 2));
      // The profile and events are written after a short pause.
      await page.waitForTimeout(1_500);
      const afterLikes = await readBench(page);
      const afterMb = await indexedDbMb(page);
      const heap = await heapMb(context, page);
      const cards = await page.getByTestId('feed-card').count();
      return {
        cards,
        storedMb,
        afterMb,
        heap,
        likes,
        longestTask: Math.max(longestAfterPaint(atLoad), longestAfterPaint(atReload), longestAfterPaint(afterLikes)),
        firstCardMs: atLoad.firstCardAt,
        requestsAtLoad,
        requestsAtReload,
      };
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  }

  it('keeps the page responsive, stores one copy that reloads and likes do not grow, and keeps the page heap flat', async () => {
    const small = await liveThrough('small');
    const large = await liveThrough('large');
    const jsonMb = bytes.large! / 2 ** 20;
    console.log(
      `scale (20k items, ${jsonMb.toFixed(1)} MB JSON): first card ${Math.round(large.firstCardMs)} ms; longest task after it ${Math.round(large.longestTask)} ms; ` +
        `IndexedDB ${large.storedMb.toFixed(1)} → ${large.afterMb.toFixed(1)} MB after a reload and 3 likes; page heap ${large.heap.toFixed(1)} MB (2k items: ${small.heap.toFixed(1)} MB); likes ${large.likes.map(Math.round).join(', ')} ms`,
    );
    expect(large.cards).toBeGreaterThan(5);
    // One request per start: at the first, the worker's own early one; at the reload (a copy is
    // stored), the page's revalidation once the stored feed is up.
    expect(large.requestsAtLoad).toEqual(['GET /large.json']);
    expect(large.requestsAtReload).toEqual(['GET /large.json']);
    expect(large.longestTask).toBeLessThanOrEqual(LONG_TASK_MS);
    expect(large.storedMb).toBeGreaterThan(0);
    expect(large.storedMb).toBeLessThanOrEqual(1.3 * jsonMb);
    // Beyond the events and the profile (kilobytes), nothing is written again on a start or a like.
    expect(large.afterMb - large.storedMb).toBeLessThan(0.5);
    // Ten times the items, the same page: it holds what it shows, not the catalogue.
    expect(large.heap - small.heap).toBeLessThan(2);
  });
});
