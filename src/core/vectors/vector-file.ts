import { fromFloat16Bits, toFloat16Bits } from './float16';
import { allocateFloat32Vectors, allocateInt8Vectors, quantizeInt8, type ItemVectors, type KernelChoice } from './item-vectors';

/**
 * The binary file of a catalogue's precomputed vectors (named by the catalogue's `embeddings`):
 *
 *   "SIFTVEC1" | header length (u32 LE) | header (UTF-8 JSON) | zero padding to 8 bytes | body
 *
 * The header names the model, the dimension, the dtype, the row count and the catalogue's
 * content hash (rows are in the catalogue's item order, so they belong to that content only).
 * Bodies: int8 — `count` float32 scales, then `count × dim` int8 values (value ≈ int8 × scale);
 * float16 — `count × dim` IEEE half floats. Little-endian throughout.
 */
export const VECTOR_FILE_MAGIC = 'SIFTVEC1';
export const VECTOR_FILE_FORMAT = 'sift-vectors';
export const VECTOR_FILE_VERSION = 1;

export type VectorFileDtype = 'int8' | 'float16';

export interface VectorFileHeader {
  readonly format: typeof VECTOR_FILE_FORMAT;
  readonly version: typeof VECTOR_FILE_VERSION;
  readonly model: string;
  readonly dim: number;
  readonly dtype: VectorFileDtype;
  readonly count: number;
  readonly contentHash: string;
}

export type VectorFileProblem =
  | { readonly kind: 'not-a-vector-file' }
  | { readonly kind: 'bad-header'; readonly detail: string }
  | { readonly kind: 'truncated'; readonly expectedBytes: number; readonly foundBytes: number }
  | { readonly kind: 'mismatch'; readonly field: 'model' | 'dim' | 'count' | 'contentHash'; readonly expected: string; readonly found: string };

export type DecodedVectorFile = { readonly kind: 'ok'; readonly header: VectorFileHeader; readonly vectors: ItemVectors } | { readonly kind: 'invalid'; readonly problem: VectorFileProblem };

const MAX_HEADER = 64 * 1024;
const align8 = (n: number): number => (n + 7) & ~7;

function bodyBytes(header: Pick<VectorFileHeader, 'dtype' | 'count' | 'dim'>): number {
  return header.dtype === 'int8' ? header.count * 4 + header.count * header.dim : header.count * header.dim * 2;
}

/** Encodes unit rows (`count × dim` floats) as a vector file. */
export function encodeVectorFile(rows: Float32Array, meta: Omit<VectorFileHeader, 'format' | 'version' | 'count'>): Uint8Array {
  if (meta.dim <= 0 || rows.length % meta.dim !== 0) throw new Error(`${rows.length} values are not rows of ${meta.dim}`);
  const header: VectorFileHeader = { format: VECTOR_FILE_FORMAT, version: VECTOR_FILE_VERSION, model: meta.model, dim: meta.dim, dtype: meta.dtype, count: rows.length / meta.dim, contentHash: meta.contentHash };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const bodyStart = align8(12 + headerBytes.length);
  const out = new Uint8Array(bodyStart + bodyBytes(header));
  out.set(new TextEncoder().encode(VECTOR_FILE_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  const view = new DataView(out.buffer, bodyStart);
  if (header.dtype === 'int8') {
    const quantized = quantizeInt8(rows, header.dim, { kernels: 'js' });
    for (let r = 0; r < header.count; r += 1) view.setFloat32(r * 4, quantized.scale[r]!, true);
    out.set(new Uint8Array(quantized.data.buffer, quantized.data.byteOffset, quantized.data.length), bodyStart + header.count * 4);
  } else {
    for (let i = 0; i < rows.length; i += 1) view.setUint16(i * 2, toFloat16Bits(rows[i]!), true);
  }
  return out;
}

/**
 * Reads a vector file into the ranker's vector table, checking it against what the catalogue
 * says (model, dim, count, content hash): vectors of another model or another version of the
 * catalogue are refused, never mixed in. Never throws.
 */
export function decodeVectorFile(
  bytes: Uint8Array,
  expected: { readonly model?: string; readonly dim?: number; readonly count?: number; readonly contentHash?: string } = {},
  kernels: KernelChoice = 'auto',
): DecodedVectorFile {
  const invalid = (problem: VectorFileProblem): DecodedVectorFile => ({ kind: 'invalid', problem });
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== VECTOR_FILE_MAGIC) return invalid({ kind: 'not-a-vector-file' });
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = data.getUint32(8, true);
  if (headerLength > MAX_HEADER || 12 + headerLength > bytes.length) return invalid({ kind: 'bad-header', detail: `header length ${headerLength}` });
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)));
  } catch (error) {
    return invalid({ kind: 'bad-header', detail: error instanceof Error ? error.message : String(error) });
  }
  const header = raw as Partial<VectorFileHeader> | null;
  if (
    header === null ||
    typeof header !== 'object' ||
    header.format !== VECTOR_FILE_FORMAT ||
    header.version !== VECTOR_FILE_VERSION ||
    typeof header.model !== 'string' ||
    typeof header.contentHash !== 'string' ||
    (header.dtype !== 'int8' && header.dtype !== 'float16') ||
    !Number.isInteger(header.dim) ||
    header.dim! <= 0 ||
    header.dim! > 8192 ||
    !Number.isInteger(header.count) ||
    header.count! < 0
  ) {
    return invalid({ kind: 'bad-header', detail: 'missing or invalid fields' });
  }
  const valid = header as VectorFileHeader;
  for (const field of ['model', 'dim', 'count', 'contentHash'] as const) {
    const want = expected[field];
    if (want !== undefined && want !== valid[field]) return invalid({ kind: 'mismatch', field, expected: String(want), found: String(valid[field]) });
  }
  const bodyStart = align8(12 + headerLength);
  const needed = bodyStart + bodyBytes(valid);
  if (bytes.length < needed) return invalid({ kind: 'truncated', expectedBytes: needed, foundBytes: bytes.length });
  const body = new DataView(bytes.buffer, bytes.byteOffset + bodyStart, needed - bodyStart);
  if (valid.dtype === 'int8') {
    const vectors = allocateInt8Vectors(valid.count, valid.dim, { kernels });
    for (let r = 0; r < valid.count; r += 1) vectors.scale[r] = body.getFloat32(r * 4, true);
    vectors.data.set(new Int8Array(bytes.buffer, bytes.byteOffset + bodyStart + valid.count * 4, valid.count * valid.dim));
    return { kind: 'ok', header: valid, vectors };
  }
  const vectors = allocateFloat32Vectors(valid.count, valid.dim, kernels);
  for (let i = 0; i < valid.count * valid.dim; i += 1) vectors.data[i] = fromFloat16Bits(body.getUint16(i * 2, true));
  return { kind: 'ok', header: valid, vectors };
}
