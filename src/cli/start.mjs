// `npm start`: install if needed, build, serve dist/ on 127.0.0.1 and print the URL.
import { build } from './build.mjs';
import { ensureInstalled } from './ensure-installed.mjs';
import { startStaticServer } from './static-server.mjs';

ensureInstalled();
build();
const port = Number(process.env.PORT ?? 4173);
// CORS on everything: the widget, its worker and the demo catalogue are meant to be loaded by
// other sites' pages (all public, no credentials).
const server = await startStaticServer({ root: 'dist', port, headers: { 'access-control-allow-origin': '*' } });
console.log(`\n  Sift is running at ${server.url}\n  (demo catalogue: MovieLens ml-latest-small; Ctrl+C to stop)\n`);
