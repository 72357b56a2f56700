import type { RankingIssue } from '../../core/catalogue/ranking-priors';
import type { Catalogue } from '../../core/catalogue/catalogue-types';
import { TextFingerprint } from '../../core/catalogue/content-hash';
import { CatalogueStreamParser } from '../../core/catalogue/catalogue-stream';
import { parseCatalogue, parseJsonText, type CatalogueParseResult, type CatalogueProblem } from '../../core/catalogue/parse-catalogue';
import { fetchCatalogueResponse, MAX_CATALOGUE_BYTES, type CatalogueResponse } from './catalogue-response';
import { readBodyPieces, type BodyRead } from './read-body';

export type CatalogueLoadError =
  | { readonly kind: 'network'; readonly url: string; readonly detail: string }
  /** This deployment's Content-Security-Policy does not allow connecting to that origin. */
  | { readonly kind: 'not-allowed'; readonly url: string }
  | { readonly kind: 'http'; readonly url: string; readonly status: number }
  | { readonly kind: 'too-large'; readonly url: string; readonly bytes: number }
  | { readonly kind: 'invalid'; readonly url: string; readonly problem: CatalogueProblem };

export type CatalogueFetchResult =
  | { readonly kind: 'loaded'; readonly url: string; readonly catalogue: Catalogue; readonly skippedCount: number; readonly rankingIssues: readonly RankingIssue[]; readonly contentHash: string; readonly etag: string | null }
  /**
   * Same content as the copy the caller already has: the response carried that copy's ETag (its
   * body was not read), or its text has that copy's hash. `etag`: the response's, which a copy
   * recognised by its hash should be known by from now on.
   */
  | { readonly kind: 'unchanged'; readonly url: string; readonly etag: string | null }
  | { readonly kind: 'failed'; readonly error: CatalogueLoadError };

/** The copy of a catalogue the caller has, for a download to be compared with. */
export interface KnownCatalogue {
  readonly contentHash: string;
  /** The ETag it was served with, when its server sent one this page could read. */
  readonly etag: string | null;
}

export { MAX_CATALOGUE_BYTES } from './catalogue-response';

/** Answers whether a failed request was refused by the Content-Security-Policy. */
export type BlockedByPolicy = (url: string) => Promise<boolean>;

/**
 * What a download received, not yet looked at as a whole: a parser that has taken part of it (or
 * none), and the text that came while nobody wanted it parsed. Read once: whoever parses it holds
 * the only reference, so a 40 MB text can be let go as soon as it is parsed rather than when the
 * last of its holders (a prefetch's promise, a caller's frame) is done.
 */
export class ReceivedCatalogue {
  #parts: { readonly parser: CatalogueStreamParser | null; readonly rest: string[] } | null;

  constructor(
    parser: CatalogueStreamParser | null,
    rest: string[],
    private readonly baseUrl: string,
  ) {
    this.#parts = { parser, rest };
  }

  /** Parses what the parser has not seen yet and validates the whole. */
  parse(): CatalogueParseResult {
    const parts = this.#parts;
    if (parts === null) throw new Error('this catalogue was read already');
    this.#parts = null;
    const { parser, rest } = parts;
    if (parser === null) return parseWholeText(rest.splice(0).join(''), this.baseUrl);
    for (let index = 0; index < rest.length; index += 1) {
      parser.push(rest[index]!);
      rest[index] = '';
    }
    return parser.finish();
  }
}

/** A downloaded catalogue (not yet compared with any stored copy), the copy the caller has (known by its ETag: nothing was read), or why there is none. */
export type CatalogueBody =
  | { readonly kind: 'body'; readonly url: string; readonly baseUrl: string; readonly received: ReceivedCatalogue; readonly contentHash: string; readonly etag: string | null }
  | { readonly kind: 'known-etag'; readonly url: string }
  | { readonly kind: 'failed'; readonly error: CatalogueLoadError };

/** Whether a download parses its text while it arrives, or keeps it to compare first. */
export type ReceiveMode = 'keep' | 'parse';

/**
 * GETs a catalogue (then interpretCatalogue looks at it): the download alone, so it can start
 * before anyone knows whether a copy is stored. In `keep` mode its text is kept whole until the
 * end, when its hash may show it is the copy the caller has; in `parse` mode (no copy to compare
 * with, so it will be parsed anyway) it is parsed and validated batch by batch while the rest
 * arrives (CatalogueStreamParser), so a new user's catalogue is ready soon after its last byte.
 * The mode can change while it downloads, and nothing is parsed twice or lost: text kept after
 * parsing stopped is handed to the same parser at the end if needed. Told of the caller's copy
 * (keepUntilCompared) before or while its body arrives, a response carrying that copy's ETag is
 * read no further. Never throws; `url` must be absolute.
 */
export class CatalogueDownload {
  readonly body: Promise<CatalogueBody>;
  private mode: ReceiveMode;
  /** Text not given to the parser (yet); emptied into it when parsing starts. */
  private kept: string[] = [];
  private parser: CatalogueStreamParser | null = null;
  private baseUrl: string | undefined;
  /** The ETag of the caller's copy, and the response's once its headers are in (undefined before). */
  private knownEtag: string | null = null;
  private responseEtag: string | null | undefined;
  /** Aborted when the response turns out to be the caller's copy: its body is not read any further. */
  private readonly known = new AbortController();

  /** `early`: the response to a request for `url` that someone started already. */
  constructor(
    readonly url: string,
    options: { readonly fetchImpl?: typeof fetch; readonly blockedByPolicy?: BlockedByPolicy | undefined; readonly mode?: ReceiveMode; readonly early?: Promise<CatalogueResponse> } = {},
  ) {
    this.mode = options.mode ?? 'keep';
    this.body = this.download(options.fetchImpl ?? ((input, init) => fetch(input, init)), options.blockedByPolicy, options.early);
  }

  /** There is no copy to compare with: the text will be parsed whatever its hash, so parse it as it arrives. */
  parseAsItArrives(): void {
    this.mode = 'parse';
    this.catchUp();
  }

  /**
   * There is a copy to compare with: keep the rest of the text until the hash says whether it is
   * needed, and read none of it when the response carries the copy's ETag.
   */
  keepUntilCompared(known?: KnownCatalogue): void {
    this.mode = 'keep';
    this.knownEtag = known?.etag ?? null;
    if (this.isKnown(this.responseEtag)) this.known.abort();
  }

  private isKnown(etag: string | null | undefined): boolean {
    return this.knownEtag !== null && etag === this.knownEtag;
  }

  private catchUp(): void {
    if (this.mode !== 'parse' || this.baseUrl === undefined) return;
    this.parser ??= new CatalogueStreamParser({ baseUrl: this.baseUrl });
    const kept = this.kept;
    this.kept = [];
    for (let index = 0; index < kept.length; index += 1) {
      this.parser.push(kept[index]!);
      kept[index] = '';
    }
  }

  private receive(piece: string): void {
    if (this.mode === 'parse' && this.parser !== null) this.parser.push(piece);
    else this.kept.push(piece);
  }

  private async download(fetchImpl: typeof fetch, blockedByPolicy: BlockedByPolicy | undefined, early: Promise<CatalogueResponse> | undefined): Promise<CatalogueBody> {
    const { url } = this;
    try {
      let response: CatalogueResponse;
      try {
        response = await (early ?? fetchCatalogueResponse(url, fetchImpl));
      } catch (error) {
        if (blockedByPolicy !== undefined && (await blockedByPolicy(url))) return failed({ kind: 'not-allowed', url });
        return failed({ kind: 'network', url, detail: error instanceof Error ? error.message : String(error) });
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        return failed({ kind: 'http', url, status: response.status });
      }
      if ((response.contentLength ?? 0) > MAX_CATALOGUE_BYTES) {
        await response.body?.cancel().catch(() => undefined);
        return failed({ kind: 'too-large', url, bytes: response.contentLength ?? 0 });
      }
      const { etag } = response;
      this.responseEtag = etag;
      if (this.isKnown(etag)) this.known.abort();
      const baseUrl = response.url;
      this.baseUrl = baseUrl;
      this.catchUp();
      const fingerprint = new TextFingerprint();
      let read: BodyRead;
      try {
        read = await readBodyPieces(
          response.body,
          MAX_CATALOGUE_BYTES,
          (piece) => {
            fingerprint.add(piece);
            this.receive(piece);
          },
          this.known.signal,
        );
      } catch (error) {
        return failed({ kind: 'network', url, detail: error instanceof Error ? error.message : String(error) });
      }
      if (read.kind === 'too-large') return failed({ kind: 'too-large', url, bytes: read.bytes });
      // Stopped only when the response carried the caller's ETag.
      if (read.kind === 'stopped') return { kind: 'known-etag', url };
      return { kind: 'body', url, baseUrl, received: new ReceivedCatalogue(this.parser, this.kept, baseUrl), contentHash: fingerprint.digest(), etag };
    } finally {
      this.kept = [];
      this.parser = null;
      this.mode = 'keep';
    }
  }
}

/** A downloaded catalogue: unchanged from the caller's copy (same ETag, or same hash), or parsed and validated. */
export function interpretCatalogue(body: CatalogueBody, known?: KnownCatalogue): CatalogueFetchResult {
  if (body.kind === 'failed') return body;
  const { url } = body;
  if (body.kind === 'known-etag') return { kind: 'unchanged', url, etag: known?.etag ?? null };
  const { contentHash, etag } = body;
  if (contentHash === known?.contentHash) return { kind: 'unchanged', url, etag };
  const parsed = body.received.parse();
  if (parsed.kind === 'invalid') return failed({ kind: 'invalid', url, problem: parsed.problem });
  return { kind: 'loaded', url, catalogue: parsed.catalogue, skippedCount: parsed.skippedCount, rankingIssues: parsed.rankingIssues, contentHash, etag };
}

function parseWholeText(whole: string, baseUrl: string): CatalogueParseResult {
  let text = whole;
  const json = parseJsonText(text);
  if (json.kind === 'not-json') return { kind: 'invalid', problem: json.problem };
  // Parsed: the text is garbage now, and validation lets each parsed item go as it copies it, so
  // the worker never holds the text, the parsed JSON and the validated items all at once.
  text = '';
  return parseCatalogue(json.json, { baseUrl, consume: true });
}

function failed(error: CatalogueLoadError): { readonly kind: 'failed'; readonly error: CatalogueLoadError } {
  return { kind: 'failed', error };
}
