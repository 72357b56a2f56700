// `npm test`: install what is missing, type-check, build, then run every test (unit, storage,
// end-to-end in Chromium) and print one closing line with the totals.
import { mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { build } from './build.mjs';
import { ensureInstalled, run } from './ensure-installed.mjs';

const started = Date.now();
ensureInstalled();
console.log('[sift] type-checking…');
run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']);
console.log('[sift] building…');
build();
mkdirSync('test-output', { recursive: true });
const report = 'test-output/vitest-report.json';
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let summary = 'no report';
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  summary = `${json.numPassedTests} passed, ${json.numFailedTests} failed${json.numPendingTests + json.numTodoTests > 0 ? `, ${json.numPendingTests + json.numTodoTests} skipped` : ''}`;
} catch {
  // fall through: the exit code below still tells
}
console.log(`\n[sift] finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`tests: ${summary}`);
process.exit(vitest.status ?? 1);
