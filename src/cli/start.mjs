// `npm start`: install if needed, build, serve dist/ on 127.0.0.1 and print the URL.
import { build } from './build.mjs';
import { ensureInstalled } from './ensure-installed.mjs';
import { startStaticServer } from './static-server.mjs';

ensureInstalled();
build();
const port = Number(process.env.PORT ?? 4173);
// Served as a deployment is, with the `_headers` the build wrote (CORS for the widget's code and
// the demo catalogue, which other sites' pages load).
const server = await startStaticServer({ root: 'dist', port });
console.log(`\n  Sift is running at ${server.url}\n  (demo catalogue: MovieLens ml-latest-small; Ctrl+C to stop)\n`);
