import { wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { RankerApi } from '../../src/engines/ranker/ranker-api';
import { serveRanker } from '../../src/engines/ranker/ranker-host';
import { CatalogueDownload } from '../../src/engines/catalogue/fetch-catalogue';
import { PolicyViolations } from '../../src/engines/catalogue/policy-violations';
import { fakeFetch } from '../app/network-fixture';
import { FILMS, T0 } from '../core/catalogue-fixture';

const catalogue = { format: 'sift-catalog' as const, version: 1 as const, id: 'films', title: 'Films', language: 'en', items: FILMS };

/** The worker's side of a page ↔ worker channel: a MessagePort is an EventTarget with postMessage, as the worker's global scope is. */
function channel() {
  const { port1, port2 } = new MessageChannel();
  const held: MessageEvent[] = [];
  const hold = (event: Event): void => void held.push(event as MessageEvent);
  port1.addEventListener('message', hold);
  port1.start();
  return { scope: port1 as unknown as DedicatedWorkerGlobalScope, page: wrap<RankerApi>(port2), held, stopHolding: () => port1.removeEventListener('message', hold), close: () => (port1.close(), port2.close()) };
}

const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

describe('serveRanker (the worker once its engine has loaded)', () => {
  it('answers the calls the page made while the engine was loading, in the order they were made', async () => {
    const { scope, page, held, stopHolding, close } = channel();
    try {
      const set = page.setCatalogue(catalogue);
      const ranked = page.rank({ limit: 3, now: T0 });
      await turn();
      expect(held).toHaveLength(2);
      stopHolding();
      serveRanker(scope, held);
      await set;
      expect((await ranked).map((r) => r.itemId)).toHaveLength(3);
      expect(await page.topTags(1)).toHaveLength(1);
    } finally {
      close();
    }
  });

  it('hands the engine the download its first script started, so the page’s fetch of that URL makes no request of its own', async () => {
    const { scope, page, held, stopHolding, close } = channel();
    const network = fakeFetch({ 'https://x/films.json': JSON.stringify(catalogue) });
    try {
      const download = new CatalogueDownload('https://x/films.json', { fetchImpl: network.fetch, mode: 'parse' });
      const fetched = page.fetchCatalogue('https://x/films.json', T0);
      await turn();
      stopHolding();
      serveRanker(scope, held, { download, violations: new PolicyViolations(scope) });
      expect(await fetched).toMatchObject({ kind: 'loaded', record: { id: 'films', itemCount: FILMS.length } });
      expect(network.requests).toEqual(['GET https://x/films.json']);
    } finally {
      close();
    }
  });
});
