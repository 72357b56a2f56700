import { DEFAULT_CATALOGUE_LIMITS } from './catalogue-limits';
import { CatalogueItemValidator, checkCatalogueHeader, parseJsonText, type CatalogueParseResult, type CatalogueProblem, type ParseCatalogueOptions } from './parse-catalogue';

/**
 * Items are parsed in batches of about this many characters (some 80 items). Small batches are
 * cheaper in all than large ones, not dearer: what JSON.parse makes of one dies young, before
 * the garbage collector has to move it (100k items in Node: 0.48 s to parse and validate in 32 KB
 * batches, 1.05 s in 512 KB ones).
 */
const BATCH_CHARS = 1 << 15;
/** A top-level key longer than this (raw, escapes included) cannot spell "items". */
const MAX_KEY_CHARS = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

export interface CatalogueStreamOptions extends Pick<ParseCatalogueOptions, 'baseUrl' | 'limits'> {
  /** Characters per parsed batch of items (tests make it small to cut everywhere). */
  readonly batchChars?: number;
}

/**
 * Parses and validates a catalogue file while it downloads: the same result as
 * `parseCatalogueText` on the whole text (property-tested), without ever holding the whole text.
 *
 * A scan over each decoded piece finds the top-level `"items"` array and cuts its elements into
 * batches at the commas between them; each batch is parsed by JSON.parse (as `[` + batch + `]`)
 * and validated as soon as it is complete. Everything outside the items array (format, id, ranking
 * priors…) is kept as text with an empty array in the items' place and parsed at the end. Every
 * character of the file lands in exactly one of those JSON.parse calls, so a file that is not JSON
 * is refused as `not-json`, whatever part is broken; a repeated "items" key keeps the last one, as
 * JSON.parse does.
 */
export class CatalogueStreamParser {
  private depth = 0;
  private topIsObject = false;
  private inString = false;
  /** The previous piece ended on a backslash inside a string. */
  private escaped = false;
  /** A string at depth 1 (a key, perhaps) is being read; its raw text so far, while it is short. */
  private readingKey = false;
  private keyParts: string[] = [];
  private keyChars = 0;
  private lastKey: string | null = null;
  /** The key whose value comes next (after its colon), at depth 1. */
  private pendingKey: string | null = null;
  private inItems = false;
  private itemsSeen = false;
  /** Text outside the items array's elements. */
  private readonly header: string[] = [];
  /** Text of the items batch being read. */
  private batch: string[] = [];
  private batchLength = 0;
  /** A batch was cut at a comma: the next batch must hold an element. */
  private cut = false;
  private validator: CatalogueItemValidator;
  private problem: CatalogueProblem | null = null;

  private readonly batchChars: number;

  constructor(private readonly options: CatalogueStreamOptions = {}) {
    this.validator = new CatalogueItemValidator({ ...options, consume: true });
    this.batchChars = options.batchChars ?? BATCH_CHARS;
  }

  push(piece: string): void {
    if (this.problem !== null) return;
    const length = piece.length;
    // Where the current segment (header or batch text) and the key being read began in this piece.
    let segment = 0;
    let keyFrom = 0;
    let i = 0;
    // Next backslash at or after i in this piece (length when none): strings are skipped with
    // indexOf, and most catalogue text has no escapes at all.
    let backslash = -1;
    if (this.escaped && length > 0) {
      this.escaped = false;
      i = 1;
    }
    while (i < length) {
      if (this.inString) {
        if (backslash < i) {
          backslash = piece.indexOf('\\', i);
          if (backslash < 0) backslash = length;
        }
        let quote = piece.indexOf('"', i);
        if (quote < 0) quote = length;
        if (backslash < quote) {
          if (backslash + 1 >= length) this.escaped = true;
          i = backslash + 2;
        } else if (quote === length) {
          i = length;
        } else {
          this.inString = false;
          if (this.readingKey) this.endKey(piece.slice(keyFrom, quote));
          i = quote + 1;
        }
        continue;
      }
      const c = piece.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.topIsObject) {
          this.readingKey = true;
          keyFrom = i + 1;
          this.lastKey = null;
          this.pendingKey = null;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth === 0) this.topIsObject = c === OPEN_BRACE;
        else if (this.depth === 1 && c === OPEN_BRACKET && this.pendingKey === 'items' && this.topIsObject) {
          this.header.push(piece.slice(segment, i + 1));
          segment = i + 1;
          this.startItems();
        }
        if (this.depth === 1) this.pendingKey = null;
        this.depth += 1;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth -= 1;
        if (this.inItems && this.depth === 1) {
          this.batch.push(piece.slice(segment, i));
          segment = i;
          this.flushBatch(false);
          this.inItems = false;
          if (this.problem !== null) return;
        }
      } else if (c === COMMA) {
        if (this.inItems && this.depth === 2 && this.batchLength + i - segment >= this.batchChars) {
          this.batch.push(piece.slice(segment, i));
          segment = i + 1;
          this.flushBatch(true);
          if (this.problem !== null) return;
        }
        if (this.depth === 1) this.pendingKey = null;
      } else if (c === COLON) {
        if (this.depth === 1) this.pendingKey = this.lastKey === null ? null : decodeKey(this.lastKey);
      } else if (c > 32 && this.depth === 1) {
        this.pendingKey = null;
      }
      i += 1;
    }
    if (this.inString && this.readingKey) {
      this.keyParts.push(piece.slice(keyFrom));
      this.keyChars += length - keyFrom;
      // Too long to spell "items", even escaped: stop keeping it.
      if (this.keyChars > MAX_KEY_CHARS) this.endKey('');
    }
    const rest = piece.slice(segment);
    if (this.inItems) {
      this.batch.push(rest);
      this.batchLength += rest.length;
    }
    else this.header.push(rest);
  }

  /** The catalogue, once the whole file has been pushed. */
  finish(): CatalogueParseResult {
    if (this.problem !== null) return { kind: 'invalid', problem: this.problem };
    const parsed = parseJsonText(this.header.join(''));
    if (parsed.kind === 'not-json') return { kind: 'invalid', problem: parsed.problem };
    this.header.length = 0;
    const header = checkCatalogueHeader(parsed.json, this.options.limits ?? DEFAULT_CATALOGUE_LIMITS);
    if (header.kind === 'invalid') return header;
    // No items array was streamed (it cannot have been the header's): validate the header's own.
    if (!this.itemsSeen) for (const raw of header.fields.items as unknown[]) this.validator.add(raw);
    return this.validator.finish(header);
  }

  private endKey(last: string): void {
    const raw = this.keyParts.join('') + last;
    this.lastKey = raw.length > MAX_KEY_CHARS ? null : raw;
    this.readingKey = false;
    this.keyParts = [];
    this.keyChars = 0;
  }

  private startItems(): void {
    // A repeated "items" key: JSON.parse keeps the last value, so only the last array counts.
    if (this.itemsSeen) this.validator = new CatalogueItemValidator({ ...this.options, consume: true });
    this.itemsSeen = true;
    this.inItems = true;
    this.cut = false;
    this.batch = [];
    this.batchLength = 0;
  }

  /** Parses and validates the batch read so far; `atComma`: it was cut at a comma between two elements. */
  private flushBatch(atComma: boolean): void {
    const text = this.batch.join('');
    this.batch = [];
    this.batchLength = 0;
    const parsed = parseJsonText(`[${text}]`);
    if (parsed.kind === 'not-json') {
      this.problem = parsed.problem;
      return;
    }
    const batch = parsed.json as unknown[];
    // A comma we cut at must sit between two elements (`[a,]`, `[,a]` and `[a,,b]` are not JSON).
    if (batch.length === 0 && (atComma || this.cut)) {
      this.problem = { kind: 'not-json', detail: 'Unexpected "," in the items array' };
      return;
    }
    this.cut = atComma;
    for (let index = 0; index < batch.length; index += 1) {
      this.validator.add(batch[index]);
      batch[index] = undefined;
    }
  }
}

function decodeKey(raw: string): string | null {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}

