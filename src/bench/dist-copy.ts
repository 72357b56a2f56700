import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * A copy of dist/ (linked, not copied) with extra files written into it: a self-hosted models/
 * folder and its manifest, or a catalogue. Folders that receive a file are made real folders
 * (their other entries linked), so nothing is ever written into dist/ itself. Remove it with rmSync(…, { recursive: true }).
 */
export function distWith(files: ReadonlyMap<string, Uint8Array | string>, dist = 'dist'): string {
  const root = mkdtempSync(join(tmpdir(), 'sift-dist-'));
  const linkTree = (from: string, to: string, prefix: string): void => {
    for (const entry of readdirSync(from)) {
      const path = `${prefix}${entry}`;
      if (files.has(path)) continue;
      if ([...files.keys()].some((file) => file.startsWith(`${path}/`))) {
        mkdirSync(join(to, entry));
        linkTree(join(from, entry), join(to, entry), `${path}/`);
      } else {
        symlinkSync(resolve(from, entry), join(to, entry));
      }
    }
  };
  linkTree(dist, root, '');
  for (const [path, bytes] of files) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return root;
}

/**
 * The built app as a build with SIFT_CONNECT_ORIGINS naming `origins` would have written it (its
 * pages' <meta> policies and catalogue hosts, and its `_headers`, allowing them), without building
 * again: for the tests and the bench that serve catalogues from another origin. A copy of `dist`
 * as distWith makes it.
 */
export function deploymentAllowing(origins: readonly string[], dist = 'dist'): string {
  const allowed = origins.join(' ');
  const files = new Map<string, string>();
  for (const page of ['index.html', 'widget.html']) {
    const html = readFileSync(join(dist, page), 'utf8');
    if (!html.includes('connect-src &#39;self&#39;') || !html.includes('<meta name="sift-catalogue-origins"')) throw new Error(`${dist}/${page} has no Content-Security-Policy or catalogue-origins <meta> to extend`);
    const rewritten = html
      .replace('connect-src &#39;self&#39;', `connect-src &#39;self&#39; ${allowed}`)
      .replace(/(<meta name="sift-catalogue-origins" content=")([^"]*)"/, (_, start: string, listed: string) => `${start}${`${listed} ${allowed}`.trim()}"`);
    files.set(page, rewritten);
  }
  const headers = readFileSync(join(dist, '_headers'), 'utf8');
  files.set('_headers', headers.replaceAll("connect-src 'self'", `connect-src 'self' ${allowed}`));
  return distWith(files, dist);
}
