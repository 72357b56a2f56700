// Reports the gzip size of the JavaScript a first visit loads (the entry script and its
// modulepreloads in dist/index.html; workers and lazy chunks load later) and fails the
// build when it is over budget. `node src/cli/bundle-size.mjs [--json] [--budget-kb 120]`
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, 'budget-kb': { type: 'string', default: '120' }, dist: { type: 'string', default: 'dist' } } });
const html = readFileSync(join(values.dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
const files = scripts.map((src) => {
  const bytes = readFileSync(join(values.dist, src.replace(/^\.?\//, '')));
  return { file: src, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const total = files.reduce((sum, f) => sum + f.gzip, 0);
const budget = Number(values['budget-kb']) * 1024;
if (values.json) console.log(JSON.stringify({ initialJsGzipBytes: total, budgetBytes: budget, files }));
else console.log(`initial JS: ${(total / 1024).toFixed(1)} KB gzip (${files.length} file${files.length === 1 ? '' : 's'}; budget ${values['budget-kb']} KB)`);
if (total > budget) {
  console.error(`initial JS is over budget by ${((total - budget) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
