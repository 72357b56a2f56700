// `npm run serve`: serve an existing build (dist/) on 127.0.0.1.
import { startStaticServer } from './static-server.mjs';

const server = await startStaticServer({ root: process.argv[2] ?? 'dist', port: Number(process.env.PORT ?? 4173) });
console.log(`Serving at ${server.url}`);
