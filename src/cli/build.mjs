// `npm run build`: the app into dist/, the widget into dist/widget/, then the size budgets and
// the loader's integrity hash.
import { fileURLToPath } from 'node:url';
import { run } from './ensure-installed.mjs';

export function build() {
  run('npx', ['vite', 'build', '--logLevel', 'warn']);
  run('npx', ['vite', 'build', '--config', 'vite.widget.config.ts', '--logLevel', 'warn']);
  run('node', ['src/cli/bundle-size.mjs']);
  run('node', ['src/cli/loader-integrity.mjs']);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) build();
