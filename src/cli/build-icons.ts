/**
 * Renders Sift's icon (the funnel of public/favicon.svg on its green tile) into the PNGs the
 * web app manifest needs: `npm run icons`. Rasterised here with 4×4 supersampling and encoded
 * with Node's zlib, so the build needs no image library; the output is deterministic and
 * committed (a test checks it matches).
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ICON_DIR = fileURLToPath(new URL('../../public/icons/', import.meta.url));

type Rgb = readonly [number, number, number];
const TILE: Rgb = [0x2f, 0x6b, 0x4f];
const GLYPH: Rgb = [0xf7, 0xf6, 0xf2];
/** The favicon's funnel, in its 64-unit viewBox. */
const FUNNEL: ReadonlyArray<readonly [number, number]> = [[14, 18], [50, 18], [37, 34], [37, 46], [27, 52], [27, 34]];

export interface IconSpec {
  readonly file: string;
  readonly size: number;
  /** Maskable icons fill the square and keep the glyph in the central 80% safe zone. */
  readonly maskable: boolean;
}

export const ICONS: readonly IconSpec[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
];

function insidePolygon(x: number, y: number, points: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare(x: number, y: number, size: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
}

/** RGBA pixels of one icon. */
export function renderIcon(spec: IconSpec): Uint8Array {
  const { size, maskable } = spec;
  const pixels = new Uint8Array(size * size * 4);
  // Units of the 64-unit design per pixel; a maskable icon shrinks the glyph to the safe zone.
  const glyphScale = maskable ? 0.8 : 1;
  const samples = 4;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let tile = 0;
      let glyph = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = ((px + (sx + 0.5) / samples) / size) * 64;
          const y = ((py + (sy + 0.5) / samples) / size) * 64;
          if (maskable || insideRoundedSquare(x, y, 64, 14)) tile += 1;
          const gx = 32 + (x - 32) / glyphScale;
          const gy = 32 + (y - 32) / glyphScale;
          if (insidePolygon(gx, gy, FUNNEL)) glyph += 1;
        }
      }
      const total = samples * samples;
      const g = glyph / total;
      const a = tile / total;
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) pixels[o + c] = Math.round(TILE[c]! * (1 - g) + GLYPH[c]! * g);
      pixels[o + 3] = Math.round(255 * Math.max(a, g));
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A truecolour-with-alpha PNG (8 bits per channel, no interlace, filter 0 on every row). */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

export function iconPng(spec: IconSpec): Buffer {
  return encodePng(spec.size, renderIcon(spec));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const spec of ICONS) {
    await writeFile(`${ICON_DIR}${spec.file}`, iconPng(spec));
    console.log(`wrote public/icons/${spec.file}`);
  }
}
