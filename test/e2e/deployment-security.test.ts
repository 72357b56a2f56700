import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { distWith, frameWidgetIds, openBrowser, removeProfileDir, widgetFrame, widgetHostPage, type StaticServer } from './harness';

/** A page that frames `src` and nothing else. */
const framing = (src: string): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>framer</title><link rel="icon" href="data:,"></head><body><iframe id="f" title="framed" style="width:800px;height:600px" src="${src}"></iframe></body></html>`;

/** Whether Chromium refused to render a frame of the page (it shows its error page in its place). */
async function frameRefused(page: Page): Promise<boolean> {
  return page.frames().some((frame) => frame.url().startsWith('chrome-error://'));
}

describe('what a deployment serves', () => {
  let host: StaticServer;
  let hostRoot: string;
  const siftPort = { value: 0 };
  beforeAll(async () => {
    hostRoot = mkdtempSync(join(tmpdir(), 'sift-deploy-host-'));
    host = (await startStaticServer({ root: hostRoot })) as StaticServer;
  });
  afterAll(async () => {
    await host.close();
    rmSync(hostRoot, { recursive: true, force: true });
  });

  it('a rebuild that narrows frame-ancestors reaches a reader whose service worker cached the old widget page', async () => {
    // A deployment as first built (widget.html: frame-ancestors *), on a port kept for the rebuild.
    const first = distWith(new Map());
    let sift = (await startStaticServer({ root: first })) as StaticServer;
    siftPort.value = sift.port;
    const rebuilt = mkdtempSync(join(tmpdir(), 'sift-dist-self-'));
    const browser = await openBrowser();
    const { page } = browser;
    // Same site as Sift (127.0.0.1, another port): the frame shares the app's storage and service worker there.
    writeFileSync(join(hostRoot, 'index.html'), widgetHostPage(sift.url, `catalog="${sift.url}catalog/movielens-demo.json" count="3"`));
    try {
      // The reader uses the app (its service worker installs and takes control), then a page that embeds the widget.
      await page.goto(sift.url);
      await page.waitForSelector('[data-testid=feed-card]');
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
      await page.goto(host.url);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(3);

      // The deployer rebuilds with SIFT_FRAME_ANCESTORS="'self'": the host may no longer embed it.
      const build = spawnSync('npx', ['vite', 'build', '--outDir', rebuilt, '--emptyOutDir', '--logLevel', 'error'], { env: { ...process.env, NODE_ENV: 'production', SIFT_FRAME_ANCESTORS: "'self'" }, encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
      symlinkSync(resolve('dist/widget'), join(rebuilt, 'widget'));
      // Every page's bytes are the same; the headers are not, and so neither is the service worker.
      expect(readFileSync(join(rebuilt, 'widget.html'), 'utf8')).toBe(readFileSync(join(first, 'widget.html'), 'utf8'));
      expect(readFileSync(join(rebuilt, 'sw.js'), 'utf8')).not.toBe(readFileSync(join(first, 'sw.js'), 'utf8'));
      await sift.close();
      sift = (await startStaticServer({ root: rebuilt, port: siftPort.value })) as StaticServer;

      await page.reload();
      await expect.poll(() => frameRefused(page), { timeout: 20_000 }).toBe(true);
      expect(widgetFrame(page)).toBeUndefined();
      expect(await frameWidgetIds(page)).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await sift.close();
      rmSync(first, { recursive: true, force: true });
      rmSync(rebuilt, { recursive: true, force: true });
    }
  });

  it('the app itself cannot be framed by another page (no clickjacking on "Delete everything"); the widget page can', async () => {
    const sift = (await startStaticServer({ root: 'dist' })) as StaticServer;
    writeFileSync(join(hostRoot, 'app.html'), framing(sift.url));
    writeFileSync(join(hostRoot, 'embed.html'), framing(`${sift.url}widget.html#catalog=${encodeURIComponent(`${sift.url}catalog/movielens-demo.json`)}&count=2`));
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${host.url}app.html`);
      await expect.poll(() => frameRefused(page), { timeout: 20_000 }).toBe(true);
      await page.goto(`${host.url}embed.html`);
      await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(2);
      expect(await frameRefused(page)).toBe(false);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await sift.close();
    }
  });

  it('a host page that pins the loader with integrity= refuses a tampered copy', async () => {
    const tamperedRoot = distWith(new Map([['widget/sift-widget.js', `${readFileSync('dist/widget/sift-widget.js', 'utf8')}\nconsole.log('tampered');\n`]]));
    const sift = (await startStaticServer({ root: tamperedRoot })) as StaticServer;
    writeFileSync(join(hostRoot, 'pinned.html'), widgetHostPage(sift.url, `catalog="${sift.url}catalog/movielens-demo.json" count="3"`));
    const browser = await openBrowser();
    const { page } = browser;
    const messages: string[] = [];
    page.on('console', (message) => void messages.push(message.text()));
    try {
      await page.goto(`${host.url}pinned.html`);
      await expect.poll(() => messages.some((text) => /integrity/i.test(text)), { timeout: 10_000 }).toBe(true);
      expect(await page.evaluate(() => customElements.get('sift-recs') === undefined)).toBe(true);
      expect(messages).not.toContain('tampered');
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await sift.close();
      rmSync(tamperedRoot, { recursive: true, force: true });
    }
  });

  it('a widget whose catalogue cannot be loaded tells the host page why: in sift-error and in the console', async () => {
    const sift = (await startStaticServer({ root: 'dist' })) as StaticServer;
    writeFileSync(join(hostRoot, 'c.json'), '{}');
    writeFileSync(
      join(hostRoot, 'broken.html'),
      widgetHostPage(sift.url, `catalog="${sift.url}catalog/missing.json" count="3"`, `<sift-recs catalog="${host.url}c.json" count="3"></sift-recs>`).replace(
        "const recs = document.querySelector('sift-recs');\n    for",
        "for (const recs of document.querySelectorAll('sift-recs')) for",
      ),
    );
    const browser = await openBrowser();
    const { page } = browser;
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' && message.text().startsWith('<sift-recs>')) warnings.push(message.text());
    });
    try {
      await page.goto(`${host.url}broken.html`);
      const errors = (): Promise<unknown[]> => page.evaluate(() => (window as unknown as { siftEvents: Array<{ name: string; detail: unknown }> }).siftEvents.filter((e) => e.name === 'sift-error').map((e) => e.detail));
      await expect.poll(async () => (await errors()).length, { timeout: 60_000 }).toBe(2);
      expect(await errors()).toEqual(
        expect.arrayContaining([
          { reason: 'catalogue-unavailable', cause: { kind: 'http', status: 404 } },
          { reason: 'catalogue-unavailable', cause: { kind: 'not-allowed', status: null } },
        ]),
      );
      await expect.poll(() => warnings.length).toBe(2);
      expect(warnings.join('\n')).toMatch(/missing\.json is unavailable: its server answered HTTP 404/);
      expect(warnings.join('\n')).toMatch(/c\.json is unavailable: its origin is not one this Sift deployment loads catalogues from: add it to SIFT_CONNECT_ORIGINS/);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
      await sift.close();
    }
  });
});
