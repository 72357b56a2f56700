// `npm run serve`: serve an existing build (dist/) on 127.0.0.1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from './static-server.mjs';

const USAGE = `Usage: npm run serve [-- DIR]

Serves an existing build (dist/, or DIR) on http://127.0.0.1:$PORT/ (4173 by default), with the
headers its _headers file names. Run npm run build first.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 1 || args[0]?.startsWith('-')) {
  console.error(`serve: unknown argument ${args.find((a) => a.startsWith('-')) ?? args[1]}\n\n${USAGE}`);
  process.exit(2);
}
const root = args[0] ?? 'dist';
if (!existsSync(join(root, 'index.html'))) {
  console.error(`serve: ${root}/index.html is missing; run npm run build first\n\n${USAGE}`);
  process.exit(2);
}
const server = await startStaticServer({ root, port: Number(process.env.PORT ?? 4173) });
console.log(`Serving at ${server.url}`);
