/**
 * A response's body (a fetch's, or one handed over by the page), decoded chunk by chunk with a streaming UTF-8 decoder and handed over piece
 * by piece while the rest is still arriving. In Chromium reading a large body this way is about
 * twice as fast as `response.text()` (a 37 MB catalogue: ~0.6 s against 0.9–1.5 s in a worker),
 * a body over `maxBytes` is cancelled as soon as it passes the limit instead of being held whole,
 * whatever its Content-Length said, and the caller decides what of the text to keep.
 */
export type BodyRead = { readonly kind: 'read'; readonly bytes: number } | { readonly kind: 'too-large'; readonly bytes: number } | { readonly kind: 'stopped'; readonly bytes: number };

/** `onText` sees each decoded piece, in order; once `stop` is aborted, the body is cancelled and the read ends as 'stopped'. */
export async function readBodyPieces(body: ReadableStream<Uint8Array> | null, maxBytes: number, onText: (piece: string) => void, stop?: AbortSignal): Promise<BodyRead> {
  if (body === null) return { kind: 'read', bytes: 0 };
  const reader = body.getReader();
  // Cancelling ends a pending read as if the body were done; the signal says it was not.
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  const stopped = (): boolean => stop?.aborted === true;
  if (stopped()) {
    cancel();
    return { kind: 'stopped', bytes: 0 };
  }
  stop?.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (stopped()) return { kind: 'stopped', bytes };
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      return { kind: 'too-large', bytes };
    }
    onText(decoder.decode(value, { stream: true }));
  }
  onText(decoder.decode());
  return { kind: 'read', bytes };
}
