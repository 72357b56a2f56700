import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
const server = createServer((req, res) => { res.setHeader('content-type','text/html'); res.end('<html><body>x</body></html>'); }).listen(0, '127.0.0.1');
await new Promise(r => server.on('listening', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless','--no-sandbox'] }); const ctx = await browser.newContext(); await ctx.newPage();
const page = ctx.pages()[0];
await page.goto(url);
const cdp = await browser.newBrowserCDPSession();
console.log(await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin, quotaSize: 100000 }).catch(e => String(e)));
console.log(await page.evaluate(async () => navigator.storage.estimate()));
console.log(await page.evaluate(async () => {
  const db = await new Promise((res, rej) => { const r = indexedDB.open('t', 1); r.onupgradeneeded = () => r.result.createObjectStore('s'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  return await new Promise((res) => { const tx = db.transaction('s', 'readwrite'); tx.objectStore('s').put('x'.repeat(500000), 1); tx.oncomplete = () => res('ok'); tx.onabort = () => res('abort ' + tx.error?.name); });
}));
await ctx.close(); server.close();
