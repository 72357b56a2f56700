import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { openBrowser, removeProfileDir, serveDist, SETTLED_FEED_CARD, type StaticServer } from './harness';

describe('Content-Security-Policy', () => {
  let app: StaticServer;
  let elsewhere: StaticServer;
  const askedElsewhere: string[] = [];
  beforeAll(async () => {
    app = await serveDist();
    elsewhere = (await startStaticServer({ root: 'test/fixtures/catalogues', headers: { 'access-control-allow-origin': '*' }, onRequest: (r) => askedElsewhere.push(r.url) })) as StaticServer;
  });
  afterAll(async () => {
    await Promise.all([app.close(), elsewhere.close()]);
  });

  it('the whole app runs under it without a violation; inline script and other origins are refused, and the user is told why', async () => {
    const browser = await openBrowser();
    const { page, context } = browser;
    // Chromium reports a header it cannot read as a console warning.
    const consoleMessages: string[] = [];
    page.on('console', (message) => void consoleMessages.push(message.text()));
    try {
      await context.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { violations: string[] }).violations = seen;
        document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
      });
      const response = await page.goto(app.url);
      const policy = response?.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(policy).toContain("connect-src 'self'");
      // The header also says nobody may frame the app (frame-ancestors works in the header only).
      expect(policy).toMatch(/; frame-ancestors 'none'$/);
      expect(`${await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content')}; frame-ancestors 'none'`).toBe(policy);
      // The worker's own script carries the policy too: that is the one its fetches follow.
      const workerScript = await page.evaluate(async () => {
        const entries = performance.getEntriesByType('resource').map((e) => e.name);
        return entries.find((name) => name.includes('ranker.worker')) ?? '';
      });
      expect(workerScript).not.toBe('');
      expect((await fetch(workerScript, { method: 'HEAD' })).headers.get('content-security-policy')).toBe(policy);

      await page.waitForSelector(SETTLED_FEED_CARD);
      await page.locator('[data-testid=feed-card]').first().getByRole('button', { name: /Like/ }).click();
      for (const view of ['What Sift knows', 'Your history', 'Saved', 'Settings', 'For you']) {
        await page.getByRole('navigation').getByRole('button', { name: view, exact: true }).click();
        await page.waitForTimeout(200);
      }
      expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
      // Every feature the Permissions-Policy names is one the browser knows.
      expect(consoleMessages.filter((text) => text.includes('Permissions-Policy'))).toEqual([]);

      // Injected inline script does not run.
      const ran = await page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.append(script);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (window as unknown as { injected?: boolean }).injected === true;
      });
      expect(ran).toBe(false);
      expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toContainEqual(expect.stringMatching(/^script-src-elem inline/));

      // A catalogue on an origin this deployment does not allow: refused, and said so.
      await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByLabel(/load a catalogue/i).fill(`${elsewhere.url}broken.json`);
      await page.getByRole('button', { name: 'Load', exact: true }).click();
      await expect.poll(async () => (await page.getByRole('alert').textContent()) ?? '', { timeout: 10_000 }).toMatch(
        new RegExp(`only from the sites its security policy allows, and ${new URL(elsewhere.url).origin.replace(/\./g, '\\.')} is not one of them`),
      );
      expect(await page.getByTestId('catalogue-info').textContent()).toContain('MovieLens');
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('a new user sent to a catalogue on an origin the deployment does not allow is told so, and the catalogue is never requested', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(`${app.url}?catalog=${encodeURIComponent(`${elsewhere.url}books.json`)}`);
      await expect.poll(async () => (await page.getByRole('alert').textContent()) ?? '', { timeout: 20_000 }).toMatch(
        new RegExp(`only from the sites its security policy allows, and ${new URL(elsewhere.url).origin.replace(/\./g, '\\.')} is not one of them`),
      );
      expect(askedElsewhere).toEqual([]);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });
});
