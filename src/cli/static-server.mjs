// A small static file server for the built app (no dependencies, so `npm start` can use it
// right after the build). Serves 127.0.0.1 only; GET/HEAD only; no directory listings.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Transform } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Rules from the root's `_headers` file (Cloudflare Pages' format, which the build writes, see
 * src/app/content-security-policy.ts): a path pattern (`*` matches anything), then indented
 * `Name: value` lines, or `! Name` to drop a header an earlier rule set.
 * @param {string} root
 * @returns {Array<{ pattern: RegExp, set: Record<string, string>, unset: string[] }>}
 */
export function readHeadersFile(root) {
  const path = join(root, '_headers');
  if (!existsSync(path)) return [];
  /** @type {Array<{ pattern: RegExp, set: Record<string, string>, unset: string[] }>} */
  const rules = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const escaped = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${escaped}$`), set: {}, unset: [] });
      continue;
    }
    const rule = rules[rules.length - 1];
    if (rule === undefined) continue;
    const unset = /^\s+!\s*([A-Za-z-]+)\s*$/.exec(line);
    const header = /^\s+([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (unset?.[1] !== undefined) rule.unset.push(unset[1].toLowerCase());
    else if (header?.[1] !== undefined && header[2] !== undefined) rule.set[header[1].toLowerCase()] = header[2].trim();
  }
  return rules;
}

/**
 * @param {ReturnType<typeof readHeadersFile>} rules
 * @param {string} pathname
 * @returns {Record<string, string>}
 */
function headersFor(rules, pathname) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const rule of rules) {
    if (!rule.pattern.test(pathname)) continue;
    Object.assign(headers, rule.set);
    for (const name of rule.unset) delete headers[name];
  }
  return headers;
}

/**
 * Passes bytes on no faster than `bytesPerSecond`, each chunk when the link would have carried it.
 * @param {number} bytesPerSecond
 * @returns {Transform}
 */
function throttled(bytesPerSecond) {
  let freeAt = Date.now();
  return new Transform({
    transform(chunk, _encoding, done) {
      freeAt = Math.max(freeAt, Date.now()) + (chunk.length / bytesPerSecond) * 1000;
      setTimeout(() => done(null, chunk), Math.max(0, freeAt - Date.now()));
    },
  });
}

/**
 * `headers` are added to (and override) those of the root's `_headers` file. `onRequest` sees
 * every request as it arrives (tests use it to prove what the network sees). `bytesPerSecond`
 * sends bodies no faster than that, as a network link would (the browser bench's `--mbps`).
 * @param {{ root: string, port?: number, host?: string, headers?: Record<string, string>, onRequest?: (request: { method: string, url: string, headers: Record<string, string | string[] | undefined> }) => void, bytesPerSecond?: number }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startStaticServer({ root, port = 0, host = '127.0.0.1', headers: extraHeaders = {}, onRequest, bytesPerSecond }) {
  const base = resolve(root);
  const rules = readHeadersFile(base);
  const server = createServer(async (request, response) => {
    onRequest?.({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const headers = { ...headersFor(rules, pathname), ...extraHeaders };
    const file = normalize(join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if ((file !== base && !file.startsWith(base + sep)) || file === join(base, '_headers')) {
      response.writeHead(403).end();
      return;
    }
    let info;
    try {
      info = await stat(file);
    } catch {
      info = undefined;
    }
    if (info === undefined || !info.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('Not found');
      return;
    }
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const common = {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      etag,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...headers,
    };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, common).end();
      return;
    }
    response.writeHead(200, { ...common, 'content-length': info.size });
    if (request.method === 'HEAD') response.end();
    else if (bytesPerSecond === undefined) createReadStream(file).pipe(response);
    else createReadStream(file, { highWaterMark: 16_384 }).pipe(throttled(bytesPerSecond)).pipe(response);
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose(undefined));
      }),
  };
}
