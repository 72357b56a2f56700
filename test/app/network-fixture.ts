/**
 * The network boundary for Node tests: answers GETs from a table of URLs, like a static server.
 * A route of `null` is a network that does not answer (offline): fetch rejects, as browsers do.
 */
export function fakeFetch(routes: Record<string, string | number | null>): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    const route = routes[url];
    if (route === null) throw new TypeError('Failed to fetch');
    if (route === undefined) return new Response('Not found', { status: 404 });
    if (typeof route === 'number') return new Response('', { status: route });
    return new Response(route, { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetchImpl, requests };
}
