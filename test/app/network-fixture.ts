import { contentHashOfText } from '../../src/core/catalogue/content-hash';

/**
 * The network boundary for Node tests: answers GETs from a table of URLs, like a static server
 * (with an ETag per text). A route of `null` is a network that does not answer (offline): fetch
 * rejects, as browsers do. `bodiesRead` lists the URLs whose whole body a caller read.
 */
export function fakeFetch(routes: Record<string, string | number | null>): { fetch: typeof fetch; requests: string[]; bodiesRead: string[] } {
  const requests: string[] = [];
  const bodiesRead: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    const route = routes[url];
    if (route === null) throw new TypeError('Failed to fetch');
    if (route === undefined) return new Response('Not found', { status: 404 });
    if (typeof route === 'number') return new Response('', { status: route });
    // In two parts: a stream pulls its first part by itself, the second only for a reader.
    const bytes = new TextEncoder().encode(route);
    const half = bytes.length >> 1;
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) return controller.enqueue(bytes.slice(0, half));
        controller.enqueue(bytes.slice(half));
        controller.close();
        bodiesRead.push(url);
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json', etag: `"${contentHashOfText(route)}"` } });
  };
  return { fetch: fetchImpl, requests, bodiesRead };
}
