import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeThumbnailFile } from '../core/catalogue/thumbnail-file';
import { seededRandom } from '../core/random/seeded-random';
import { makeThumbnails } from '../publisher/thumbnails';

/**
 * `npm run bench -- --thumbnails [--items 10000]`: `catalog build --thumbnails` on N generated
 * pictures (800 × 600 JPEG illustrations: gradients and shapes from a seed, written before the
 * clock starts), read from a folder as `--images` does. The baseline, in the same process, is
 * decoding the same files to pixels and nothing else: the part of the work no thumbnailer avoids.
 */
const BASE_SCENES = 100;

export interface ThumbnailBenchReport {
  readonly items: number;
  readonly sourceMB: number;
  readonly baselineSeconds: number;
  readonly seconds: number;
  readonly itemsPerSecond: number;
  readonly fileKB: number;
  readonly bytesPerItem: { readonly webp: number; readonly hash: number };
}

export async function runThumbnailBench(options: { readonly items: number; readonly seed: number; readonly log: (line: string) => void }): Promise<ThumbnailBenchReport> {
  const sharp = (await import('sharp')).default;
  const dir = mkdtempSync(join(tmpdir(), 'sift-thumb-bench-'));
  try {
    const random = seededRandom(options.seed);
    // Rendering grain is slow (a quarter of a second a picture): a hundred scenes are rendered,
    // and every picture is one of them in its own hue, brightness and orientation.
    const scenes: Buffer[] = [];
    for (let k = 0; k < Math.min(BASE_SCENES, options.items); k += 1) scenes.push(await sharp(Buffer.from(illustration(random))).png().toBuffer());
    let sourceBytes = 0;
    for (let i = 0; i < options.items; i += 1) {
      const file = join(dir, `p${i}.jpg`);
      let picture = sharp(scenes[i % scenes.length]!).modulate({ hue: Math.floor(random() * 360), brightness: 0.8 + random() * 0.4 });
      if (random() < 0.5) picture = picture.flop();
      await picture.jpeg({ quality: 80 }).toFile(file);
      sourceBytes += readFileSync(file).length;
      if ((i + 1) % 2000 === 0) options.log(`generated ${i + 1} / ${options.items} pictures`);
    }
    const items = Array.from({ length: options.items }, (_, i) => ({ id: `item-${i}`, title: `Item ${i}`, image: `https://images.example/p${i}.jpg`, tags: [] }));
    let started = performance.now();
    for (let i = 0; i < options.items; i += 1) await sharp(join(dir, `p${i}.jpg`)).raw().toBuffer();
    const baselineSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const { file, report } = await makeThumbnails(items, { imagesDir: dir });
    const seconds = (performance.now() - started) / 1000;
    if (report.skipped.length > 0) throw new Error(`${report.skipped.length} pictures skipped: ${report.skipped[0]!.reason}`);
    const bytes = encodeThumbnailFile(file).length;
    const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
    return {
      items: options.items,
      sourceMB: sourceBytes / 1e6,
      baselineSeconds,
      seconds,
      itemsPerSecond: options.items / seconds,
      fileKB: bytes / 1024,
      bytesPerItem: { webp: mean(file.thumbnails.map((t) => t.webp.length)), hash: mean(file.thumbnails.map((t) => t.hash.length)) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatThumbnailReport(r: ThumbnailBenchReport): string {
  return [
    `Thumbnails (catalog build --thumbnails --images DIR), ${r.items.toLocaleString('en')} generated 800×600 JPEGs (${r.sourceMB.toFixed(0)} MB):`,
    '| items | seconds | items/s | ÷ decode-only baseline | thumbnails.bin KB | WebP bytes/item | ThumbHash bytes/item |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${r.items.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${r.itemsPerSecond.toFixed(0)} | ${(r.seconds / r.baselineSeconds).toFixed(2)}× | ${r.fileKB.toFixed(0)} | ${r.bytesPerItem.webp.toFixed(0)} | ${r.bytesPerItem.hash.toFixed(1)} |`,
    `Baseline, decoding the same files to pixels in this process: ${r.baselineSeconds.toFixed(1)} s.`,
  ].join('\n');
}

/** An 800 × 600 picture: a sky gradient, a ground, three shapes, colours from the seed, and grain (fractal noise) so that it compresses like a photograph rather than a drawing. */
function illustration(random: () => number): string {
  const colour = (): string => `rgb(${Math.floor(random() * 256)},${Math.floor(random() * 256)},${Math.floor(random() * 256)})`;
  const shapes = Array.from({ length: 3 }, () => `<circle cx="${Math.floor(random() * 800)}" cy="${Math.floor(random() * 600)}" r="${40 + Math.floor(random() * 160)}" fill="${colour()}" opacity="0.8"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colour()}"/><stop offset="1" stop-color="${colour()}"/></linearGradient></defs><filter id="n"><feTurbulence type="fractalNoise" baseFrequency="${(0.02 + random() * 0.3).toFixed(3)}" numOctaves="3" seed="${Math.floor(random() * 1000)}"/></filter><rect width="800" height="600" fill="url(#g)"/><rect y="${380 + Math.floor(random() * 120)}" width="800" height="300" fill="${colour()}"/>${shapes}<rect width="800" height="600" filter="url(#n)" opacity="0.35"/></svg>`;
}
