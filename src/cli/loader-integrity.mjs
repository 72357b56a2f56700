// The widget loader's Subresource Integrity hash, for host pages to pin the one script they run
// (`<script type="module" src="…/widget/sift-widget.js" integrity="sha384-…" crossorigin="anonymous">`).
// `npm run build` prints it, writes it to dist/widget/sift-widget.js.integrity, and puts it in the
// demo article page's script tag. `node src/cli/loader-integrity.mjs [dist]`
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @param {string} dist
 * @returns {string} the integrity value, `sha384-<base64>`
 */
export function loaderIntegrity(dist = 'dist') {
  return `sha384-${createHash('sha384').update(readFileSync(join(dist, 'widget', 'sift-widget.js'))).digest('base64')}`;
}

/**
 * Writes the hash beside the loader and into the demo page (whose tag carries a placeholder).
 * @param {string} dist
 * @returns {string}
 */
export function writeLoaderIntegrity(dist = 'dist') {
  const integrity = loaderIntegrity(dist);
  writeFileSync(join(dist, 'widget', 'sift-widget.js.integrity'), `${integrity}\n`);
  const demo = join(dist, 'demo', 'article.html');
  if (existsSync(demo)) {
    const html = readFileSync(demo, 'utf8');
    const pinned = html.replace(/integrity="[^"]*"/, `integrity="${integrity}"`);
    if (pinned === html && !html.includes(integrity)) throw new Error(`${demo}: no integrity="" attribute on the loader's script tag`);
    writeFileSync(demo, pinned);
  }
  return integrity;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const integrity = writeLoaderIntegrity(process.argv[2] ?? 'dist');
  console.log(`Widget loader integrity: ${integrity}\n  <script type="module" src="https://<your Sift>/widget/sift-widget.js" integrity="${integrity}" crossorigin="anonymous"></script>`);
}
