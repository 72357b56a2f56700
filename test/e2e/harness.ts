import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { launchChromium } from '../../src/bench/chromium';
import { startStaticServer } from '../../src/cli/static-server.mjs';
import { deploymentAllowing } from '../../src/bench/dist-copy';
import { loaderIntegrity } from '../../src/cli/loader-integrity.mjs';

export { distWith } from '../../src/bench/dist-copy';

export const OUTPUT_DIR = 'test-output/e2e';

/**
 * A card of a settled feed: not the first page a new user sees while the worker still indexes the
 * catalogue's words (data-feed-source="provisional"), which is replaced a moment later. Acting on
 * that page works (the action waits for the full ranking), but a test that compares the feed
 * before and after an action must start from the settled one.
 */
export const SETTLED_FEED_CARD = '[data-testid=feed]:not([data-feed-source=provisional]) [data-testid=feed-card]';

export interface StaticServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the built app as `npm start` does (with the `_headers` the build wrote). With
 * `connectOrigins`, a copy whose pages' <meta> policies and `_headers` also allow those origins,
 * as a build with SIFT_CONNECT_ORIGINS would have written them (see deploymentAllowing).
 */
export async function serveDist(
  options: { root?: string; connectOrigins?: readonly string[]; headers?: Record<string, string>; onRequest?: (request: { method: string; url: string }) => void } = {},
): Promise<StaticServer> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npx vite build` (npm test does) before the e2e tests.');
  const root = options.connectOrigins === undefined ? (options.root ?? 'dist') : deploymentAllowing(options.connectOrigins, options.root ?? 'dist');
  const server = (await startStaticServer({ root, headers: { ...options.headers }, ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }) })) as StaticServer;
  if (root === (options.root ?? 'dist')) return server;
  return { ...server, close: () => server.close().then(() => rmSync(root, { recursive: true, force: true })) };
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly userDataDir: string;
  /** Closes the browser, keeping the profile directory (to reopen it). */
  close(): Promise<void>;
}

/** A real Chromium with its own profile directory; reopen with the same dir to test persistence. */
export async function openBrowser(userDataDir: string = freshProfileDir(), extraArgs: readonly string[] = []): Promise<BrowserSession> {
  const context = await launchChromium(userDataDir, extraArgs);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, userDataDir, close: () => context.close() };
}

export function freshProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'sift-chromium-'));
}

export function removeProfileDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * A screenshot the documentation shows (docs/<name>.png, linked from the README): written to
 * test-output/ on every run, and over the committed one when SIFT_UPDATE_DOCS_SCREENSHOTS=1
 * (`SIFT_UPDATE_DOCS_SCREENSHOTS=1 npm run test:e2e -- feed`).
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  const path = await screenshot(page, `docs-${name}`);
  if (process.env.SIFT_UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(path, join('docs', `${name}.png`));
}

/** Item ids of the feed cards on screen, top first. */
export function feedIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=feed-card]', (cards) => cards.map((card) => card.getAttribute('data-item-id') ?? ''));
}

/** The frame of a `<sift-recs>` in frame mode (widget.html from Sift's origin), once it is there. */
export function widgetFrame(page: Page): Frame | undefined {
  return page.frames().find((frame) => new URL(frame.url()).pathname.endsWith('/widget.html'));
}

/** The events a framed widget stored for a catalogue, read inside the frame (Sift's origin), oldest first. */
export function frameStoredEvents(frame: Frame, catalogueUrl: string): Promise<Array<{ readonly kind: string; readonly itemId?: string }>> {
  return frame.evaluate(
    (name) =>
      new Promise<Array<{ kind: string; itemId?: string }>>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          // The history is stored in pages of events (src/storage/records.ts).
          const read = open.result.transaction('eventPages').objectStore('eventPages').getAll();
          const events = (): Array<{ kind: string; itemId?: string }> => (read.result as Array<{ events: Array<{ kind: string; itemId?: string }> }>).flatMap((page) => page.events);
          read.onsuccess = () => resolve(events().map(({ kind, itemId }) => ({ kind, ...(itemId === undefined ? {} : { itemId }) })));
          read.onerror = () => reject(read.error);
        };
      }),
    `sift-widget:${catalogueUrl}`,
  );
}

/** Item ids the framed widget shows, top first ([] until its frame is there). */
export async function frameWidgetIds(page: Page): Promise<string[]> {
  const frame = widgetFrame(page);
  if (frame === undefined) return [];
  return frame.$$eval('[data-testid=widget-item]', (items) => items.map((item) => item.getAttribute('data-item-id') ?? '')).catch(() => []);
}

/**
 * A site on another origin that embeds `<sift-recs>` from Sift's deployment at `siftUrl`, and
 * records the element's events in `window.siftEvents` (cancelling clicks, as a site that
 * navigates itself would). `body` goes after the element.
 */
export function widgetHostPage(siftUrl: string, attributes: string, body = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A film site</title><link rel="icon" href="data:,"></head>
<body>
  <h1>A film site on another origin</h1>
  <sift-recs ${attributes}></sift-recs>
  ${body}
  <script type="module" src="${siftUrl}widget/sift-widget.js" integrity="${loaderIntegrity()}" crossorigin="anonymous"></script>
  <script type="module">
    window.siftEvents = [];
    const recs = document.querySelector('sift-recs');
    for (const name of ['sift-ready', 'sift-click', 'sift-error']) {
      recs.addEventListener(name, (event) => {
        window.siftEvents.push({ name, detail: event.detail });
        if (name === 'sift-click') event.preventDefault();
      });
    }
  </script>
</body></html>`;
}

/** track() with a bad item id and a bad kind on the page's `<sift-recs>`: what each call did ('ok', or the error's name). */
export function badTrackCalls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const recs = document.querySelector('sift-recs')!;
    const outcomes: string[] = [];
    for (const call of [() => recs.track('', 'open'), () => recs.track('ml-1', 'buy' as 'open')]) await call().then(() => outcomes.push('ok'), (e: Error) => outcomes.push(e.name));
    return outcomes;
  });
}

