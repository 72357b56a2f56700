/// <reference lib="webworker" />

// The ranking worker for a new user of the catalogue named in this script's address
// (`#catalog=<url>`): small and with no imports of its own, so that it runs at once and the
// catalogue's download and parse start beside the engine's loading (about 170 KB), not after it.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = import('../src/engines/ranker/ranker-host');
const downloading = import('../src/engines/ranker/early-download');
// The page's calls start at once; they wait here until the engine can answer them.
const held: MessageEvent[] = [];
const hold = (event: MessageEvent): void => void held.push(event);
scope.addEventListener('message', hold);
const url = new URLSearchParams(scope.location.hash.slice(1)).get('catalog');
const early = url === null ? undefined : (await downloading).startEarlyDownload(url, scope);
const { serveRanker } = await host;
scope.removeEventListener('message', hold);
serveRanker(scope, held, early);

export {};
