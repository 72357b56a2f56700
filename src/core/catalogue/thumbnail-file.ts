/**
 * The thumbnail file (`thumbnails.bin` beside catalog.json, version 1): every item's small WebP
 * picture and its ThumbHash placeholder in one file, fetched whole like vectors.bin, so that the
 * cards show pictures with no request that names an item. Little-endian:
 *
 *   bytes 0–7   "SIFTTHMB"
 *   u32         version (1)
 *   u32         header length H, then H bytes of UTF-8 JSON: { "width": 96, "ids": [item ids…] }
 *   per id, in the header's order:
 *     u8        ThumbHash length T (≤ MAX_HASH_BYTES), then T bytes
 *     u32       WebP length W (≤ MAX_WEBP_BYTES), then W bytes
 *
 * Items without a picture are not listed. The file comes from the network: decodeThumbnailFile
 * checks every length against the bytes there and the caps below, and never throws.
 */
export const THUMBNAIL_MAGIC = 'SIFTTHMB';
export const THUMBNAIL_FILE_VERSION = 1;
export const MAX_HASH_BYTES = 64;
export const MAX_WEBP_BYTES = 64 * 1024;
export const MAX_THUMBNAILS = 200_000;
const MAX_ID_LENGTH = 1_000;

export interface Thumbnail {
  readonly id: string;
  /** ThumbHash bytes (about 25): a blurred placeholder, decoded in the page. */
  readonly hash: Uint8Array;
  /** A small WebP picture. */
  readonly webp: Uint8Array;
}

export interface ThumbnailFile {
  readonly width: number;
  readonly thumbnails: readonly Thumbnail[];
}

export type ThumbnailFileProblem =
  | { readonly kind: 'not-a-thumbnail-file' }
  | { readonly kind: 'unsupported-version'; readonly version: number }
  | { readonly kind: 'bad-header'; readonly detail: string }
  | { readonly kind: 'truncated'; readonly at: number }
  | { readonly kind: 'too-large'; readonly what: 'hash' | 'webp' | 'count'; readonly size: number };

export type ThumbnailFileResult = { readonly kind: 'ok'; readonly file: ThumbnailFile } | { readonly kind: 'invalid'; readonly problem: ThumbnailFileProblem };

export function encodeThumbnailFile(file: ThumbnailFile): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ width: file.width, ids: file.thumbnails.map((t) => t.id) }));
  let size = 8 + 4 + 4 + header.length;
  for (const t of file.thumbnails) {
    if (t.hash.length > MAX_HASH_BYTES || t.webp.length > MAX_WEBP_BYTES) throw new RangeError(`thumbnail of ${t.id} is over the format's caps`);
    size += 1 + t.hash.length + 4 + t.webp.length;
  }
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(THUMBNAIL_MAGIC), 0);
  view.setUint32(8, THUMBNAIL_FILE_VERSION, true);
  view.setUint32(12, header.length, true);
  bytes.set(header, 16);
  let offset = 16 + header.length;
  for (const t of file.thumbnails) {
    bytes[offset] = t.hash.length;
    bytes.set(t.hash, offset + 1);
    offset += 1 + t.hash.length;
    view.setUint32(offset, t.webp.length, true);
    bytes.set(t.webp, offset + 4);
    offset += 4 + t.webp.length;
  }
  return bytes;
}

export function decodeThumbnailFile(bytes: Uint8Array): ThumbnailFileResult {
  const invalid = (problem: ThumbnailFileProblem): ThumbnailFileResult => ({ kind: 'invalid', problem });
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== THUMBNAIL_MAGIC) return invalid({ kind: 'not-a-thumbnail-file' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== THUMBNAIL_FILE_VERSION) return invalid({ kind: 'unsupported-version', version });
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > bytes.length) return invalid({ kind: 'truncated', at: 16 });
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength)));
  } catch (error) {
    return invalid({ kind: 'bad-header', detail: error instanceof Error ? error.message : 'unreadable' });
  }
  if (typeof header !== 'object' || header === null) return invalid({ kind: 'bad-header', detail: 'not an object' });
  const { width, ids } = header as { width?: unknown; ids?: unknown };
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1 || width > 1024) return invalid({ kind: 'bad-header', detail: 'width is not a whole number of pixels' });
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH)) return invalid({ kind: 'bad-header', detail: 'ids is not a list of item ids' });
  if (ids.length > MAX_THUMBNAILS) return invalid({ kind: 'too-large', what: 'count', size: ids.length });
  const thumbnails: Thumbnail[] = [];
  let offset = 16 + headerLength;
  for (const id of ids) {
    if (offset + 1 > bytes.length) return invalid({ kind: 'truncated', at: offset });
    const hashLength = bytes[offset]!;
    if (hashLength > MAX_HASH_BYTES) return invalid({ kind: 'too-large', what: 'hash', size: hashLength });
    if (offset + 1 + hashLength + 4 > bytes.length) return invalid({ kind: 'truncated', at: offset });
    const hash = bytes.slice(offset + 1, offset + 1 + hashLength);
    offset += 1 + hashLength;
    const webpLength = view.getUint32(offset, true);
    if (webpLength > MAX_WEBP_BYTES) return invalid({ kind: 'too-large', what: 'webp', size: webpLength });
    if (offset + 4 + webpLength > bytes.length) return invalid({ kind: 'truncated', at: offset });
    thumbnails.push({ id, hash, webp: bytes.slice(offset + 4, offset + 4 + webpLength) });
    offset += 4 + webpLength;
  }
  return { kind: 'ok', file: { width, thumbnails } };
}
