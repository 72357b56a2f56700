import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PERSONAL_DATA_FORMAT, PERSONAL_DATA_VERSION, type PersonalData } from '../core/personal/personal-data';
import { sealFile } from '../core/personal/sealed-file';
import { seededRandom } from '../core/random/seeded-random';
import { startStaticServer } from '../cli/static-server.mjs';
import { untilBrowserIdle } from './browser-idle';
import { launchChromium } from './chromium';
import { median } from './stats';

/**
 * `npm run bench -- --profile-file [--events 100000]`: a sealed export of N events brought into
 * the built app (dist/) and taken out again, in headless Chromium, through the Settings page as a
 * reader does: open (key derivation, decryption, validation and the dry run), import (one
 * transaction, then the page starts again and replays the history), export (read, serialise,
 * derive, encrypt). The key derivation alone is timed in the same page, for its share, and so is
 * storing the same number of events one record each (the layout before schema 8), for
 * comparison; long tasks on the page are caught by the Long Tasks API. Medians of `runs` fresh
 * browsers.
 */
export interface ProfileFileBenchReport {
  readonly events: number;
  readonly fileMB: number;
  readonly runs: number;
  readonly openMs: number;
  readonly importMs: number;
  readonly exportMs: number;
  readonly kdfMs: number;
  /** The same number of events written to IndexedDB one record each, with the indexes the events table had: the layout before pages (schema 8), for comparison. */
  readonly storeMs: number;
  /** The page's longest task while opening, importing (up to the restart) or exporting. */
  readonly longestTaskMs: number;
  /** The page's longest task in the restart after an import (the catalogue and history read again, the feed ranked). */
  readonly restartLongestTaskMs: number;
  /** The same, in an ordinary start of the app with the same history (a reload, no import): what any start costs. */
  readonly reloadLongestTaskMs: number;
  /** The page's longest task in the browser's first start of the app, a new reader's (before any import). */
  readonly firstStartLongestTaskMs: number;
}

const PASSPHRASE = 'ferry lantern quietly orbit mango';
const CATALOGUE_ID = 'movielens-latest-small';

export async function runProfileFileBench(options: { readonly events: number; readonly runs: number; readonly log: (line: string) => void }): Promise<ProfileFileBenchReport> {
  const file = await sealedHistory(options.events);
  const app = (await startStaticServer({ root: 'dist' })) as { url: string; close(): Promise<void> };
  const runs: Array<Omit<ProfileFileBenchReport, 'events' | 'fileMB' | 'runs'>> = [];
  try {
    for (let run = 0; run < options.runs; run += 1) {
      const profile = mkdtempSync(join(tmpdir(), 'sift-profile-bench-'));
      const context = await launchChromium(profile);
      try {
        await untilBrowserIdle(profile);
        const page = context.pages()[0] ?? (await context.newPage());
        // Each document's long tasks, kept in sessionStorage so that the import's survive the restart
        // it ends with. Counting starts again at each step (`startLongTasks`): a task that began
        // before is left out even when it is reported after.
        await page.addInitScript(() => {
          const tasks: number[] = [];
          const scope = window as unknown as { longTasks: number[]; previousLongTasks: number[]; longTasksSince: number };
          scope.longTasks = tasks;
          scope.longTasksSince = 0;
          scope.previousLongTasks = JSON.parse(sessionStorage.getItem('bench-long-tasks') ?? '[]') as number[];
          sessionStorage.setItem('bench-long-tasks', '[]');
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) if (entry.startTime >= scope.longTasksSince) tasks.push(entry.duration);
            sessionStorage.setItem('bench-long-tasks', JSON.stringify(tasks));
          }).observe({ type: 'longtask', buffered: true });
        });
        await page.goto(app.url);
        await page.waitForSelector('[data-testid=feed-card]', { timeout: 60_000 });
        const firstStartTasks = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
        await page.getByRole('button', { name: 'Settings' }).click();
        const kdfMs = await timeKeyDerivation(page);
        await startLongTasks(page);
        await page.setInputFiles('#import-file', { name: 'history.sift', mimeType: 'application/octet-stream', buffer: Buffer.from(file) });
        // Playwright builds the chosen file in the page (base64 to bytes, half a second for 5.5 MB): a picker does not.
        await startLongTasks(page);
        let started = Date.now();
        await page.getByTestId('import-passphrase').fill(PASSPHRASE);
        await page.getByTestId('import-locked').getByRole('button', { name: 'Open' }).click();
        await page.getByTestId('import-plan').waitFor({ timeout: 120_000 });
        const openMs = Date.now() - started;
        const openTasks = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
        started = Date.now();
        await page.getByTestId('import-plan').getByRole('button', { name: 'Import' }).click();
        await page.waitForSelector('[data-testid=your-data]', { state: 'detached', timeout: 120_000 });
        await page.waitForSelector('[data-testid=feed]:not([data-feed-source=provisional]) [data-testid=feed-card]', { timeout: 120_000 });
        const importMs = Date.now() - started;
        const importTasks = await page.evaluate(() => Math.max(0, ...(window as unknown as { previousLongTasks: number[] }).previousLongTasks));
        const restartTasks = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
        await page.getByRole('button', { name: 'Settings' }).click();
        await startLongTasks(page);
        await page.getByTestId('export-passphrase').fill(PASSPHRASE);
        await page.getByTestId('export-passphrase-again').fill(PASSPHRASE);
        await page.waitForFunction(() => !(document.querySelector('[data-testid=export-sealed]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: 30_000 });
        started = Date.now();
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('export-sealed').click()]);
        await download.path();
        const exportMs = Date.now() - started;
        const exportTasks = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
        // An ordinary start with the same history, for comparison with the restart that ends an import.
        await page.reload();
        await page.waitForSelector('[data-testid=feed]:not([data-feed-source=provisional]) [data-testid=feed-card]', { timeout: 120_000 });
        const reloadTasks = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
        // Last, so that its load on IndexedDB cannot slow the steps measured above.
        const storeMs = await timeRecordWrites(page, options.events);
        runs.push({ openMs, importMs, exportMs, kdfMs, storeMs, longestTaskMs: Math.max(openTasks, importTasks, exportTasks), restartLongestTaskMs: restartTasks, reloadLongestTaskMs: reloadTasks, firstStartLongestTaskMs: firstStartTasks });
        options.log(`profile file run ${run + 1}/${options.runs}: open ${openMs} ms, import ${importMs} ms, export ${exportMs} ms, key derivation ${Math.round(kdfMs)} ms, ${options.events} records one by one ${Math.round(storeMs)} ms, longest task ${Math.round(Math.max(openTasks, importTasks, exportTasks))} ms (open ${Math.round(openTasks)}, import ${Math.round(importTasks)}, export ${Math.round(exportTasks)}, restart ${Math.round(restartTasks)} ms, ordinary start ${Math.round(reloadTasks)} ms, first start ${Math.round(firstStartTasks)} ms)`);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await app.close();
  }
  const of = (pick: (run: (typeof runs)[number]) => number): number => median(runs.map(pick));
  return {
    events: options.events,
    fileMB: file.length / 1e6,
    runs: options.runs,
    openMs: of((r) => r.openMs),
    importMs: of((r) => r.importMs),
    exportMs: of((r) => r.exportMs),
    kdfMs: of((r) => r.kdfMs),
    storeMs: of((r) => r.storeMs),
    longestTaskMs: of((r) => r.longestTaskMs),
    restartLongestTaskMs: of((r) => r.restartLongestTaskMs),
    reloadLongestTaskMs: of((r) => r.reloadLongestTaskMs),
    firstStartLongestTaskMs: of((r) => r.firstStartLongestTaskMs),
  };
}

export function formatProfileFileReport(r: ProfileFileBenchReport): string {
  return [
    `Sealed profile file, ${r.events.toLocaleString('en')} events (${r.fileMB.toFixed(1)} MB), the built app in headless Chromium, medians of ${r.runs} fresh browsers:`,
    '| step | ms | of which key derivation (600,000 PBKDF2 rounds) |',
    '|---|---:|---:|',
    `| open (derive, decrypt, validate, dry run) | ${r.openMs} | ${Math.round(r.kdfMs)} (${Math.round((100 * r.kdfMs) / r.openMs)}%) |`,
    `| import (one transaction, page restart, history replayed, feed ranked) | ${r.importMs} | – |`,
    `| (for comparison: ${r.events.toLocaleString('en')} events stored one record each, as before schema 8, without the restart) | ${Math.round(r.storeMs)} | – |`,
    `| export (read, serialise, derive, encrypt, download) | ${r.exportMs} | ${Math.round(r.kdfMs)} (${Math.round((100 * r.kdfMs) / r.exportMs)}%) |`,
    `Longest main-thread task while opening, importing or exporting: ${Math.round(r.longestTaskMs)} ms; in the restart after the import: ${Math.round(r.restartLongestTaskMs)} ms; in an ordinary start with the same history (a reload): ${Math.round(r.reloadLongestTaskMs)} ms; in the browser's first start of the app: ${Math.round(r.firstStartLongestTaskMs)} ms.`,
  ].join('\n');
}

/** A reader's history of `count` events on the demo catalogue's items, sealed as the app seals it. */
async function sealedHistory(count: number): Promise<Uint8Array> {
  const catalogue = JSON.parse(readFileSync('public/catalog/movielens-demo.json', 'utf8')) as { items: Array<{ id: string }> };
  const ids = catalogue.items.map((item) => item.id);
  const random = seededRandom(7);
  const kinds = ['open', 'open', 'open', 'skip', 'like', 'save', 'dislike'] as const;
  const start = Date.UTC(2025, 0, 1);
  const events = Array.from({ length: count }, (_, i) => ({ kind: kinds[Math.floor(random() * kinds.length)]!, itemId: ids[Math.floor(random() * ids.length)]!, at: start + i * 60_000 }));
  const data: PersonalData = {
    format: PERSONAL_DATA_FORMAT,
    version: PERSONAL_DATA_VERSION,
    exportedAt: new Date(start + count * 60_000).toISOString(),
    catalogues: [{ id: CATALOGUE_ID, sourceUrl: '', title: 'MovieLens demo', events, profile: null }],
    settings: {},
  };
  const subtle = webcrypto.subtle as unknown as SubtleCrypto;
  return sealFile(new TextEncoder().encode(JSON.stringify(data)), PASSPHRASE, { salt: webcrypto.getRandomValues(new Uint8Array(16)), iv: webcrypto.getRandomValues(new Uint8Array(12)) }, subtle);
}

/** 600,000 PBKDF2 rounds in the page's own WebCrypto, as sealing and opening do. */
function timeKeyDerivation(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const subtle = crypto.subtle;
    const started = performance.now();
    const material = await subtle.importKey('raw', new TextEncoder().encode('ferry lantern quietly orbit mango'), 'PBKDF2', false, ['deriveKey']);
    await subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: 600_000 }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    return performance.now() - started;
  });
}

/** `count` records shaped like events, written in one transaction to a scratch database laid out as the events table was before schema 8 (a record per event, five indexes), in the page. */
function timeRecordWrites(page: Page, count: number): Promise<number> {
  return page.evaluate(async (count) => {
    const name = 'bench-record-writes';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
        store.createIndex('catalogueId', 'catalogueId');
        store.createIndex('[catalogueId+seq]', ['catalogueId', 'seq']);
        for (const key of ['at', 'itemId', 'kind']) store.createIndex(key, key);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const records = Array.from({ length: count }, (_, i) => ({ catalogueId: 'movielens-latest-small', kind: 'open', itemId: `ml-${i % 9000}`, at: 1_735_689_600_000 + i * 60_000 }));
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction('events', 'readwrite');
      const store = transaction.objectStore('events');
      for (const record of records) store.add(record);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    const elapsed = performance.now() - started;
    db.close();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = resolve;
    });
    return elapsed;
  }, count);
}

/** Long tasks count from now on in this page. */
async function startLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const scope = window as unknown as { longTasks: number[]; longTasksSince: number };
    scope.longTasks.length = 0;
    scope.longTasksSince = performance.now();
    sessionStorage.setItem('bench-long-tasks', '[]');
  });
}
