import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ModelFileRefused, parseManifestFiles, verifyingFetch } from '../../src/engines/model-integrity';

const BASE = 'https://news.example/models/';
const GOOD = new TextEncoder().encode('the weights as fetched by models:fetch');
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A site's models folder: `files` served whole, or the first byte for a range request. */
function site(files: Record<string, Uint8Array<ArrayBuffer>>, manifest: unknown): { fetch: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = String(input);
    asked.push(url);
    if (url === `${BASE}manifest.json`) return new Response(JSON.stringify(manifest));
    const body = files[url.slice(BASE.length)];
    if (body === undefined) return new Response('missing', { status: 404 });
    if (new Headers(init?.headers).has('range')) return new Response(body.slice(0, 1), { status: 206 });
    return new Response(new Uint8Array(body), { headers: { 'content-length': String(body.length) } });
  };
  return { fetch: fetchImpl, asked };
}

describe('verifyingFetch', () => {
  const manifest = { format: 'sift-models', files: { 'acme/m/onnx/model.onnx': sha(GOOD), 'acme/m/bad': 'not-a-digest' } };

  it('passes a file that matches, byte for byte, and reads the manifest once', async () => {
    const { fetch, asked } = site({ 'acme/m/onnx/model.onnx': GOOD }, manifest);
    const checked = verifyingFetch(BASE, fetch);
    expect(new Uint8Array(await (await checked(`${BASE}acme/m/onnx/model.onnx`)).arrayBuffer())).toEqual(GOOD);
    await (await checked(`${BASE}acme/m/onnx/model.onnx`)).arrayBuffer();
    expect(asked.filter((url) => url.endsWith('manifest.json'))).toHaveLength(1);
  });

  it('fails the body of a file that differs, and refuses one the manifest does not list', async () => {
    const changed = new Uint8Array(GOOD);
    changed[0] = changed[0]! ^ 1;
    const { fetch } = site({ 'acme/m/onnx/model.onnx': changed, 'acme/m/extra.json': GOOD, 'acme/m/bad': GOOD }, manifest);
    const checked = verifyingFetch(BASE, fetch);
    await expect((await checked(`${BASE}acme/m/onnx/model.onnx`)).arrayBuffer()).rejects.toBeInstanceOf(ModelFileRefused);
    await expect(checked(`${BASE}acme/m/extra.json`)).rejects.toThrow(/not listed with a SHA-256/);
    // A malformed digest is no digest.
    await expect(checked(`${BASE}acme/m/bad`)).rejects.toThrow(/not listed/);
  });

  it('lets through what is not a whole file of the folder: ranges, errors, other URLs', async () => {
    const { fetch } = site({ 'acme/m/onnx/model.onnx': GOOD }, manifest);
    const checked = verifyingFetch(BASE, fetch);
    const first = await checked(`${BASE}acme/m/onnx/model.onnx`, { headers: { Range: 'bytes=0-0' } });
    expect(first.status).toBe(206);
    expect((await first.arrayBuffer()).byteLength).toBe(1);
    expect((await checked(`${BASE}acme/m/missing.json`)).status).toBe(404);
  });

  it('reads only digests from a Sift manifest', () => {
    expect(parseManifestFiles({ format: 'sift-models', files: { a: sha(GOOD), b: 7, c: 'xyz' } })).toEqual({ a: sha(GOOD) });
    expect(parseManifestFiles({ format: 'other', files: { a: sha(GOOD) } })).toEqual({});
    expect(parseManifestFiles(null)).toEqual({});
  });
});
