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

const USAGE = `Usage: npm run build

Builds the app into dist/ and the widget into dist/widget/, checks the size budgets and prints the
widget loader's integrity hash. The deployment is set by environment variables (docs/widget.md,
docs/using.md): SIFT_CONNECT_ORIGINS, SIFT_MODEL_ORIGINS, SIFT_FRAME_ANCESTORS, SIFT_APP_FRAME_ANCESTORS.

Example:
  SIFT_CONNECT_ORIGINS="https://news.example" SIFT_FRAME_ANCESTORS="https://news.example" npm run build`;

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  // Nothing to pass: a stray argument is a mistake, not a build (which would reset dist/).
  if (args.length > 0) {
    console.error(`build: unknown argument ${args[0]}; the build takes none (settings are environment variables)\n\n${USAGE}`);
    process.exit(2);
  }
  build();
}
