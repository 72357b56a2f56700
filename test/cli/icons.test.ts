import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_DIR, ICONS, iconPng } from '../../src/cli/build-icons';

/** RGBA of one pixel of a PNG written by encodePng (filter 0 on every row). */
function pixel(png: Buffer, x: number, y: number): number[] {
  const size = png.readUInt32BE(16);
  const idat = png.indexOf('IDAT');
  const length = png.readUInt32BE(idat - 4);
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + length));
  const o = y * (size * 4 + 1) + 1 + x * 4;
  return Array.from(raw.subarray(o, o + 4));
}

describe('npm run icons', () => {
  it('the committed icons are exactly what the renderer makes', () => {
    for (const spec of ICONS) expect(readFileSync(`${ICON_DIR}${spec.file}`).equals(iconPng(spec))).toBe(true);
  });

  it('draws the funnel on the tile; only the plain icons have transparent corners', () => {
    for (const spec of ICONS) {
      const png = iconPng(spec);
      expect(png.readUInt32BE(16)).toBe(spec.size);
      const s = spec.size;
      expect(pixel(png, Math.round(s * 0.5), Math.round(s * 0.35))).toEqual([0xf7, 0xf6, 0xf2, 255]);
      expect(pixel(png, Math.round(s * 0.5), Math.round(s * 0.9))).toEqual([0x2f, 0x6b, 0x4f, 255]);
      expect(pixel(png, 0, 0)[3]).toBe(spec.maskable ? 255 : 0);
    }
  });
});
