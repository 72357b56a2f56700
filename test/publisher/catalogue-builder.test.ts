import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { embeddedTextHash } from '../../src/core/vectors/embedded-text';
import { rowOf } from '../../src/core/vectors/item-vectors';
import { decodeVectorFile } from '../../src/core/vectors/vector-file';
import { DEFAULT_LOG_BUILD_OPTIONS } from '../../src/publisher/build-from-logs';
import { buildCatalogue, readSource } from '../../src/publisher/catalogue-builder';
import { FILMS } from '../core/catalogue-fixture';
import { tinyEmbeddingModel } from '../fixtures/tiny-embedding-model';

const RSS = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Film notes</title>
  <item><title>Alien</title><link>https://films.example/alien</link><guid>alien</guid>
    <description><![CDATA[<p>Horror in <b>space</b>.</p>]]></description><category>Sci-Fi</category><category>Horror</category>
    <pubDate>Fri, 25 May 1979 00:00:00 GMT</pubDate></item>
  <item><title>Before Sunrise</title><link>https://films.example/before-sunrise</link><guid>before-sunrise</guid>
    <description>Romance &amp; travel.</description><category>Romance</category></item>
  <item><description>No title: skipped.</description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Film notes</title>
  <entry><id>urn:film:gravity</id><title>Gravity</title><link rel="alternate" href="https://films.example/gravity"/>
    <summary>Survival in space.</summary><category term="Sci-Fi"/><category term="space"/><updated>2013-10-04T00:00:00Z</updated></entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Film notes',
  items: [{ id: 'solaris', url: 'https://films.example/solaris', title: 'Solaris', content_text: 'A station above an ocean.', tags: ['Sci-Fi', 'drama'], date_published: '1972-03-20T00:00:00Z' }],
});

describe('npm run catalog -- build', () => {
  let dir: string;
  let modelsDir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sift-builder-'));
    modelsDir = join(dir, 'models');
    const model = tinyEmbeddingModel({ documents: FILMS.map((f) => ({ text: f.title, tags: f.tags })), dim: 16, maxWords: 500, seed: 7 });
    for (const [path, bytes] of model.files) {
      const file = join(modelsDir, 'sift-tiny-embed', path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    writeFileSync(join(dir, 'films.rss'), RSS);
    writeFileSync(join(dir, 'films.atom'), ATOM);
    writeFileSync(join(dir, 'films.feed.json'), JSON_FEED);
    writeFileSync(join(dir, 'films.jsonl'), `${FILMS.map((f) => JSON.stringify(f)).join('\n')}\n{"id": "broken"\n\n{"id": "untitled"}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads RSS, Atom and JSON Feed into items (HTML stripped, categories as tags, dates as ISO)', () => {
    const rss = readSource(join(dir, 'films.rss'));
    expect(rss.format).toBe('rss');
    expect(rss.title).toBe('Film notes');
    expect(rss.items[0]).toEqual({ id: 'alien', title: 'Alien', summary: 'Horror in space.', url: 'https://films.example/alien', tags: ['Sci-Fi', 'Horror'], published_at: '1979-05-25T00:00:00.000Z' });
    expect(rss.items[1]).toMatchObject({ summary: 'Romance & travel.', tags: ['Romance'] });
    expect(readSource(join(dir, 'films.atom')).items).toEqual([
      { id: 'urn:film:gravity', title: 'Gravity', summary: 'Survival in space.', url: 'https://films.example/gravity', tags: ['Sci-Fi', 'space'], published_at: '2013-10-04T00:00:00.000Z' },
    ]);
    expect(readSource(join(dir, 'films.feed.json'))).toMatchObject({ format: 'json-feed', items: [{ id: 'solaris', title: 'Solaris', summary: 'A station above an ocean.', tags: ['Sci-Fi', 'drama'] }] });
  });

  it('builds a catalogue the app accepts and a vector file tied to it, embedded by transformers.js', async () => {
    const out = join(dir, 'out-jsonl');
    const report = await buildCatalogue({ input: join(dir, 'films.jsonl'), out, model: 'sift-tiny-embed', modelsDir, dtype: 'int8', batchSize: 4 });
    expect(report).toMatchObject({ format: 'jsonl', items: FILMS.length, skipped: 1, dim: 16 });
    const parsed = parseCatalogueText(readFileSync(report.catalogueFile, 'utf8'), { baseUrl: 'https://films.example/catalog.json' });
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.catalogue.embeddings).toEqual({ model: 'sift-tiny-embed', dim: 16, dtype: 'int8', url: 'https://films.example/vectors.bin' });
    // The app reads the vectors back for exactly this content; every row is a unit vector.
    const decoded = decodeVectorFile(readFileSync(report.vectorFile!), { model: 'sift-tiny-embed', dim: 16, count: FILMS.length, contentHash: embeddedTextHash(parsed.catalogue.items) }, 'js');
    expect(decoded.kind).toBe('ok');
    if (decoded.kind !== 'ok') return;
    for (let r = 0; r < FILMS.length; r += 1) expect(Math.hypot(...rowOf(decoded.vectors, r))).toBeCloseTo(1, 1);
    const row = (id: string) => rowOf(decoded.vectors, parsed.catalogue.items.findIndex((item) => item.id === id));
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, k) => s + x * b[k]!, 0);
    expect(dot(row('gravity'), row('interstellar'))).toBeGreaterThan(dot(row('gravity'), row('before-sunrise')));
  });

  it('tunes the semantic weight on the logs with the vectors it writes, and only when it writes them', async () => {
    // 120 readers, each liking films of one of two kinds (space or not), in time order.
    const space = FILMS.filter((f) => f.tags.some((t) => /sci-fi|space/i.test(t))).map((f) => f.id);
    const rest = FILMS.map((f) => f.id).filter((id) => !space.includes(id));
    const rows: string[] = [];
    for (let u = 0; u < 120; u += 1) {
      const mine = u % 2 === 0 ? space : rest;
      for (let e = 0; e < 6; e += 1) rows.push(`${u},${mine[(u * 5 + e * 3) % mine.length]},like,${1_600_000_000 + u * 1000 + e * 60}`);
    }
    const csv = join(dir, 'likes.csv');
    writeFileSync(csv, `user,item,kind,timestamp\n${rows.join('\n')}\n`);
    const interactions = { ...DEFAULT_LOG_BUILD_OPTIONS, inputs: [csv], cooccurrence: { ...DEFAULT_LOG_BUILD_OPTIONS.cooccurrence, minItemSupport: 1, minPairUsers: 2 } };
    const ranking = async (model: string | null) => {
      const report = await buildCatalogue({ input: join(dir, 'films.jsonl'), out: join(dir, `tuned-${model ?? 'plain'}.json`), model, modelsDir, dtype: 'int8', batchSize: 8, interactions });
      expect(report.logs?.tuning.kind).toBe('tuned');
      const parsed = parseCatalogueText(readFileSync(report.catalogueFile, 'utf8'));
      return parsed.kind === 'ok' ? parsed.catalogue.ranking : undefined;
    };
    const withVectors = await ranking('sift-tiny-embed');
    expect(withVectors?.warm.semantic).toBeTypeOf('number');
    expect(withVectors?.cold.semantic).toBeTypeOf('number');
    const without = await ranking(null);
    expect(without?.warm).toBeDefined();
    expect(without?.warm.semantic).toBeUndefined();
  }, 120_000);

  it('runs as a command: RSS in, catalogue and float16 vectors out', () => {
    const out = join(dir, 'out-rss');
    const result = spawnSync('npx', ['tsx', 'src/cli/catalog.ts', 'build', join(dir, 'films.rss'), '--out', out, '--model', 'sift-tiny-embed', '--models-dir', modelsDir, '--dtype', 'float16'], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toMatch(/: 2 items from rss \(1 invalid skipped\); .*vectors\.bin: 2 × 16 float16/);
    const catalogue = JSON.parse(readFileSync(join(out, 'catalog.json'), 'utf8')) as { title: string; embeddings: { dtype: string } };
    expect(catalogue.title).toBe('Film notes');
    expect(catalogue.embeddings.dtype).toBe('float16');
    expect(spawnSync('npx', ['tsx', 'src/cli/catalog.ts', 'build'], { encoding: 'utf8' }).status).toBe(2);
    // Two commands started through npx: seconds each on a busy CI core.
  }, 60_000);
});
