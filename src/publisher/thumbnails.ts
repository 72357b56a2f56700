import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { MAX_HASH_BYTES, MAX_WEBP_BYTES, type Thumbnail, type ThumbnailFile } from '../core/catalogue/thumbnail-file';
import { NO_PROGRESS, type JobProgress } from './job-progress';

/**
 * `catalog build --thumbnails`: each item's `image`, fetched (or read from `--images DIR`), made
 * into a small WebP of THUMB_WIDTH × THUMB_HEIGHT (cropped to fill, so every card is the same
 * size) and a ThumbHash placeholder, with sharp and thumbhash. A picture that cannot be had
 * (HTTP error, not an image, too large, too slow) is skipped and named; it never fails the build.
 */
export const THUMB_WIDTH = 96;
export const THUMB_HEIGHT = 64;
const MAX_SOURCE_BYTES = 20 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;
const CONCURRENCY = 4;

export interface ThumbnailOptions {
  /** Read pictures from this folder (by the file name in the image's URL) instead of fetching them. */
  readonly imagesDir?: string;
  readonly fetchImpl?: typeof fetch;
  readonly progress?: JobProgress;
}

export interface ThumbnailReport {
  readonly made: number;
  readonly skipped: ReadonlyArray<{ readonly id: string; readonly image: string; readonly reason: string }>;
  /** Items with no `image` at all. */
  readonly withoutImage: number;
}

export async function makeThumbnails(items: readonly CatalogueItem[], options: ThumbnailOptions = {}): Promise<{ file: ThumbnailFile; report: ThumbnailReport }> {
  const sharp = (await import('sharp')).default;
  const { rgbaToThumbHash } = await import('thumbhash');
  const progress = options.progress ?? NO_PROGRESS;
  const pictured = items.filter((item): item is CatalogueItem & { image: string } => item.image !== undefined);
  const made: Array<Thumbnail | null> = new Array(pictured.length).fill(null);
  const skipped: Array<{ id: string; image: string; reason: string }> = [];
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pictured.length) {
      const position = next;
      next += 1;
      const item = pictured[position]!;
      try {
        const source = await readImage(item.image, options);
        const webp = await sharp(source, { limitInputPixels: 100_000_000 }).rotate().resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: 'cover' }).webp({ quality: 50, effort: 4 }).toBuffer();
        // ThumbHash wants RGBA of at most 100 × 100.
        const small = await sharp(source).rotate().resize(100, 100, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        const hash = rgbaToThumbHash(small.info.width, small.info.height, small.data);
        if (webp.length > MAX_WEBP_BYTES || hash.length > MAX_HASH_BYTES) throw new Error('the thumbnail came out over the format\'s caps');
        made[position] = { id: item.id, hash, webp: new Uint8Array(webp) };
      } catch (error) {
        skipped.push({ id: item.id, image: item.image, reason: describe(error) });
      }
      done += 1;
      progress('making thumbnails', done, pictured.length, 'items');
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pictured.length) }, worker));
  const thumbnails = made.filter((t): t is Thumbnail => t !== null);
  skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { file: { width: THUMB_WIDTH, thumbnails }, report: { made: thumbnails.length, skipped, withoutImage: items.length - pictured.length } };
}

async function readImage(image: string, options: ThumbnailOptions): Promise<Buffer> {
  if (options.imagesDir !== undefined) {
    const name = decodeURIComponent(basename(new URL(image).pathname));
    const path = join(options.imagesDir, name);
    if (!existsSync(path)) throw new Error(`${name} is not in ${options.imagesDir}`);
    return readFileSync(path);
  }
  const response = await (options.fetchImpl ?? fetch)(image, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_SOURCE_BYTES) throw new Error(`${(declared / 1e6).toFixed(0)} MB, over ${MAX_SOURCE_BYTES / 1e6} MB`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_SOURCE_BYTES) throw new Error(`${(body.length / 1e6).toFixed(0)} MB, over ${MAX_SOURCE_BYTES / 1e6} MB`);
  return body;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format|Input buffer contains unsupported/i.test(message)) return 'not an image';
  if (/timeout|aborted/i.test(message)) return 'too slow';
  return message.split('\n')[0]!.slice(0, 200);
}
