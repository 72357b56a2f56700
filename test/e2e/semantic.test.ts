import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILMS } from '../core/catalogue-fixture';
import { tinyEmbeddingModel } from '../fixtures/tiny-embedding-model';
import { modelFileHashes } from '../fixtures/model-server';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { distWith, frameWidgetIds, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, widgetFrame, type StaticServer } from './harness';

/**
 * Semantic matching in Chromium: the worker loads the project's tiny embedding model from the
 * app's own origin (a self-hosted models/ folder with its manifest) and runs it on WebAssembly,
 * embeds a catalogue that ships no vectors, and search then finds items by meaning that share
 * no word with the query. The model's vocabulary knows "cosmos" as a space word; the catalogue
 * never says it.
 */
const MODEL_ID = 'sift/tiny-embed';

/** The stored vector batches of a database, as [model, rows], read where that database lives (the app's page, or the widget's frame). */
function vectorRows(where: Page | Frame, databaseName: string): Promise<Array<[string, number]>> {
  return where.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const rows = await new Promise<Array<{ model: string; count: number }>>((ok) => {
      const all = db.transaction('vectorBatches').objectStore('vectorBatches').getAll();
      all.onsuccess = () => ok(all.result as Array<{ model: string; count: number }>);
    });
    db.close();
    return rows.map((r): [string, number] => [r.model, r.count]);
  }, databaseName);
}

describe('semantic matching with the self-hosted fixture model', () => {
  let root: string;
  let app: StaticServer;
  /** A page of another port on 127.0.0.1: another origin, the same site. */
  let host: StaticServer;
  let hostRoot: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const model = tinyEmbeddingModel({
      documents: [...FILMS.map((f) => ({ text: f.title, tags: f.tags })), { text: 'cosmos astronaut', tags: ['space', 'Sci-Fi'] }, { text: 'love kiss', tags: ['Romance'] }],
      dim: 16,
      maxWords: 500,
      seed: 7,
    });
    const files = new Map<string, Uint8Array | string>([...model.files].map(([path, bytes]) => [`models/${MODEL_ID}/${path}`, bytes]));
    const size = [...model.files.values()].reduce((sum, b) => sum + b.length, 0);
    files.set('models/manifest.json', JSON.stringify({ format: 'sift-models', models: [{ id: MODEL_ID, label: 'Tiny test model', languages: 'english', dim: 16, dtype: 'fp32', downloadBytes: size }], files: modelFileHashes(files) }));
    files.set('films/catalog.json', JSON.stringify({ format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: FILMS }));
    root = distWith(files);
    // CORS on Sift's files, as a deployment that other pages embed the widget from sends it.
    app = await serveDist({ root, headers: { 'access-control-allow-origin': '*' }, onRequest: (request) => requests.push(request.url) });
    hostRoot = mkdtempSync(join(tmpdir(), 'sift-semantic-host-'));
    writeFileSync(
      join(hostRoot, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head><body><sift-recs catalog="${app.url}films/catalog.json" count="4"></sift-recs><script type="module" src="${app.url}widget/sift-widget.js"></script></body></html>`,
    );
    host = (await startStaticServer({ root: hostRoot })) as StaticServer;
  });
  afterAll(async () => {
    await Promise.all([app.close(), host.close()]);
    rmSync(hostRoot, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  const semanticState = (page: Page): Promise<string | null> => page.getByTestId('semantic-settings').getAttribute('data-state', { timeout: 5_000 });
  const searchTitles = async (page: Page, query: string): Promise<string[]> => {
    await page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
    await page.fill('#catalogue-search', query);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForSelector('[data-testid=search-results]', { state: 'attached' });
    await page.waitForTimeout(300);
    return page.$$eval('[data-testid=search-results] [data-testid=feed-card] h3', (hs) => hs.map((h) => (h.textContent ?? '').trim()));
  };

  it('downloads the model from the app’s origin, embeds the catalogue on WebAssembly, and search finds by meaning; a reload resumes from storage', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    page.setDefaultTimeout(60_000);
    try {
      await page.goto(`${app.url}?catalog=${encodeURIComponent(`${app.url}films/catalog.json`)}`);
      await page.waitForSelector(SETTLED_FEED_CARD);
      expect(await searchTitles(page, 'cosmos')).toEqual([]);

      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await expect.poll(() => semanticState(page)).toBe('off');
      const entry = page.locator(`[data-model="${MODEL_ID}"]`);
      await expect.poll(() => entry.count()).toBe(1);
      expect(await entry.textContent()).toMatch(/hosted by this site/);
      await entry.getByRole('button', { name: 'Tiny test model' }).click();
      await entry.getByRole('button', { name: 'Download and use' }).click();
      await expect.poll(() => semanticState(page), { timeout: 60_000 }).toBe('ready');
      const described = (await page.getByTestId('semantic-state').textContent()) ?? '';
      expect(described).toMatch(/Tiny test model, with vectors computed on this device/);
      // Launched with --disable-gpu: no adapter, so WebAssembly, and the page says why.
      expect(described).toMatch(/on the CPU \(WebAssembly\): (this browser has no WebGPU|WebGPU found no GPU adapter)/);
      await screenshot(page, 'semantic-ready');

      // Model files came from this origin, and nothing else was asked for.
      expect(requests).toContain(`/models/${MODEL_ID}/onnx/model.onnx`);
      expect(requests.filter((url) => url.includes('huggingface') || url.includes('jsdelivr'))).toEqual([]);
      const stored = await vectorRows(page, 'sift');
      expect(stored).toEqual([[MODEL_ID, FILMS.length]]);
      expect(await page.evaluate(async (id) => (await (await caches.open('sift-models')).keys()).some((r) => r.url.endsWith(`${id}/onnx/model.onnx`)), MODEL_ID)).toBe(true);

      const space = ['Alien', 'Solaris', 'Interstellar', 'Gravity'];
      const found = await searchTitles(page, 'cosmos');
      expect(found.length).toBeGreaterThan(0);
      expect(found.slice(0, 3).every((title) => space.includes(title))).toBe(true);

      // Reload: the choice, the cached model and the stored vectors bring it back without re-embedding.
      const modelFetches = requests.filter((url) => url.endsWith('model.onnx')).length;
      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await expect.poll(() => semanticState(page), { timeout: 60_000 }).toBe('ready');
      expect(requests.filter((url) => url.endsWith('model.onnx')).length).toBe(modelFetches);
      expect((await searchTitles(page, 'cosmos')).slice(0, 3).every((title) => space.includes(title))).toBe(true);

      // The widget on a page of the same site (another port of 127.0.0.1): its frame, on the app's
      // origin and in the same storage partition, follows the reader's choice and embeds the
      // catalogue with the model already in Cache Storage, into its own database.
      await page.goto(host.url);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(4);
      const widgetVectors = (): Promise<Array<[string, number]>> => vectorRows(widgetFrame(page)!, `sift-widget:${app.url}films/catalog.json`);
      await expect.poll(widgetVectors, { timeout: 60_000 }).toEqual([[MODEL_ID, FILMS.length]]);
      expect(requests.filter((url) => url.endsWith('model.onnx')).length).toBe(modelFetches);
      await page.goto(app.url);
      await page.waitForSelector(SETTLED_FEED_CARD);

      // Off: back to words only.
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Turn off' }).click();
      await expect.poll(() => semanticState(page)).toBe('off');
      await expect.poll(() => searchTitles(page, 'cosmos')).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('a self-hosted model file that is not the one the manifest records is refused, with the reason, and nothing is cached', async () => {
    // The same site, but its model.onnx was changed after models:fetch recorded its hash.
    const original = readFileSync(join(root, 'models', MODEL_ID, 'onnx', 'model.onnx'));
    const tampered = new Uint8Array(original);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    const tamperedRoot = distWith(new Map([[`models/${MODEL_ID}/onnx/model.onnx`, tampered]]), root);
    const site = await serveDist({ root: tamperedRoot });
    const browser = await openBrowser();
    const { page } = browser;
    page.setDefaultTimeout(60_000);
    try {
      await page.goto(`${site.url}?catalog=${encodeURIComponent(`${site.url}films/catalog.json`)}`);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      const entry = page.locator(`[data-model="${MODEL_ID}"]`);
      await entry.getByRole('button', { name: 'Tiny test model' }).click();
      await entry.getByRole('button', { name: 'Download and use' }).click();
      await expect.poll(() => semanticState(page), { timeout: 60_000 }).toBe('failed');
      expect(await page.getByTestId('semantic-state').textContent()).toMatch(/model\.onnx is not the file this site's models\/manifest\.json records/);
      expect(await page.evaluate(async () => (await (await caches.open('sift-models')).keys()).filter((r) => r.url.endsWith('model.onnx')).length)).toBe(0);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await site.close();
      rmSync(tamperedRoot, { recursive: true, force: true });
    }
  });
});
