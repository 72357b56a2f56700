import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, removeProfileDir, SETTLED_FEED_CARD, serveDist, type StaticServer } from './harness';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWS = ['For you', 'Saved', 'What Sift knows', 'Your history', 'Settings'] as const;

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[]; readonly failureSummary?: string }>;
}

/**
 * axe-core's WCAG 2.x A/AA rules (and best practices) on what the page shows now. axe is put in
 * with the DevTools protocol's evaluate, which the page's Content-Security-Policy does not
 * govern, so the app runs with its real policy.
 */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${JSON.stringify(n.target)}${n.failureSummary === undefined ? '' : ` — ${n.failureSummary.replace(/\s+/g, ' ')}`}`));
}

/**
 * Console errors, uncaught exceptions, failed requests and 4xx/5xx answers, from now on: a clean
 * load has none. (Warnings are left out: Chromium itself warns "No available adapters." when it
 * answers the app's WebGPU check with no GPU, as headless Chromium here does.)
 */
function watchConsole(page: Page): () => string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return () => problems;
}

/** The widget's first card background, as [r, g, b]. */
function widgetCardColour(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const item = document.querySelector('sift-recs')?.shadowRoot?.querySelector('[data-testid=widget-item]');
    return (getComputedStyle(item!).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  });
}

const isDark = (rgb: readonly number[]): boolean => rgb.reduce((sum, c) => sum + c, 0) / 3 < 80;

describe('accessibility (axe-core in Chromium)', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`every view of the app in ${scheme} mode has no violations`, async () => {
      const browser = await openBrowser();
      const { page } = browser;
      const problems = watchConsole(page);
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(server.url);
        await page.waitForSelector(SETTLED_FEED_CARD);
        // Something in every view: a like, a save, a search in the history.
        const first = page.locator('[data-testid=feed-card]').first();
        await first.getByRole('button', { name: /Like/ }).click();
        await page.waitForSelector(SETTLED_FEED_CARD);
        await page.locator('[data-testid=feed-card]').first().getByRole('button', { name: /Save/ }).click();
        const found: Record<string, string[]> = {};
        for (const view of VIEWS) {
          await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();
          await page.waitForTimeout(300);
          const violations = await axeViolations(page);
          if (violations.length > 0) found[view] = violations;
        }
        expect(found).toEqual({});
        expect(problems()).toEqual([]);
      } finally {
        await browser.close();
        removeProfileDir(browser.userDataDir);
      }
    });
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`the widget on the demo article in ${scheme} mode has no violations, follows the page's scheme unless told a theme`, async () => {
      const browser = await openBrowser();
      const { page } = browser;
      const problems = watchConsole(page);
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${server.url}demo/article.html`);
        await page.waitForFunction(() => (document.querySelector('sift-recs')?.shadowRoot?.querySelectorAll('[data-testid=widget-item]').length ?? 0) > 0);
        expect(await axeViolations(page)).toEqual([]);
        expect(isDark(await widgetCardColour(page))).toBe(scheme === 'dark');
        const other = scheme === 'dark' ? 'light' : 'dark';
        await page.evaluate((theme) => document.querySelector('sift-recs')!.setAttribute('theme', theme), other);
        expect(isDark(await widgetCardColour(page))).toBe(other === 'dark');
        expect(problems()).toEqual([]);
      } finally {
        await browser.close();
        removeProfileDir(browser.userDataDir);
      }
    });
  }
});
