import { describe, expect, it } from 'vitest';
import { DownloadedText, interpretCatalogue, requestCatalogue } from '../../src/engines/catalogue/fetch-catalogue';
import { contentHashOfText } from '../../src/core/catalogue/content-hash';

const text = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'shop', title: 'Shop', items: [{ id: 'a', title: 'Alpha', url: 'a.html' }] });

/** The network boundary: a fetch that answers as a server would, with the final URL set. */
function serving(body: string, status = 200): typeof fetch {
  return async (input) => {
    const response = new Response(body, { status, headers: { 'content-type': 'application/json' } });
    Object.defineProperty(response, 'url', { value: String(input) });
    return response;
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
    expect(interpretCatalogue(await requestCatalogue('https://s.example/c.json', serving(text)), contentHashOfText(text))).toEqual({ kind: 'unchanged', url: 'https://s.example/c.json' });
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

  it('hands the downloaded text over once, so that nothing else keeps 40 MB alive', () => {
    const downloaded = new DownloadedText(text);
    expect(downloaded.take()).toBe(text);
    expect(() => downloaded.take()).toThrow(/read already/);
  });
});
