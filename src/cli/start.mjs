// `npm start`: install if needed, build, serve dist/ on 127.0.0.1 and print the URL.
import { ensureInstalled, run } from './ensure-installed.mjs';
import { startStaticServer } from './static-server.mjs';

ensureInstalled();
run('npx', ['vite', 'build', '--logLevel', 'warn']);
const port = Number(process.env.PORT ?? 4173);
const server = await startStaticServer({ root: 'dist', port });
console.log(`\n  Sift is running at ${server.url}\n  (demo catalogue: MovieLens ml-latest-small; Ctrl+C to stop)\n`);
