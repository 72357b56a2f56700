import { wrap } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RankerApi } from '../../src/engines/ranker/ranker-api';
import { CATALOGUE_REQUEST } from '../../src/engines/catalogue/catalogue-response';
import { fakeFetch } from '../app/network-fixture';
import { FILMS, T0 } from '../core/catalogue-fixture';

const catalogue = { format: 'sift-catalog' as const, version: 1 as const, id: 'films', title: 'Films', language: 'en', items: FILMS };
const CATALOGUE_URL = 'https://catalogues.example/films.json';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('workers/ranker-early.worker.ts (a new user’s ranking worker)', () => {
  it('sends the catalogue request fetchCatalogueResponse would, and answers the page’s calls made meanwhile from that download', async () => {
    const network = fakeFetch({ [CATALOGUE_URL]: JSON.stringify(catalogue) });
    const sent: Array<{ readonly url: string; readonly init: RequestInit | undefined }> = [];
    // The worker's global scope: a message port (an EventTarget with postMessage, as that scope is) at the script's address.
    const { port1, port2 } = new MessageChannel();
    const scope = Object.assign(port1, { location: new URL(`https://sift.example/assets/ranker-early.worker.js#${new URLSearchParams({ catalog: CATALOGUE_URL })}`) });
    const page = wrap<RankerApi>(port2);
    let fetched: Promise<unknown> | undefined;
    vi.stubGlobal('self', scope);
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), init });
      // The page's first call, made as the script starts; as in a browser, it is delivered once the script's first run is over.
      fetched = page.fetchCatalogue(CATALOGUE_URL, T0);
      port1.start();
      return network.fetch(input, init);
    });
    try {
      await import('../../workers/ranker-early.worker');
      expect(await fetched).toMatchObject({ kind: 'loaded', record: { id: 'films', itemCount: FILMS.length } });
      expect(sent).toEqual([{ url: CATALOGUE_URL, init: CATALOGUE_REQUEST }]);
      expect(network.requests).toEqual([`GET ${CATALOGUE_URL}`]);
      expect((await page.rank({ limit: 3, now: T0 })).map((r) => r.itemId)).toHaveLength(3);
    } finally {
      port1.close();
      port2.close();
    }
  });
});
