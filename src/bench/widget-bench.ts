import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { loaderIntegrity } from '../cli/loader-integrity.mjs';
import { startStaticServer } from '../cli/static-server.mjs';
import { untilBrowserIdle } from './browser-idle';
import { launchChromium } from './chromium';
import { median } from './stats';

/**
 * `npm run bench -- --widget`: how soon the `<sift-recs>` widget shows cards, measured as the
 * e2e does (test/e2e/widget-frame.test.ts): the built app (dist/) and a host page served from two
 * origins, the demo catalogue, six cards; from the host page's navigation start to the frame's
 * first card on screen. A first visit is a fresh browser profile (opened once the browser is
 * idle); a return visit is a reload of the same page in the same browser. Medians of `runs`.
 */
export interface WidgetBenchReport {
  readonly runs: number;
  readonly firstVisitMs: readonly number[];
  readonly returnMs: readonly number[];
  readonly firstVisitMedianMs: number;
  readonly returnMedianMs: number;
}

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

export async function runWidgetBench(options: { readonly runs: number; readonly dist?: string; readonly log: (line: string) => void }): Promise<WidgetBenchReport> {
  const dist = options.dist ?? 'dist';
  const sift = (await startStaticServer({ root: dist })) as Served;
  const hostRoot = mkdtempSync(join(tmpdir(), 'sift-widget-bench-host-'));
  const catalogue = `${sift.url}catalog/movielens-demo.json`;
  writeFileSync(
    join(hostRoot, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A site</title><link rel="icon" href="data:,"></head><body>
<h1>An article on another origin</h1><sift-recs catalog="${catalogue}" count="6"></sift-recs>
<script type="module" src="${sift.url}widget/sift-widget.js" integrity="${loaderIntegrity(dist)}" crossorigin="anonymous"></script></body></html>`,
  );
  const host = (await startStaticServer({ root: hostRoot })) as Served;
  const firstVisitMs: number[] = [];
  const returnMs: number[] = [];
  try {
    for (let run = 0; run < options.runs; run += 1) {
      const profile = mkdtempSync(join(tmpdir(), 'sift-widget-bench-profile-'));
      const context = await launchChromium(profile);
      try {
        await untilBrowserIdle(profile);
        const page = await preparedPage(context);
        await page.goto(host.url);
        firstVisitMs.push(await hostLoadToFirstCard(page));
        // The frame keeps what it showed once the ranking settles; then the reader comes back.
        await page.waitForTimeout(1_000);
        await page.reload();
        returnMs.push(await hostLoadToFirstCard(page));
        options.log(`widget run ${run + 1}/${options.runs}: first visit ${Math.round(firstVisitMs.at(-1)!)} ms, return ${Math.round(returnMs.at(-1)!)} ms`);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await Promise.all([sift.close(), host.close()]);
    rmSync(hostRoot, { recursive: true, force: true });
  }
  return { runs: options.runs, firstVisitMs, returnMs, firstVisitMedianMs: median(firstVisitMs), returnMedianMs: median(returnMs) };
}

export function formatWidgetReport(report: WidgetBenchReport): string {
  return [
    `widget first visit: ${Math.round(report.firstVisitMedianMs)} ms`,
    `widget return: ${Math.round(report.returnMedianMs)} ms`,
    `(host page navigation start → the frame's first card, host and Sift on two origins, demo catalogue, six cards; medians of ${report.runs} fresh browsers: first visits ${report.firstVisitMs.map(Math.round).join(', ')} ms; returns ${report.returnMs.map(Math.round).join(', ')} ms)`,
  ].join('\n');
}

/** A page whose widget frame notes when its first card appears, on the clock both share (epoch ms). */
async function preparedPage(context: BrowserContext): Promise<Page> {
  await context.addInitScript(() => {
    if (!location.pathname.endsWith('/widget.html')) return;
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid=widget-item]') === null) return;
      (window as unknown as { firstCardAt: number }).firstCardAt = performance.timeOrigin + performance.now();
      seen.disconnect();
    });
    seen.observe(document, { childList: true, subtree: true });
  });
  return context.pages()[0] ?? (await context.newPage());
}

async function hostLoadToFirstCard(page: Page): Promise<number> {
  const started = Date.now();
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/widget.html'));
    const at = frame === undefined ? undefined : await frame.evaluate(() => (window as unknown as { firstCardAt?: number }).firstCardAt).catch(() => undefined);
    if (at !== undefined) return at - (await page.evaluate(() => performance.timeOrigin));
    if (Date.now() - started > 60_000) throw new Error('the widget showed no card within 60 s');
    await page.waitForTimeout(20);
  }
}
