/**
 * Reading a signal table's rows: the whole catalogue, or a list's positions (arrays by slot), and
 * the rows a list's catalogue-wide scales are taken over.
 */
import type { CatalogueIndex } from '../index/catalogue-index';

/** The whole catalogue (`positions` null: arrays by position), or only these positions (arrays by slot). */
export type Scope = Int32Array | null;

/** Rows of BM25 weights by feature, CSR: the lexical index's, or a copy of some of them. */
export type BmRows = Pick<CatalogueIndex['lexical'], 'rowStart' | 'featureIds' | 'bm25' | 'itemCount'>;

/** Σ query[f] · values(position, f) over one CSR row. */
export function rowDot(rowStart: Uint32Array, featureIds: Uint32Array, values: Float32Array, position: number, query: Float32Array): number {
  let s = 0;
  for (let j = rowStart[position]!; j < rowStart[position + 1]!; j += 1) s += query[featureIds[j]!]! * values[j]!;
  return s;
}

/** Up to this many items, a list's scales are taken over the whole catalogue; beyond, over an even sample of this many. */
export const SCALE_SAMPLE = 2048;

const SAMPLES = new WeakMap<CatalogueIndex['lexical'], BmRows>();

/**
 * The rows a list's catalogue-wide scales are taken over (with the candidates' own): every item
 * up to SCALE_SAMPLE; otherwise an even sample of that many, copied once per catalogue into
 * rows of their own, so that a list reads a few contiguous kilobytes rather than rows scattered
 * over the whole index (that took half of a 25-item list's time on 100k items).
 */
export function scaleRows(lexical: CatalogueIndex['lexical']): BmRows {
  const n = lexical.itemCount;
  if (n <= SCALE_SAMPLE) return lexical;
  let rows = SAMPLES.get(lexical);
  if (rows !== undefined) return rows;
  const picked = Array.from({ length: SCALE_SAMPLE }, (_, k) => Math.floor((k * n) / SCALE_SAMPLE));
  const rowStart = new Uint32Array(SCALE_SAMPLE + 1);
  for (let r = 0; r < SCALE_SAMPLE; r += 1) rowStart[r + 1] = rowStart[r]! + lexical.rowStart[picked[r]! + 1]! - lexical.rowStart[picked[r]!]!;
  const featureIds = new Uint32Array(rowStart[SCALE_SAMPLE]!);
  const bm25 = new Float32Array(rowStart[SCALE_SAMPLE]!);
  picked.forEach((position, r) => {
    const from = lexical.rowStart[position]!;
    const to = lexical.rowStart[position + 1]!;
    featureIds.set(lexical.featureIds.subarray(from, to), rowStart[r]!);
    bm25.set(lexical.bm25.subarray(from, to), rowStart[r]!);
  });
  rows = { rowStart, featureIds, bm25, itemCount: SCALE_SAMPLE };
  SAMPLES.set(lexical, rows);
  return rows;
}

/** Position → slot in the table (−1 when the item is not in it). */
export function slotLookup(positions: Scope): (position: number) => number {
  if (positions === null) return (position) => position;
  const slots = new Map<number, number>();
  positions.forEach((position, k) => {
    if (!slots.has(position)) slots.set(position, k);
  });
  return (position) => slots.get(position) ?? -1;
}
