import { describe, expect, it } from 'vitest';
import { readBodyPieces } from '../../src/engines/catalogue/read-body';

/** A body served in chunks with no Content-Length, counting how many chunks were pulled. */
function chunked(chunks: readonly Uint8Array[]): { response: Response; pulled: () => number } {
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]!);
      else controller.close();
    },
  });
  return { response: new Response(stream), pulled: () => next };
}

describe('readBodyPieces', () => {
  it('decodes UTF-8 split across chunks (a character cut in two included), as response.text() does', async () => {
    const bytes = new TextEncoder().encode('\uFEFF{"title":"Amélie — 天使"}');
    const cut = 16; // inside a multi-byte character
    const { response } = chunked([bytes.slice(0, cut), bytes.slice(cut, cut + 3), bytes.slice(cut + 3)]);
    const pieces: string[] = [];
    expect(await readBodyPieces(response.body, 1000, (piece) => pieces.push(piece))).toEqual({ kind: 'read', bytes: bytes.length });
    expect(pieces.join('')).toBe(await new Response(bytes).text());
  });

  it('stops reading a body as soon as it passes the limit, whatever its headers said', async () => {
    const chunk = new Uint8Array(100).fill(0x20);
    const { response, pulled } = chunked(Array.from({ length: 50 }, () => chunk));
    expect(await readBodyPieces(response.body, 250, () => undefined)).toEqual({ kind: 'too-large', bytes: 300 });
    expect(pulled()).toBeLessThan(10);
  });
});
