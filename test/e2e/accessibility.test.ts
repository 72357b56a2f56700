import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { frameWidgetIds, openBrowser, removeProfileDir, SETTLED_FEED_CARD, serveDist, widgetFrame, type StaticServer } from './harness';

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
async function axeViolations(page: Page | Frame): Promise<string[]> {
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

/** The framed widget's first card background, as [r, g, b]. */
function widgetCardColour(page: Page): Promise<number[]> {
  return widgetFrame(page)!.evaluate(() => {
    const item = document.querySelector('[data-testid=widget-item]');
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

  it('with the keyboard, Like and Hide move focus to the next card and a polite status says what changed', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const cardIds = (): Promise<string[]> => page.$$eval('[data-testid=feed-card]', (cards) => cards.map((c) => c.getAttribute('data-item-id') ?? ''));
      const focusedCard = (): Promise<string | null> => page.evaluate(() => document.activeElement?.closest('[data-testid=feed-card]')?.getAttribute('data-item-id') ?? null);
      const status = page.getByTestId('feed-announcement');
      expect(await status.getAttribute('role')).toBe('status');

      const before = await cardIds();
      const first = page.locator('[data-testid=feed-card]').first();
      const title = (await first.locator('h3').innerText()).replace(/\s*\d{4}$/, '');
      await first.getByRole('button', { name: '♡ Like' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => status.textContent()).toMatch(new RegExp(`^Liked ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. (No new recommendations|1 new recommendation|\\d+ new recommendations)\\.$`));
      const after = await cardIds();
      const next = before.slice(1).find((id) => after.includes(id));
      expect(await focusedCard()).toBe(next);
      // Tab goes on from there: into that card's own actions, not back to the top of the page.
      await page.keyboard.press('Tab');
      expect(await focusedCard()).toBe(next);

      const hiding = await focusedCard();
      const listed = await cardIds();
      await page.locator(`[data-testid=feed-card][data-item-id="${hiding}"]`).getByRole('button', { name: 'Hide' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => status.textContent()).toMatch(/^Hid .+\. /);
      const remaining = await cardIds();
      expect(remaining).not.toContain(hiding);
      const following = listed.slice(listed.indexOf(hiding!) + 1).find((id) => remaining.includes(id));
      expect(following).toBeDefined();
      expect(await focusedCard()).toBe(following);
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  it('on a 390 px phone, each card keeps its actions on one row, no view is wider than the screen and every field shows its placeholder whole', async () => {
    const browser = await openBrowser();
    const { page } = browser;
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(server.url);
      await page.waitForSelector(SETTLED_FEED_CARD);
      const measure = (): Promise<{ rows: number[]; cut: string[]; overflow: number }> => page.evaluate(() => {
        const rows = [...document.querySelectorAll('[data-testid=feed-card] .actions')].map((row) => new Set([...row.querySelectorAll('button')].map((b) => Math.round(b.getBoundingClientRect().top))).size);
        const canvas = document.createElement('canvas').getContext('2d')!;
        const cut = [...document.querySelectorAll<HTMLInputElement>('input[placeholder]')].flatMap((input) => {
          const style = getComputedStyle(input);
          canvas.font = style.font;
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return canvas.measureText(input.placeholder).width > room ? [input.placeholder] : [];
        });
        return { rows, cut, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
      });
      const feed = await measure();
      expect(feed.rows.length).toBeGreaterThan(0);
      expect(new Set(feed.rows)).toEqual(new Set([1]));
      // The narrowest column of the desktop grid too.
      for (const width of [1200, 1000, 700]) {
        await page.setViewportSize({ width, height: 900 });
        expect(new Set((await measure()).rows), `at ${width} px`).toEqual(new Set([1]));
      }
      await page.setViewportSize({ width: 390, height: 844 });
      const views: Record<string, { cut: string[]; overflow: number }> = { 'For you': { cut: feed.cut, overflow: feed.overflow } };
      await page.locator('[data-testid=feed-card]').first().getByRole('button', { name: '♡ Like' }).click();
      for (const view of VIEWS.slice(1)) {
        await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();
        await page.waitForTimeout(200);
        const { cut, overflow } = await measure();
        views[view] = { cut, overflow };
      }
      expect(views).toEqual(Object.fromEntries(VIEWS.map((view) => [view, { cut: [], overflow: 0 }])));
    } finally {
      await browser.close();
      removeProfileDir(browser.userDataDir);
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`the widget on the demo article in ${scheme} mode has no violations, follows the page's scheme unless told a theme`, async () => {
      const browser = await openBrowser();
      const { page } = browser;
      const problems = watchConsole(page);
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${server.url}demo/article.html`);
        await expect.poll(() => frameWidgetIds(page), { timeout: 60_000 }).toHaveLength(6);
        // The host page, and the widget in its frame (axe does not enter a frame of another document by itself).
        expect(await axeViolations(page)).toEqual([]);
        expect(await axeViolations(widgetFrame(page)!)).toEqual([]);
        expect(isDark(await widgetCardColour(page))).toBe(scheme === 'dark');
        const other = scheme === 'dark' ? 'light' : 'dark';
        await page.evaluate((theme) => document.querySelector('sift-recs')!.setAttribute('theme', theme), other);
        await expect.poll(async () => isDark(await widgetCardColour(page))).toBe(other === 'dark');
        // "Not for me" with the keyboard: focus moves to the item that followed, inside the widget.
        const frame = widgetFrame(page)!;
        const before = await frameWidgetIds(page);
        await frame.locator('[data-testid=widget-item]').first().getByRole('button', { name: /^Not for me/ }).focus();
        await page.keyboard.press('Enter');
        await expect.poll(async () => (await frameWidgetIds(page)).includes(before[0]!)).toBe(false);
        // On another item that is still there (which one is feedChange's rule, unit-tested), never lost to the page.
        const focused = (): Promise<string | null> => frame.evaluate(() => document.activeElement?.closest('[data-testid=widget-item]')?.getAttribute('data-item-id') ?? null);
        await expect.poll(focused).not.toBeNull();
        expect(await frameWidgetIds(page)).toContain(await focused());
        expect(await focused()).not.toBe(before[0]);
        expect(problems()).toEqual([]);
      } finally {
        await browser.close();
        removeProfileDir(browser.userDataDir);
      }
    });
  }
});
