/// <reference lib="webworker" />

// The ranking worker for a new user of the catalogue named in this script's address
// (`#catalog=<url>`). It imports nothing before it has sent the catalogue's request (each import
// is a round trip to the server), then loads the engine (about 170 KB) and the download's parser
// side by side, while the catalogue arrives.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const url = new URLSearchParams(scope.location.hash.slice(1)).get('catalog');
// A request the Content-Security-Policy refuses is told from a network failure by this event,
// which may come before the code that watches for it has loaded.
const violations: Event[] = [];
scope.addEventListener('securitypolicyviolation', (event) => void violations.push(event));
// CATALOGUE_REQUEST of src/engines/catalogue/catalogue-response.ts.
const response = url === null ? undefined : fetch(url, { method: 'GET', cache: 'no-cache', credentials: 'omit' });
// Rejected only for the download to report it: not an unhandled rejection meanwhile.
response?.catch(() => undefined);
// The page's calls start at once; they wait here until the engine can answer them.
const held: MessageEvent[] = [];
const hold = (event: MessageEvent): void => void held.push(event);
scope.addEventListener('message', hold);
const host = import('../src/engines/ranker/ranker-host');
const downloading = import('../src/engines/ranker/early-download');
const early = url === null || response === undefined ? undefined : (await downloading).startEarlyDownload({ url, response, violations }, scope);
const { serveRanker } = await host;
scope.removeEventListener('message', hold);
serveRanker(scope, held, early);

export {};
