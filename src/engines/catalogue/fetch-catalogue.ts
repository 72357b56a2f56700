import type { RankingIssue } from '../../core/catalogue/ranking-priors';
import type { Catalogue } from '../../core/catalogue/catalogue-types';
import { TextFingerprint } from '../../core/catalogue/content-hash';
import { parseCatalogue, parseJsonText, type CatalogueProblem } from '../../core/catalogue/parse-catalogue';
import { readBodyText, type BodyText } from './read-body';

export type CatalogueLoadError =
  | { readonly kind: 'network'; readonly url: string; readonly detail: string }
  /** This deployment's Content-Security-Policy does not allow connecting to that origin. */
  | { readonly kind: 'not-allowed'; readonly url: string }
  | { readonly kind: 'http'; readonly url: string; readonly status: number }
  | { readonly kind: 'too-large'; readonly url: string; readonly bytes: number }
  | { readonly kind: 'invalid'; readonly url: string; readonly problem: CatalogueProblem };

export type CatalogueFetchResult =
  | { readonly kind: 'loaded'; readonly url: string; readonly catalogue: Catalogue; readonly skippedCount: number; readonly rankingIssues: readonly RankingIssue[]; readonly contentHash: string }
  /** Same content as the copy the caller already has (it passed its hash). */
  | { readonly kind: 'unchanged'; readonly url: string }
  | { readonly kind: 'failed'; readonly error: CatalogueLoadError };

/** 64 MiB: far above any sensible catalogue, low enough that a hostile URL cannot exhaust memory. */
export const MAX_CATALOGUE_BYTES = 64 * 1024 * 1024;

/** Answers whether a failed request was refused by the Content-Security-Policy. */
export type BlockedByPolicy = (url: string) => Promise<boolean>;

/**
 * A downloaded text that is read once: whoever takes it holds the only reference, so a 40 MB
 * catalogue's text can be let go as soon as it is parsed rather than when the last of its
 * holders (a prefetch's promise, a caller's frame) is done.
 */
export class DownloadedText {
  #text: string | null;

  constructor(text: string) {
    this.#text = text;
  }

  take(): string {
    const text = this.#text;
    if (text === null) throw new Error('this catalogue text was read already');
    this.#text = null;
    return text;
  }
}

/** A catalogue's text as downloaded (not yet looked at), or why there is none. */
export type CatalogueBody =
  | { readonly kind: 'body'; readonly url: string; readonly baseUrl: string; readonly text: DownloadedText; readonly contentHash: string }
  | { readonly kind: 'failed'; readonly error: CatalogueLoadError };

/**
 * GETs a catalogue (then interpretCatalogue validates it): the download alone, so it can start
 * before anyone knows whether a copy is stored. Never throws; `url` must be absolute.
 */
export async function requestCatalogue(url: string, fetchImpl: typeof fetch = fetch, blockedByPolicy?: BlockedByPolicy): Promise<CatalogueBody> {
  let response: Response;
  try {
    // `no-cache` revalidates with the server so an updated catalogue is seen, while 304s stay cheap.
    response = await fetchImpl(url, { method: 'GET', cache: 'no-cache', credentials: 'omit' });
  } catch (error) {
    if (blockedByPolicy !== undefined && (await blockedByPolicy(url))) return failed({ kind: 'not-allowed', url });
    return failed({ kind: 'network', url, detail: error instanceof Error ? error.message : String(error) });
  }
  if (!response.ok) return failed({ kind: 'http', url, status: response.status });
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_CATALOGUE_BYTES) return failed({ kind: 'too-large', url, bytes: declared });
  let body: BodyText;
  const fingerprint = new TextFingerprint();
  try {
    body = await readBodyText(response, MAX_CATALOGUE_BYTES, (piece) => fingerprint.add(piece));
  } catch (error) {
    return failed({ kind: 'network', url, detail: error instanceof Error ? error.message : String(error) });
  }
  if (body.kind === 'too-large') return failed({ kind: 'too-large', url, bytes: body.bytes });
  return { kind: 'body', url, baseUrl: response.url || url, text: new DownloadedText(body.text), contentHash: fingerprint.digest() };
}

/** A downloaded catalogue: unchanged from the caller's copy (same hash), or parsed and validated. */
export function interpretCatalogue(body: CatalogueBody, knownHash?: string): CatalogueFetchResult {
  if (body.kind === 'failed') return body;
  const { url } = body;
  const { contentHash } = body;
  if (contentHash === knownHash) return { kind: 'unchanged', url };
  let text = body.text.take();
  const json = parseJsonText(text);
  if (json.kind === 'not-json') return failed({ kind: 'invalid', url, problem: json.problem });
  // Parsed: the text is garbage now, and validation lets each parsed item go as it copies it, so
  // the worker never holds the text, the parsed JSON and the validated items all at once.
  text = '';
  const parsed = parseCatalogue(json.json, { baseUrl: body.baseUrl, consume: true });
  if (parsed.kind === 'invalid') return failed({ kind: 'invalid', url, problem: parsed.problem });
  return { kind: 'loaded', url, catalogue: parsed.catalogue, skippedCount: parsed.skippedCount, rankingIssues: parsed.rankingIssues, contentHash };
}

function failed(error: CatalogueLoadError): { readonly kind: 'failed'; readonly error: CatalogueLoadError } {
  return { kind: 'failed', error };
}
