import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, removeProfileDir, screenshot, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

/**
 * The Prompt API as a browser with a built-in model offers it (Chromium here has none): a stub
 * put in the page before its scripts, behaving as specified (availability, a download reported
 * to the monitor, answers streamed in pieces, abort signals). It writes a blurb naming the
 * item's title from the prompt, so the text on the card can only have come through it.
 */
function installLanguageModel(): void {
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  let state: 'downloadable' | 'available' = 'downloadable';
  const calls = { created: 0, prompts: 0 };
  (window as unknown as { languageModelCalls: typeof calls }).languageModelCalls = calls;
  (globalThis as unknown as { LanguageModel: unknown }).LanguageModel = {
    availability: async () => state,
    create: async (options: { signal?: AbortSignal; monitor?: (m: EventTarget) => void } = {}) => {
      calls.created += 1;
      if (state === 'downloadable') {
        const monitor = new EventTarget();
        options.monitor?.(monitor);
        for (const loaded of [0, 0.5, 1]) {
          await sleep(20);
          options.signal?.throwIfAborted();
          monitor.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded }));
        }
        state = 'available';
      }
      return {
        promptStreaming(input: string, promptOptions: { signal?: AbortSignal } = {}) {
          calls.prompts += 1;
          const title = /Title: "([^"]+)"/.exec(input)?.[1] ?? 'this';
          const text = `Picked by the built-in model: “${title}” suits what you like.`;
          return (async function* pieces() {
            for (let at = 0; at < text.length; at += 6) {
              await sleep(5);
              promptOptions.signal?.throwIfAborted();
              yield text.slice(at, at + 6);
            }
          })();
        },
        destroy() {},
      };
    },
  };
}

describe('writing with the browser\'s built-in model (Prompt API)', () => {
  let app: StaticServer;
  beforeAll(async () => {
    app = await serveDist();
  });
  afterAll(async () => {
    await app.close();
  });

  it('is offered first in Settings, and once chosen writes the blurbs, streamed to the cards; a reload keeps it', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    await page.addInitScript(installLanguageModel);
    try {
      await page.goto(app.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      const choices = page.getByTestId('model-choices');
      // No GPU here: the built-in model comes first and is recommended over the transformers.js models Sift would download; it says it needs the browser's download.
      await expect.poll(() => choices.getByRole('button').allTextContents()).toEqual([
        'This browser’s built-in model (recommended)',
        'SmolLM2 135M Instruct (ONNX)',
        'SmolLM2 360M Instruct (ONNX)',
        'Qwen2.5 0.5B Instruct (ONNX)',
      ]);
      expect(await page.getByTestId('built-in-model').textContent()).toMatch(/the browser downloads it first/);
      await choices.getByRole('button', { name: /built-in model/ }).click();
      await expect.poll(() => page.getByTestId('settings-writing-mode').textContent()).toMatch(/Written on this device by This browser’s built-in model/);

      await page.getByRole('navigation').getByRole('button', { name: 'For you', exact: true }).click();
      await expect.poll(() => page.getByTestId('blurb').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/^Picked by the built-in model: “.+” suits what you like\.$/));
      const cards = await page.$$eval('[data-testid=feed-card]', (all) => all.slice(0, 6).map((card) => ({ title: card.querySelector('h3 a, h3')?.childNodes[0]?.textContent?.trim() ?? '', blurb: card.querySelector('[data-testid=blurb]')?.textContent ?? '' })));
      const written = cards.filter((card) => card.blurb.startsWith('Picked by the built-in model'));
      expect(written.length).toBeGreaterThan(0);
      // Cards further down may still be streaming: each blurb is the model's text for its own title, or a piece of it so far.
      for (const card of written) expect(`Picked by the built-in model: “${card.title}” suits what you like.`.startsWith(card.blurb)).toBe(true);
      await screenshot(page, 'built-in-model-blurbs');

      await page.reload();
      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await expect.poll(() => page.getByTestId('settings-writing-mode').textContent(), { timeout: 20_000 }).toMatch(/Written on this device by This browser’s built-in model/);
      expect(await page.evaluate(() => (window as unknown as { languageModelCalls: { created: number } }).languageModelCalls.created)).toBeGreaterThan(0);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
