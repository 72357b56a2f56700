// Reports the gzip size of the JavaScript a first visit loads and fails the build when it is
// over budget: the app (the entry script and modulepreloads in dist/index.html) and the widget
// (dist/widget/sift-widget.js and any chunk it imports statically). Workers and lazy chunks
// load later and are not counted. `node src/cli/bundle-size.mjs [--json] [--budget-kb 120] [--widget-budget-kb 8]`
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'budget-kb': { type: 'string', default: '120' },
    'widget-budget-kb': { type: 'string', default: '8' },
    dist: { type: 'string', default: 'dist' },
  },
});

/** @param {string} path */
function measure(path) {
  const bytes = readFileSync(path);
  return { file: path, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/**
 * The entry and every chunk reachable through static imports (not `import()`).
 * @param {string} entry
 * @returns {string[]}
 */
function staticClosure(entry) {
  /** @type {Set<string>} */
  const seen = new Set();
  const queue = [normalize(entry)];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      if (m[1] !== undefined) queue.push(normalize(join(dirname(file), m[1])));
    }
  }
  return [...seen];
}

const html = readFileSync(join(values.dist, 'index.html'), 'utf8');
const appScripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].flatMap((m) => (m[1] === undefined ? [] : [join(values.dist, m[1].replace(/^\.?\//, ''))]));
const widgetEntry = join(values.dist, 'widget', 'sift-widget.js');
const bundles = [
  { name: 'initial JS', files: appScripts.map(measure), budgetKb: Number(values['budget-kb']) },
  ...(existsSync(widgetEntry) ? [{ name: 'widget JS', files: staticClosure(widgetEntry).map(measure), budgetKb: Number(values['widget-budget-kb']) }] : []),
];

let over = false;
const report = bundles.map((b) => {
  const total = b.files.reduce((sum, f) => sum + f.gzip, 0);
  if (total > b.budgetKb * 1024) over = true;
  return { ...b, gzipBytes: total };
});
if (values.json) console.log(JSON.stringify(report));
else for (const b of report) console.log(`${b.name}: ${(b.gzipBytes / 1024).toFixed(1)} KB gzip (${b.files.length} file${b.files.length === 1 ? '' : 's'}; budget ${b.budgetKb} KB)`);
for (const b of report) if (b.gzipBytes > b.budgetKb * 1024) console.error(`${b.name} is over budget by ${((b.gzipBytes - b.budgetKb * 1024) / 1024).toFixed(1)} KB`);
if (over) process.exit(1);
if (!existsSync(widgetEntry)) console.warn('no dist/widget/sift-widget.js: build the widget (npm run build) to check its budget');
