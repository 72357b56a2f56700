import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { thumbHashToRGBA } from 'thumbhash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeThumbnailFile } from '../../src/core/catalogue/thumbnail-file';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { buildCatalogue } from '../../src/publisher/catalogue-builder';
import { THUMB_HEIGHT, THUMB_WIDTH } from '../../src/publisher/thumbnails';

/** Pictures as sites have them: large JPEGs and PNGs, one broken file, one missing, one server error. */
let dir: string;
let server: Server;
let base: string;
const served: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-thumbs-'));
  mkdirSync(join(dir, 'img'));
  for (let i = 0; i < 6; i += 1) {
    const picture = sharp({ create: { width: 1200 + i * 10, height: 800, channels: 3, background: { r: 40 * i, g: 120, b: 200 - 30 * i } } });
    await (i % 2 === 0 ? picture.jpeg() : picture.png()).toFile(join(dir, 'img', `p${i}.${i % 2 === 0 ? 'jpg' : 'png'}`));
  }
  writeFileSync(join(dir, 'img', 'broken.jpg'), 'this is not a JPEG');
  server = createServer((request, response) => {
    served.push(request.url ?? '');
    if (request.url === '/img/error.jpg') {
      response.writeHead(500).end();
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(join(dir, request.url!));
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'image/jpeg' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const items = [
    ...Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, title: `Post ${i}`, image: `${base}/img/p${i}.${i % 2 === 0 ? 'jpg' : 'png'}`, tags: [] })),
    { id: 'broken', title: 'Broken', image: `${base}/img/broken.jpg`, tags: [] },
    { id: 'missing', title: 'Missing', image: `${base}/img/missing.jpg`, tags: [] },
    { id: 'error', title: 'Error', image: `${base}/img/error.jpg`, tags: [] },
    { id: 'none', title: 'No picture', tags: [] },
  ];
  writeFileSync(join(dir, 'items.jsonl'), items.map((item) => JSON.stringify(item)).join('\n'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('catalog build --thumbnails', () => {
  it('fetches each picture once, makes a small WebP and a ThumbHash, and skips and names what it cannot read', async () => {
    const report = await buildCatalogue({ input: join(dir, 'items.jsonl'), out: join(dir, 'out'), model: null, dtype: 'int8', thumbnails: {} });
    expect(report.thumbnails).toMatchObject({
      made: 6,
      withoutImage: 1,
      skipped: [
        { id: 'broken', reason: 'not an image' },
        { id: 'error', reason: 'HTTP 500' },
        { id: 'missing', reason: 'HTTP 404' },
      ],
    });
    expect(served.filter((url) => url.startsWith('/img/p')).sort()).toEqual(['/img/p0.jpg', '/img/p1.png', '/img/p2.jpg', '/img/p3.png', '/img/p4.jpg', '/img/p5.png']);
    const catalogue = parseCatalogueText(readFileSync(join(dir, 'out', 'catalog.json'), 'utf8'), { baseUrl: 'https://site.example/catalog/catalog.json' });
    expect(catalogue.kind === 'ok' && catalogue.catalogue.thumbnails).toEqual({ url: 'https://site.example/catalog/thumbnails.bin', count: 6, width: THUMB_WIDTH });
    const decoded = decodeThumbnailFile(new Uint8Array(readFileSync(join(dir, 'out', 'thumbnails.bin'))));
    expect(decoded.kind).toBe('ok');
    if (decoded.kind !== 'ok') return;
    expect(decoded.file.thumbnails.map((t) => t.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    for (const t of decoded.file.thumbnails) {
      const meta = await sharp(Buffer.from(t.webp)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', THUMB_WIDTH, THUMB_HEIGHT]);
      expect(t.webp.length).toBeLessThan(2_048);
      expect(t.hash.length).toBeGreaterThan(5);
      expect(t.hash.length).toBeLessThanOrEqual(30);
      // The placeholder is the picture's colour: p0 is reddish-blue (0, 120, 200).
      expect(thumbHashToRGBA(t.hash).w).toBeGreaterThan(0);
    }
  }, 60_000);

  it('reads the pictures from a folder with --images, fetching nothing', async () => {
    served.length = 0;
    const report = await buildCatalogue({ input: join(dir, 'items.jsonl'), out: join(dir, 'out2'), model: null, dtype: 'int8', thumbnails: { imagesDir: join(dir, 'img') } });
    expect(served).toEqual([]);
    expect(report.thumbnails?.made).toBe(6);
    expect(report.thumbnails?.skipped.map((s) => s.id)).toEqual(['broken', 'error', 'missing']);
  }, 60_000);
});
