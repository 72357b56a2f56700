import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distWith, openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';
import { FILMS_PATH, LONG_ID, LONG_SENTENCE, OFF_LIST_ID, OFF_LIST_SENTENCE, turnOnWriter, WRITER_ID, WRITER_SENTENCE, writingSiteFiles } from './writing-fixture';

/**
 * Writing with a language model that really runs: the project's tiny decoder, self-hosted by
 * the site, loaded by transformers.js in the text-generation worker, on WebAssembly and on
 * WebGPU (SwiftShader, forced: the automatic choice refuses a software adapter). Its greedy
 * answer is a known sentence, so the test can read exactly what streamed onto the cards.
 */
const SWIFTSHADER = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'];

describe('writing with a transformers.js model (the fixture, self-hosted)', () => {
  let root: string;
  let app: StaticServer;
  const requests: Array<{ method: string; url: string }> = [];

  beforeAll(async () => {
    root = distWith(writingSiteFiles());
    app = await serveDist({ root, onRequest: (request) => requests.push(request) });
  });
  afterAll(async () => {
    await app.close();
    removeProfileDir(root);
  });

  const openFilms = async (page: Page): Promise<void> => {
    await page.goto(`${app.url}?catalog=${encodeURIComponent(`${app.url}${FILMS_PATH}`)}`);
    await page.waitForSelector(SETTLED_FEED_CARD);
  };
  const toFeed = (page: Page) => page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
  const blurbs = (page: Page) => page.getByTestId('blurb').allTextContents();
  const speed = async (page: Page): Promise<string> => {
    await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByTestId('generation-speed').count()).toBe(1);
    return (await page.getByTestId('generation-speed').textContent()) ?? '';
  };

  it('on WebAssembly: the ladder in Settings, blurbs and the digest streamed from the model, Ask falling back to the rules, and a reload served from Cache Storage', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    page.setDefaultTimeout(30_000);
    try {
      await openFilms(page);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      // Every rung, with where this browser stands (headless here: no built-in model, no GPU adapter).
      const rungs = page.getByTestId('writing-rungs');
      await expect.poll(() => rungs.locator('li').count()).toBe(4);
      expect(await rungs.locator('[data-rung=prompt-api]').textContent()).toMatch(/not available: (this browser has no Prompt API|the browser says it cannot run its model here)/);
      expect(await rungs.locator('[data-rung=web-llm]').textContent()).toMatch(/not available: (this browser has no WebGPU|WebGPU found no graphics adapter)/);
      expect(await rungs.locator('[data-rung=onnx]').textContent()).toMatch(/available: from 0\.?\d* MB to download, runs on the CPU \(WebAssembly\)/);
      expect(await rungs.locator('[data-rung=templates]').textContent()).toMatch(/always available/);
      // The site's own model comes first and is recommended.
      const first = page.locator('[data-testid=model-choices] li').first();
      expect(await first.getAttribute('data-model')).toBe(WRITER_ID);
      expect(await first.textContent()).toMatch(/Tiny test writer \(recommended\).*hosted by this site · CPU/);

      const mode = await turnOnWriter(page, WRITER_ID);
      expect(mode).toMatch(/Written on this device by Tiny test writer on the CPU \(WebAssembly\)/);
      expect(requests.map((r) => r.url)).toContain(`/models/${WRITER_ID}/onnx/model.onnx`);
      expect(requests.filter((r) => r.url.includes('huggingface') || r.url.includes('jsdelivr'))).toEqual([]);

      await toFeed(page);
      // Every text the digest shows, as it changes (the stream arrives word by word).
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { digestTexts: string[] }).digestTexts = seen;
        new MutationObserver(() => {
          const text = document.querySelector('[data-testid=digest] p')?.textContent ?? '';
          if (seen.at(-1) !== text) seen.push(text);
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      const firstId = (await page.locator(SETTLED_FEED_CARD).first().getAttribute('data-item-id'))!;
      await page.locator(`[data-item-id="${firstId}"]`).getByRole('button', { name: /Like/ }).click();
      // The top cards' blurbs and the digest are the model's sentence, streamed in.
      await expect.poll(async () => (await blurbs(page)).filter((b) => b === WRITER_SENTENCE).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
      // The digest rewritten after the like streams in: some text it showed was a part of the
      // sentence. (Polled: on a loaded machine the rewrite can start after the old digest, the
      // same sentence, is already on screen.)
      const partialDigests = async (): Promise<number> => {
        const digestTexts = await page.evaluate(() => (window as unknown as { digestTexts: string[] }).digestTexts);
        return digestTexts.filter((text) => text.length > 0 && text.length < WRITER_SENTENCE.length && WRITER_SENTENCE.startsWith(text)).length;
      };
      await expect.poll(partialDigests, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('digest').locator('p').first().textContent()).toBe(WRITER_SENTENCE);
      expect(await page.getByTestId('writing-mode').textContent()).toMatch(/on the CPU \(WebAssembly\)/);
      await screenshot(page, 'onnx-writing-wasm');
      const wasmSpeed = await speed(page);
      expect(wasmSpeed).toMatch(/^Last answer: \d+ tokens in [\d.]+ s \([\d.]+ tokens\/s\)\.$/);
      console.log(`fixture decoder on WebAssembly: ${wasmSpeed}`);

      // Ask: JSON mode through the model; the fixture's prose is not the intent JSON, so the rules answer.
      await toFeed(page);
      await page.fill('#ask-sift', 'a space film, no horror');
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await page.waitForSelector('[data-testid=understood]');
      expect(await page.getByTestId('generation-mode').textContent()).toMatch(/Understood by Sift’s built-in rules/);
      expect(await page.getByTestId('intent-part').allTextContents()).toContainEqual(expect.stringMatching(/Horror/));
      await page.getByRole('button', { name: 'Back to your feed' }).click();

      // A reload: the remembered model starts again from Cache Storage, with no new download.
      const modelFetches = requests.filter((r) => r.url.startsWith('/models/sift/')).length;
      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await expect.poll(() => page.getByTestId('settings-writing-mode').textContent(), { timeout: 60_000 }).toMatch(/Written on this device by Tiny test writer/);
      expect(requests.filter((r) => r.url.startsWith('/models/sift/')).length).toBe(modelFetches);
      expect(await page.evaluate(async (id) => (await (await caches.open('sift-models')).keys()).some((r) => r.url.endsWith(`${id}/onnx/model.onnx`)), WRITER_ID)).toBe(true);
      await toFeed(page);
      await expect.poll(async () => (await blurbs(page)).filter((b) => b === WRITER_SENTENCE).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

      // Stopping the model mid-page: the templates answer again at once, and the worker is gone.
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: /Stop using Tiny test writer/ }).click();
      await toFeed(page);
      expect((await blurbs(page)).filter((b) => b === WRITER_SENTENCE)).toEqual([]);
      expect(page.workers().some((w) => w.url().includes('text-generation'))).toBe(false);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('an answer naming a title the card is not about is refused and the template takes over', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    page.setDefaultTimeout(30_000);
    try {
      await openFilms(page);
      await turnOnWriter(page, OFF_LIST_ID);
      await toFeed(page);
      const firstId = (await page.locator(SETTLED_FEED_CARD).first().getAttribute('data-item-id'))!;
      await page.locator(`[data-item-id="${firstId}"]`).getByRole('button', { name: /Like/ }).click();
      // Every answer was written (the speed line counts it) and checked: only a card about Solaris, or citing it, may keep it.
      await speed(page);
      await toFeed(page);
      await page.waitForTimeout(500);
      const cards = await page.$$eval('[data-testid=feed] [data-testid=feed-card]', (all) =>
        all.slice(0, 6).map((card) => ({ title: card.querySelector('h3')?.firstChild?.textContent?.trim() ?? '', text: card.textContent ?? '', blurb: card.querySelector('[data-testid=blurb]')?.textContent ?? '' })),
      );
      const refused = cards.filter((card) => card.title !== 'Solaris' && !card.text.includes('Solaris'));
      expect(refused.length).toBeGreaterThan(0);
      for (const card of refused) expect(card.blurb).not.toBe(OFF_LIST_SENTENCE);
      expect(refused.some((card) => card.blurb.length > 0)).toBe(true);
      expect(await page.getByTestId('digest').locator('p').first().textContent()).not.toBe(OFF_LIST_SENTENCE);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('cancelled mid-stream: stopping the model while a blurb is half written brings the templates back, and no more text arrives', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    page.setDefaultTimeout(30_000);
    try {
      await openFilms(page);
      await turnOnWriter(page, LONG_ID);
      await toFeed(page);
      const firstId = (await page.locator(SETTLED_FEED_CARD).first().getAttribute('data-item-id'))!;
      await page.locator(`[data-item-id="${firstId}"]`).getByRole('button', { name: /Like/ }).click();
      const streaming = async (): Promise<string[]> => (await blurbs(page)).filter((b) => b.startsWith('word0 ') && b !== LONG_SENTENCE);
      await expect.poll(async () => (await streaming()).length, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: /Stop using Tiny long writer/ }).click();
      await toFeed(page);
      const model = async (): Promise<string[]> => (await blurbs(page)).filter((b) => b.startsWith('word0'));
      expect(await model()).toEqual([]);
      await page.waitForTimeout(1_000);
      expect(await model()).toEqual([]);
      expect((await page.getByTestId('digest').locator('p').first().textContent()) ?? '').not.toMatch(/^word0/);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('on WebGPU, forced onto the SwiftShader adapter: the same sentence, written on the GPU', async () => {
    const browser = await openBrowser(undefined, SWIFTSHADER);
    const { page } = browser;
    page.setDefaultTimeout(60_000);
    try {
      await openFilms(page);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await expect.poll(() => page.getByTestId('writing-rungs').locator('[data-rung=web-llm]').textContent()).toMatch(/software one/);
      // Left to itself Sift would run the model on WebAssembly (a software adapter is slower); the test forces WebGPU.
      expect(await page.locator(`[data-testid=model-choices] [data-model="${WRITER_ID}"]`).textContent()).toMatch(/· CPU ·/);
      const mode = await turnOnWriter(page, WRITER_ID, 'webgpu');
      expect(mode).toMatch(/on the GPU \(WebGPU\)/);
      await toFeed(page);
      const firstId = (await page.locator(SETTLED_FEED_CARD).first().getAttribute('data-item-id'))!;
      await page.locator(`[data-item-id="${firstId}"]`).getByRole('button', { name: /Like/ }).click();
      await expect.poll(async () => (await blurbs(page)).filter((b) => b === WRITER_SENTENCE).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      await expect.poll(() => page.getByTestId('digest').locator('p').first().textContent(), { timeout: 60_000 }).toBe(WRITER_SENTENCE);
      await screenshot(page, 'onnx-writing-webgpu');
      console.log(`fixture decoder on WebGPU (SwiftShader): ${await speed(page)}`);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('built with SIFT_MODEL_ORIGINS=none: only the site’s own models are offered, and writing makes no third-party request', async () => {
    const built = mkdtempSync(join(tmpdir(), 'sift-dist-none-'));
    const build = spawnSync('npx', ['vite', 'build', '--outDir', built, '--emptyOutDir', '--logLevel', 'error'], { env: { ...process.env, SIFT_MODEL_ORIGINS: 'none' }, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(readFileSync(join(built, '_headers'), 'utf8')).not.toMatch(/huggingface|githubusercontent/);
    const siteRoot = distWith(writingSiteFiles(), built);
    const site = await serveDist({ root: siteRoot });
    const browser = await openBrowser();
    const { page, context } = browser;
    const seen: string[] = [];
    context.on('request', (request) => seen.push(request.url()));
    page.setDefaultTimeout(30_000);
    try {
      await page.goto(`${site.url}?catalog=${encodeURIComponent(`${site.url}${FILMS_PATH}`)}`);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await expect.poll(() => page.locator('[data-testid=model-choices] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-model')))).toEqual([WRITER_ID, OFF_LIST_ID, LONG_ID]);
      await turnOnWriter(page, WRITER_ID);
      await toFeed(page);
      const firstId = (await page.locator(SETTLED_FEED_CARD).first().getAttribute('data-item-id'))!;
      await page.locator(`[data-item-id="${firstId}"]`).getByRole('button', { name: /Like/ }).click();
      await expect.poll(async () => (await blurbs(page)).includes(WRITER_SENTENCE)).toBe(true);
      const origin = new URL(site.url).origin;
      expect(seen.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await site.close();
      removeProfileDir(siteRoot);
      removeProfileDir(built);
    }
  });
});
