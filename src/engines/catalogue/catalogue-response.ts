/** 64 MiB: far above any sensible catalogue, low enough that a hostile URL cannot exhaust memory. */
export const MAX_CATALOGUE_BYTES = 64 * 1024 * 1024;

/**
 * What a catalogue download needs of an HTTP response (a fetch's Response has it): its status,
 * final URL, declared length and body stream.
 */
export interface CatalogueResponse {
  readonly status: number;
  /** Where it was served from in the end (after redirects): relative item links resolve against it. */
  readonly url: string;
  /** The Content-Length header, when there was one. */
  readonly contentLength: number | null;
  /**
   * The ETag header, when there was one and this page may read it (a catalogue on another origin
   * must list it in Access-Control-Expose-Headers).
   */
  readonly etag: string | null;
  readonly body: ReadableStream<Uint8Array> | null;
}

/**
 * How a catalogue is requested. `no-cache` revalidates with the server so an updated catalogue is
 * seen, while 304s stay cheap. (workers/ranker-early.worker.ts sends the same request before it
 * can import this; its test holds the two together.)
 */
export const CATALOGUE_REQUEST: RequestInit = { method: 'GET', cache: 'no-cache', credentials: 'omit' };

/** GETs a catalogue; rejects as fetch does (network error, refused by the Content-Security-Policy). */
export function fetchCatalogueResponse(url: string, fetchImpl: typeof fetch): Promise<CatalogueResponse> {
  return catalogueResponseOf(fetchImpl(url, CATALOGUE_REQUEST), url);
}

/** What a download needs of the response to a catalogue request someone sent (`url`: what was asked for). */
export async function catalogueResponseOf(request: Promise<Response>, url: string): Promise<CatalogueResponse> {
  const response = await request;
  const length = response.headers.get('content-length');
  return { status: response.status, url: response.url || url, contentLength: length === null ? null : Number(length), etag: response.headers.get('etag'), body: response.body };
}
