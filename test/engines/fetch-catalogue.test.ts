import { describe, expect, it } from 'vitest';
import { CatalogueDownload, interpretCatalogue } from '../../src/engines/catalogue/fetch-catalogue';
import { contentHashOfText } from '../../src/core/catalogue/content-hash';

const text = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'shop', title: 'Shop', items: [{ id: 'a', title: 'Alpha', url: 'a.html' }] });

/** A download in its default mode (text kept until looked at), as the engine's prefetch makes it. */
const requestCatalogue = (url: string, fetchImpl: typeof fetch) => new CatalogueDownload(url, { fetchImpl }).body;

/** The network boundary: a fetch that answers as a server would, with the final URL set. */
function serving(body: string, status = 200): typeof fetch {
  return async (input) => {
    const response = new Response(body, { status, headers: { 'content-type': 'application/json' } });
    Object.defineProperty(response, 'url', { value: String(input) });
    return response;
  };
}

/**
 * A server that sends an ETag, with the body in 1 KB chunks, counting the chunks the download
 * pulled; `gate` holds the second chunk back until it resolves.
 */
function servingWithEtag(body: string, etag: string | null, gate?: Promise<void>): { fetch: typeof fetch; pulled: () => number; total: number } {
  const bytes = new TextEncoder().encode(body);
  const total = Math.ceil(bytes.length / 1024);
  let pulled = 0;
  return {
    total,
    pulled: () => pulled,
    fetch: async (input) => {
      pulled = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (pulled === 1 && gate !== undefined) await gate;
          if (pulled < total) controller.enqueue(bytes.slice(pulled * 1024, ++pulled * 1024));
          else controller.close();
        },
      });
      const response = new Response(stream, { status: 200, headers: etag === null ? {} : { etag } });
      Object.defineProperty(response, 'url', { value: String(input) });
      return response;
    },
  };
}

describe('requestCatalogue and interpretCatalogue', () => {
  it('downloads, hashes and validates a catalogue, resolving links against where it was served', async () => {
    const body = await requestCatalogue('https://shop.example/feed/catalog.json', serving(text));
    const result = interpretCatalogue(body);
    expect(result.kind).toBe('loaded');
    if (result.kind !== 'loaded') return;
    expect(result.contentHash).toBe(contentHashOfText(text));
    expect(result.catalogue.items[0]?.url).toBe('https://shop.example/feed/a.html');
  });

  it('answers unchanged for the hash the caller has, and names the JSON error for a broken body', async () => {
    expect(interpretCatalogue(await requestCatalogue('https://s.example/c.json', serving(text)), { contentHash: contentHashOfText(text), etag: null })).toEqual({ kind: 'unchanged', url: 'https://s.example/c.json', etag: null });
    const broken = interpretCatalogue(await requestCatalogue('https://s.example/c.json', serving('{"format": ')));
    expect(broken.kind === 'failed' && broken.error.kind === 'invalid' && broken.error.problem.kind).toBe('not-json');
    expect(interpretCatalogue(await requestCatalogue('https://s.example/c.json', serving('gone', 404)))).toEqual({ kind: 'failed', error: { kind: 'http', url: 'https://s.example/c.json', status: 404 } });
  });

  it('fingerprints the body while it arrives: the same hash as the whole text, with characters split across chunks', async () => {
    const unicode = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'shop', title: 'Café 字 😀', items: [{ id: 'a', title: 'Ünïcödé 😀 字幕' }] });
    const bytes = new TextEncoder().encode(unicode);
    for (const size of [1, 2, 3, 5, 64]) {
      const chunked: typeof fetch = async (input) => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let offset = 0; offset < bytes.length; offset += size) controller.enqueue(bytes.slice(offset, offset + size));
            controller.close();
          },
        });
        const response = new Response(stream, { status: 200 });
        Object.defineProperty(response, 'url', { value: String(input) });
        return response;
      };
      const body = await requestCatalogue('https://s.example/c.json', chunked);
      expect(body.kind === 'body' ? body.contentHash : null).toBe(contentHashOfText(unicode));
    }
  });

  it('parses while the body arrives when asked to, keeps it when asked to, in any order: the same catalogue and hash', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ id: `i${i}`, title: `Item ${i} — “quoted”`, url: `items/${i}.html`, tags: ['a', i % 2 === 0 ? 'even' : 'odd'] }));
    const big = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'big', title: 'Big', items });
    const bytes = new TextEncoder().encode(big);
    const expected = interpretCatalogue(await requestCatalogue('https://s.example/feed/c.json', serving(big)));
    expect(expected.kind).toBe('loaded');
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.length; offset += 16_384) chunks.push(bytes.slice(offset, offset + 16_384));
    // Before each chunk, what the download is told (if anything): every order of asking.
    const scripts: Array<ReadonlyArray<'parse' | 'keep' | null>> = [
      [],
      ['parse'],
      [null, null, 'parse'],
      ['parse', null, 'keep'],
      ['parse', 'keep', null, 'parse', 'keep'],
      [null, 'keep', 'parse', null, null, null, 'keep', 'parse'],
    ];
    for (const [start, script] of [['keep', scripts[1]!], ...scripts.map((s) => ['keep', s] as const), ...scripts.map((s) => ['parse', s] as const)] as const) {
      const gates = chunks.map(() => {
        let resolve: () => void = () => undefined;
        const promise = new Promise<void>((done) => (resolve = done));
        return { promise, resolve };
      });
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === chunks.length) return controller.close();
          await gates[sent]!.promise;
          controller.enqueue(chunks[sent++]!);
        },
      });
      const response = new Response(stream);
      Object.defineProperty(response, 'url', { value: 'https://s.example/feed/c.json' });
      const download = new CatalogueDownload('https://s.example/feed/c.json', { fetchImpl: async () => response, mode: start });
      for (let chunk = 0; chunk < chunks.length; chunk += 1) {
        const told = script[chunk];
        if (told === 'parse') download.parseAsItArrives();
        if (told === 'keep') download.keepUntilCompared();
        gates[chunk]!.resolve();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const body = await download.body;
      expect(interpretCatalogue(body), `${start} then ${script.join(',')}`).toEqual(expected);
    }
    const parsing = new CatalogueDownload('https://s.example/feed/c.json', { fetchImpl: serving(big), mode: 'parse' });
    expect(interpretCatalogue(await parsing.body, { contentHash: contentHashOfText(big), etag: null })).toEqual({ kind: 'unchanged', url: 'https://s.example/feed/c.json', etag: null });
    const broken = new CatalogueDownload('https://s.example/c.json', { fetchImpl: serving(big.slice(0, -2)), mode: 'parse' });
    const refused = interpretCatalogue(await broken.body);
    expect(refused.kind === 'failed' && refused.error.kind === 'invalid' && refused.error.problem.kind).toBe('not-json');
  });

  it('hands what it received over once, so that nothing else keeps 40 MB alive', async () => {
    const body = await requestCatalogue('https://s.example/c.json', serving(text));
    if (body.kind !== 'body') throw new Error('no body');
    expect(body.received.parse().kind).toBe('ok');
    expect(() => body.received.parse()).toThrow(/read already/);
  });
});

describe('a download compared with the copy the caller has', () => {
  const big = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'shop', title: 'Shop', items: Array.from({ length: 400 }, (_, i) => ({ id: `i${i}`, title: `Item ${i}`, summary: 'a few words of summary' })) });
  const url = 'https://s.example/c.json';

  it('reads no body when the response carries the copy’s ETag', async () => {
    const server = servingWithEtag(big, '"v1"');
    const download = new CatalogueDownload(url, { fetchImpl: server.fetch });
    download.keepUntilCompared({ contentHash: 'the hash of some other text', etag: '"v1"' });
    expect(interpretCatalogue(await download.body, { contentHash: 'the hash of some other text', etag: '"v1"' })).toEqual({ kind: 'unchanged', url, etag: '"v1"' });
    expect(server.total).toBeGreaterThan(20);
    // A stream starts with a pull of its own; none was asked for after the headers.
    expect(server.pulled()).toBeLessThanOrEqual(1);
  });

  it('stops reading when it is told of the copy after the body began to arrive', async () => {
    let release = (): void => undefined;
    const server = servingWithEtag(big, '"v1"', new Promise((resolve) => (release = resolve)));
    const download = new CatalogueDownload(url, { fetchImpl: server.fetch, mode: 'keep' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.pulled()).toBe(1);
    download.keepUntilCompared({ contentHash: 'the hash of some other text', etag: '"v1"' });
    release();
    expect(interpretCatalogue(await download.body, { contentHash: 'the hash of some other text', etag: '"v1"' })).toEqual({ kind: 'unchanged', url, etag: '"v1"' });
    expect(server.pulled()).toBeLessThan(server.total);
  });

  it('compares the text when the ETag differs or is missing: the same text is unchanged (with the new ETag), another is loaded', async () => {
    const hash = contentHashOfText(big);
    for (const etag of ['"v2"', null]) {
      const server = servingWithEtag(big, etag);
      const download = new CatalogueDownload(url, { fetchImpl: server.fetch });
      download.keepUntilCompared({ contentHash: hash, etag: '"v1"' });
      expect(interpretCatalogue(await download.body, { contentHash: hash, etag: '"v1"' })).toEqual({ kind: 'unchanged', url, etag });
      expect(server.pulled()).toBe(server.total);
    }
    const changed = servingWithEtag(big.replace('Item 7', 'Item seven'), '"v2"');
    const download = new CatalogueDownload(url, { fetchImpl: changed.fetch });
    download.keepUntilCompared({ contentHash: hash, etag: '"v1"' });
    expect(interpretCatalogue(await download.body, { contentHash: hash, etag: '"v1"' })).toMatchObject({ kind: 'loaded', etag: '"v2"', catalogue: { items: expect.arrayContaining([expect.objectContaining({ title: 'Item seven' })]) } });
  });

  it('a download with no copy to compare with reads and parses everything, whatever its ETag', async () => {
    const server = servingWithEtag(big, '"v1"');
    const download = new CatalogueDownload(url, { fetchImpl: server.fetch, mode: 'parse' });
    expect(interpretCatalogue(await download.body)).toMatchObject({ kind: 'loaded', etag: '"v1"', contentHash: contentHashOfText(big) });
    expect(server.pulled()).toBe(server.total);
  });
});
