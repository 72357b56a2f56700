/**
 * A response's body as text, read chunk by chunk with a streaming UTF-8 decoder. In Chromium this
 * is about twice as fast as `response.text()` for a large body (a 37 MB catalogue: ~0.6 s against
 * 0.9–1.5 s in a worker), and a body over `maxBytes` is cancelled as soon as it passes the limit
 * instead of being held whole, whatever its Content-Length said.
 */
export type BodyText = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'too-large'; readonly bytes: number };

/** `onText` sees each decoded piece, in order, while the rest of the body is still arriving. */
export async function readBodyText(response: Response, maxBytes: number, onText: (piece: string) => void = () => undefined): Promise<BodyText> {
  if (response.body === null) return { kind: 'text', text: '' };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      return { kind: 'too-large', bytes };
    }
    const piece = decoder.decode(value, { stream: true });
    onText(piece);
    parts.push(piece);
  }
  const rest = decoder.decode();
  onText(rest);
  parts.push(rest);
  return { kind: 'text', text: parts.join('') };
}
