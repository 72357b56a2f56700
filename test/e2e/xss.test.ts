import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { XSS_TEXT, xssCatalogue } from '../fixtures/xss-corpus';
import { openBrowser, removeProfileDir, screenshot, serveDist, widgetFrame, type StaticServer } from './harness';

/** Nothing ran, and the rendered DOM holds no active content or unsafe links. */
async function assertInert(page: Page | Frame, root: string): Promise<void> {
  const report = await page.evaluate((selector) => {
    const scope = document.querySelector(selector);
    const base = scope?.shadowRoot ?? scope;
    const all = [...(base?.querySelectorAll('*') ?? [])];
    return {
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      active: all.filter((e) => ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'svg', 'math', 'DETAILS'].includes(e.tagName)).map((e) => e.tagName),
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName}@${a.name}`)),
      links: all.filter((e) => e instanceof HTMLAnchorElement).map((a) => (a as HTMLAnchorElement).href).filter((href) => !/^https?:/.test(href)),
      images: all.filter((e) => e instanceof HTMLImageElement).map((i) => (i as HTMLImageElement).src),
      text: base?.textContent ?? '',
    };
  }, root);
  expect(report.pwned).toBeNull();
  expect(report.active).toEqual([]);
  expect(report.handlers).toEqual([]);
  expect(report.links).toEqual([]);
  expect(report.images).toEqual([]);
  // Shown as text, verbatim.
  expect(report.text).toContain(XSS_TEXT[0]);
}

describe('an XSS corpus in a catalogue is inert in the app and the widget', () => {
  let app: StaticServer;
  let hostile: StaticServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sift-xss-'));
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(xssCatalogue()));
    hostile = (await startStaticServer({ root: dir, headers: { 'access-control-allow-origin': '*' } })) as StaticServer;
    app = await serveDist({ connectOrigins: [new URL(hostile.url).origin], headers: { 'access-control-allow-origin': '*' } });
    // The widget's host page names the app's server, known only now (the file is read per request).
    writeFileSync(
      join(dir, 'host.html'),
      `<!doctype html><html><body><sift-recs mode="inline" catalog="/catalog.json" count="10" layout="list"></sift-recs><script type="module" src="${app.url}widget/sift-widget.js"></script></body></html>`,
    );
    writeFileSync(
      join(dir, 'host-frame.html'),
      `<!doctype html><html><body><sift-recs catalog="/catalog.json" count="10" layout="list"></sift-recs><script type="module" src="${app.url}widget/sift-widget.js"></script></body></html>`,
    );
  });
  afterAll(async () => {
    await Promise.all([app.close(), hostile.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders every payload as text through feed, likes, saved and history, and in the widget', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await page.goto(`${app.url}?catalog=${encodeURIComponent(`${hostile.url}catalog.json`)}`);
      await expect.poll(() => page.getByTestId('feed-card').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(XSS_TEXT.length - 1);
      await assertInert(page, 'main');
      const cards = page.getByTestId('feed-card');
      await cards.nth(0).getByRole('button', { name: /Like/ }).click();
      await cards.nth(1).getByRole('button', { name: /Save/ }).click();
      await page.waitForTimeout(500);
      await assertInert(page, 'main');
      for (const view of ['Saved', 'Your history']) {
        await page.getByRole('navigation').getByRole('button', { name: view, exact: true }).click();
        await page.waitForTimeout(300);
        const text = (await page.locator('main').textContent()) ?? '';
        expect(XSS_TEXT.some((payload) => text.includes(payload))).toBe(true);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
      }
      await screenshot(page, 'xss-history');

      await page.goto(`${hostile.url}host.html`);
      await expect.poll(() => page.$eval('sift-recs', (e) => e.shadowRoot?.querySelectorAll('[data-testid=widget-item]').length ?? 0), { timeout: 60_000 }).toBeGreaterThan(5);
      await assertInert(page, 'sift-recs');
      // The same in the widget's frame (the default mode), from Sift's origin.
      await page.goto(`${hostile.url}host-frame.html`);
      await page.frameLocator('sift-recs iframe').locator('[data-testid=widget-item]').nth(5).waitFor({ timeout: 60_000 });
      await assertInert(widgetFrame(page)!, 'body');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
