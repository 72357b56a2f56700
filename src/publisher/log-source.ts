import { canonicalUrl, catalogueSite, itemsByCanonicalUrl } from '../core/catalogue/canonical-url';
import { PublisherError } from './publisher-error';
import { readAccessLog, type AccessLogCounts } from './access-log';
import { resolveAccessLogFiles, resolveInputs, type Format } from './log-files';

export { globMatchesAny } from './log-files';
import { sqlIdentifier, sqlString, type DuckSession } from './duckdb-session';

/**
 * A site's interaction logs, read by DuckDB straight from the files (CSV, TSV, JSON Lines,
 * Parquet; gzip; globs; Hive-partitioned folders) into one normalised, collapsed table:
 *   log(uid INTEGER, iid INTEGER, polarity TINYINT, ts BIGINT)  and  items(iid, item)
 * one row per user and item. Raw user ids never leave DuckDB: they become dense numbers.
 */
export interface LogColumns {
  readonly user: string;
  readonly item: string;
  /** An event kind column (view, like, purchase…), or absent. */
  readonly kind?: string;
  /** A numeric rating column, or absent. */
  readonly rating?: string;
  /** Epoch seconds, epoch ms or an ISO date-time; needed to tune priors (the split is by time). */
  readonly timestamp?: string;
}

/**
 * How a log row names its item: by the catalogue's `id` (the default), or by the page's address,
 * matched to the catalogue's `url`s in canonical form (core/catalogue/canonical-url.ts), relative
 * paths resolved against `site` (default: the origin most catalogue URLs share).
 */
export type ItemKey = { readonly kind: 'id' } | { readonly kind: 'url'; readonly site?: string };

/** Which rows are positive engagement (they make neighbours), which negative, the rest neutral. */
export type PolarityRule =
  | { readonly kind: 'kinds'; readonly positive: readonly string[] | 'all-other'; readonly negative: readonly string[] }
  | { readonly kind: 'rating'; readonly positive: number; readonly negative: number };

export interface LogInput {
  readonly inputs: readonly string[];
  /** Column names as mapped by the operator; unmapped roles use these names if present. */
  readonly columns: Partial<LogColumns>;
  readonly polarity?: PolarityRule;
  /** Prepended to the log's item ids to match the catalogue's (a log of bare numbers, say); id keys only. */
  readonly itemPrefix: string;
  readonly itemKey: ItemKey;
  /** `table`: rows with named columns (CSV, JSON Lines, Parquet); `access-log`: a web server's combined log (access-log.ts). */
  readonly format: 'table' | 'access-log';
  /** Over this share of malformed rows the job stops. */
  readonly maxBadRowShare: number;
}

export const DEFAULT_COLUMN_NAMES = { user: 'user', item: 'item', kind: 'kind', rating: 'rating', timestamp: 'timestamp' } as const;
export const DEFAULT_NEGATIVE_KINDS = ['dislike', 'hide', 'skip', 'remove', 'return', 'unsubscribe'];

export interface LogSummary {
  readonly files: number;
  readonly rows: number;
  readonly badRows: number;
  readonly users: number;
  readonly items: number;
  /** One row per user and item after collapsing repeated events. */
  readonly pairs: number;
  readonly positives: number;
  readonly hasTime: boolean;
  /** How polarity was decided, in words (for the report). */
  readonly polarity: string;
  /** Well-formed rows, and those naming a catalogue item. */
  readonly validRows: number;
  readonly matchedRows: number;
  /** The log's most frequent item keys that name no catalogue item (canonical form for URL keys). */
  readonly topUnmatched: ReadonlyArray<{ readonly key: string; readonly rows: number }>;
  /** Under URL keys: the site relative paths were resolved against, and catalogue items sharing one canonical URL. */
  readonly site: string | null;
  readonly urlCollisions: number;
  /** For an access log: its lines, and what was dropped before the views were counted. */
  readonly accessLog: AccessLogCounts | null;
}

/** A catalogue item as the log is matched to it. */
export interface CatalogueKey {
  readonly id: string;
  readonly url?: string | undefined;
}

export async function loadLog(duck: DuckSession, input: LogInput, catalogue: readonly CatalogueKey[]): Promise<LogSummary> {
  await loadCatalogueIds(duck, catalogue.map((item) => item.id));
  const read = input.format === 'access-log' ? await readAccessLogInput(duck, input) : await readTables(duck, input);
  const { rows, badRows } = read;
  if (rows - badRows === 0) throw new PublisherError({ kind: 'no-rows', input: input.inputs.join(' ') });
  if (badRows / rows > input.maxBadRowShare) throw new PublisherError({ kind: 'too-many-bad-rows', bad: badRows, total: rows, limit: input.maxBadRowShare });
  const emptyItem = input.itemKey.kind === 'id' ? sqlString(input.itemPrefix) : "''";
  const keyed = input.itemKey.kind === 'url' ? await keyByUrl(duck, catalogue, input.itemKey.site) : { site: null, collisions: 0 };

  // Raw user ids become dense numbers here and go no further.
  await duck.run(`CREATE OR REPLACE TEMP TABLE users AS SELECT user_key, CAST(row_number() OVER (ORDER BY user_key) AS INTEGER) AS uid
    FROM (SELECT DISTINCT user_key FROM raw_log WHERE user_key IS NOT NULL AND user_key <> '')`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE keyed_log AS SELECT u.uid, r.item, r.polarity, r.ts
    FROM raw_log r JOIN users u USING (user_key)
    WHERE r.item IS NOT NULL AND r.item <> ${emptyItem} AND r.polarity IS NOT NULL AND r.ts IS NOT NULL`);
  for (const name of ['raw_log', 'users']) await duck.run(`DROP TABLE ${name}`);
  const matched = (await duck.rows(`SELECT count(*) AS valid, count(*) FILTER (WHERE item IN (SELECT item FROM catalogue_items)) AS matched FROM keyed_log`))[0]!;
  const topUnmatched = (
    await duck.rows(`SELECT item, count(*) AS n FROM keyed_log WHERE item NOT IN (SELECT item FROM catalogue_items) GROUP BY item ORDER BY n DESC, item LIMIT 5`)
  ).map((row) => ({ key: String(row.item), rows: Number(row.n) }));
  await collapse(duck, 'keyed_log');
  const sizes = (await duck.rows(`SELECT count(*) AS pairs, count(DISTINCT uid) AS users, count(DISTINCT iid) AS items, count(*) FILTER (WHERE polarity = 1) AS positives FROM log`))[0]!;
  return {
    files: read.files,
    rows,
    badRows,
    users: Number(sizes.users),
    items: Number(sizes.items),
    pairs: Number(sizes.pairs),
    positives: Number(sizes.positives),
    hasTime: read.hasTime,
    polarity: read.polarity,
    accessLog: read.accessLog,
    validRows: Number(matched.valid),
    matchedRows: Number(matched.matched),
    topUnmatched,
    site: keyed.site,
    urlCollisions: keyed.collisions,
  };
}

interface ReadLog {
  readonly files: number;
  readonly rows: number;
  readonly badRows: number;
  readonly hasTime: boolean;
  readonly polarity: string;
  readonly accessLog: AccessLogCounts | null;
}

/** Table-shaped logs into raw_log: each format read on its own (a CSV page-view log beside a JSON Lines one), then unioned. */
async function readTables(duck: DuckSession, input: LogInput): Promise<ReadLog> {
  const groups = resolveInputs(input.inputs);
  const parts: Array<{ sql: string; columns: LogColumns; polarity: PolarityRule }> = [];
  for (const group of groups) {
    const found = (await duck.rows(`DESCRIBE SELECT * FROM ${sourceSql(group.format, group.patterns, false)}`)).map((row) => String(row.column_name));
    const columns = mapColumns(input.columns, found);
    const polarity = input.polarity ?? defaultPolarity(columns);
    const item = input.itemKey.kind === 'id' ? `${sqlString(input.itemPrefix)} || ${text(columns.item)}` : text(columns.item);
    parts.push({
      columns,
      polarity,
      sql: `SELECT ${text(columns.user)} AS user_key, ${item} AS item, ${polaritySql(polarity, columns)} AS polarity,
        ${columns.timestamp === undefined ? 'CAST(0 AS BIGINT)' : timeSql(columns.timestamp)} AS ts
        FROM ${sourceSql(group.format, group.patterns, true)}`,
    });
  }
  await duck.run(`CREATE OR REPLACE TEMP TABLE raw_log AS ${parts.map((part) => part.sql).join(' UNION ALL ')}`);
  const emptyItem = input.itemKey.kind === 'id' ? sqlString(input.itemPrefix) : "''";
  const counts = (await duck.rows(`SELECT count(*) AS rows,
      count(*) FILTER (WHERE user_key IS NULL OR user_key = '' OR item IS NULL OR item = ${emptyItem} OR polarity IS NULL OR ts IS NULL) AS bad
    FROM raw_log`))[0]!;
  const rejected = groups.some((group) => group.format === 'csv') ? Number(await duck.scalar(`SELECT count(*) FROM (SELECT DISTINCT scan_id, file_id, line FROM reject_errors)`)) : 0;
  const polarities = new Set(parts.map((part) => (part.columns.kind === undefined && part.polarity.kind === 'kinds' ? 'no kind or rating column: every row is positive engagement' : describePolarity(part.polarity))));
  return {
    files: groups.reduce((sum, group) => sum + group.files, 0),
    rows: Number(counts.rows) + rejected,
    badRows: Number(counts.bad) + rejected,
    hasTime: parts.every((part) => part.columns.timestamp !== undefined),
    polarity: [...polarities].join('; '),
    accessLog: null,
  };
}

/** Access logs into raw_log: lines that are not a log line are the bad rows; bots, other methods, errors and static files are dropped, not bad. */
async function readAccessLogInput(duck: DuckSession, input: LogInput): Promise<ReadLog> {
  const files = resolveAccessLogFiles(input.inputs);
  const counts = await readAccessLog(duck, files);
  return { files: files.length, rows: counts.lines, badRows: counts.malformed, hasTime: true, polarity: 'access log: every page view is positive engagement', accessLog: counts };
}

/**
 * raw_log's item column, from page addresses to catalogue ids: each distinct address is put in
 * canonical form once (in JS, by the same function the tests pin down), the catalogue's own
 * `url`s likewise; an address naming no item keeps its canonical form (it is counted as unmatched).
 */
async function keyByUrl(duck: DuckSession, catalogue: readonly CatalogueKey[], givenSite: string | undefined): Promise<{ site: string | null; collisions: number }> {
  const site = givenSite ?? catalogueSite(catalogue.map((item) => item.url));
  const { ids, collisions } = itemsByCanonicalUrl(catalogue, site ?? undefined);
  await duck.run('CREATE OR REPLACE TEMP TABLE item_keys (raw VARCHAR, item VARCHAR)');
  const appender = await duck.connection.createAppender('item_keys');
  for (const row of await duck.rows(`SELECT DISTINCT item FROM raw_log WHERE item IS NOT NULL AND item <> ''`)) {
    const raw = String(row.item);
    const canonical = canonicalUrl(raw, site ?? undefined);
    appender.appendVarchar(raw);
    appender.appendVarchar(canonical === null ? raw : (ids.get(canonical) ?? canonical));
    appender.endRow();
  }
  appender.closeSync();
  await duck.run('CREATE OR REPLACE TEMP TABLE raw_log_keyed AS SELECT r.user_key, k.item, r.polarity, r.ts FROM raw_log r LEFT JOIN item_keys k ON k.raw = r.item');
  for (const name of ['raw_log', 'item_keys']) await duck.run(`DROP TABLE ${name}`);
  await duck.run('ALTER TABLE raw_log_keyed RENAME TO raw_log');
  return { site, collisions };
}

/** The log as given in memory (the offline evaluation hands its training part over this way). */
export async function loadLogRows(duck: DuckSession, rows: ReadonlyArray<{ readonly user: number; readonly item: string; readonly polarity: number; readonly at: number }>): Promise<void> {
  await duck.run('CREATE OR REPLACE TEMP TABLE given (uid INTEGER, item VARCHAR, polarity TINYINT, ts BIGINT)');
  const appender = await duck.connection.createAppender('given');
  for (const row of rows) {
    appender.appendInteger(row.user);
    appender.appendVarchar(row.item);
    appender.appendTinyInt(row.polarity);
    appender.appendBigInt(BigInt(Math.round(row.at)));
    appender.endRow();
  }
  appender.closeSync();
  await collapse(duck, 'given');
}

/**
 * `source` (uid, item, polarity, ts) → items(item, iid) and log(uid, iid, polarity, ts), one row
 * per user and item: repeated events collapse to the first time and the latest verdict.
 * Drops `source`.
 */
async function collapse(duck: DuckSession, source: string): Promise<void> {
  await duck.run(`CREATE OR REPLACE TEMP TABLE items AS SELECT item, CAST(row_number() OVER (ORDER BY item) AS INTEGER) AS iid FROM (SELECT DISTINCT item FROM ${source})`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE log AS SELECT s.uid, i.iid,
      CAST(coalesce(arg_max(s.polarity, s.ts) FILTER (WHERE s.polarity <> 0), 0) AS TINYINT) AS polarity, min(s.ts) AS ts
    FROM ${source} s JOIN items i USING (item) GROUP BY s.uid, i.iid`);
  await duck.run(`DROP TABLE ${source}`);
}

/** The catalogue's item ids, as table catalogue_items(item): only these may become neighbours. */
export async function loadCatalogueIds(duck: DuckSession, ids: readonly string[]): Promise<void> {
  await duck.run('CREATE OR REPLACE TEMP TABLE catalogue_items (item VARCHAR)');
  const appender = await duck.connection.createAppender('catalogue_items');
  for (const id of ids) {
    appender.appendVarchar(id);
    appender.endRow();
  }
  appender.closeSync();
}

/** `countRejects`: keep the CSV reader's rejected lines in reject_errors (the scan that reads, not the one that describes). */
function sourceSql(format: Format, patterns: readonly string[], countRejects: boolean): string {
  const list = `[${patterns.map(sqlString).join(', ')}]`;
  switch (format) {
    case 'csv':
      // Everything as text: the mapping below casts and counts what does not parse. (DuckDB
      // cannot keep rejects with union_by_name: CSV files of one log share their columns.)
      return `read_csv(${list}, header = true, all_varchar = true, ignore_errors = true${countRejects ? ', store_rejects = true' : ''})`;
    case 'json':
      // A malformed line becomes a row of NULLs, counted as bad below.
      return `read_ndjson(${list}, ignore_errors = true, union_by_name = true)`;
    case 'parquet':
      return `read_parquet(${list}, union_by_name = true)`;
  }
}

function mapColumns(mapped: Partial<LogColumns>, found: readonly string[]): LogColumns {
  const present = (name: string): string | undefined => found.find((column) => column === name) ?? found.find((column) => column.toLowerCase() === name.toLowerCase());
  // `item=page|url`: logs of different shapes read together may name one role differently.
  const firstPresent = (names: string): string | undefined => names.split('|').map((name) => present(name.trim())).find((column) => column !== undefined);
  const required = (role: 'user' | 'item'): string => {
    const name = mapped[role] ?? DEFAULT_COLUMN_NAMES[role];
    const column = firstPresent(name);
    if (column === undefined) throw new PublisherError({ kind: 'missing-column', role, column: name, found });
    return column;
  };
  const optional = (role: 'kind' | 'rating' | 'timestamp'): string | undefined => {
    const name = mapped[role];
    if (name === undefined) return present(DEFAULT_COLUMN_NAMES[role]);
    const column = firstPresent(name);
    if (column === undefined) throw new PublisherError({ kind: 'missing-column', role, column: name, found });
    return column;
  };
  const kind = optional('kind');
  const rating = optional('rating');
  const timestamp = optional('timestamp');
  return {
    user: required('user'),
    item: required('item'),
    ...(kind === undefined ? {} : { kind }),
    ...(rating === undefined ? {} : { rating }),
    ...(timestamp === undefined ? {} : { timestamp }),
  };
}

function defaultPolarity(columns: LogColumns): PolarityRule {
  if (columns.rating !== undefined && columns.kind === undefined) return { kind: 'rating', positive: 4, negative: 2 };
  return { kind: 'kinds', positive: 'all-other', negative: DEFAULT_NEGATIVE_KINDS };
}

function polaritySql(rule: PolarityRule, columns: LogColumns): string {
  if (rule.kind === 'rating') {
    if (columns.rating === undefined) throw new PublisherError({ kind: 'missing-column', role: 'rating', column: DEFAULT_COLUMN_NAMES.rating, found: [] });
    const r = `TRY_CAST(${text(columns.rating)} AS DOUBLE)`;
    return `CASE WHEN ${r} IS NULL THEN NULL WHEN ${r} >= ${rule.positive} THEN 1 WHEN ${r} <= ${rule.negative} THEN -1 ELSE 0 END`;
  }
  // No kind column: every row is engagement (a log of views or purchases only).
  if (columns.kind === undefined) return '1';
  const k = `lower(${text(columns.kind)})`;
  const list = (kinds: readonly string[]): string => `(${kinds.map((kind) => sqlString(kind.toLowerCase())).join(', ')})`;
  const negative = rule.negative.length === 0 ? 'FALSE' : `${k} IN ${list(rule.negative)}`;
  const positive = rule.positive === 'all-other' ? 'TRUE' : rule.positive.length === 0 ? 'FALSE' : `${k} IN ${list(rule.positive)}`;
  return `CASE WHEN ${k} IS NULL OR ${k} = '' THEN NULL WHEN ${negative} THEN -1 WHEN ${positive} THEN 1 ELSE 0 END`;
}

/** Epoch seconds or ms (told apart by size: 1e11 s is the year 5138, 1e11 ms 1973), or an ISO date-time. */
function timeSql(column: string): string {
  const t = text(column);
  const n = `TRY_CAST(${t} AS DOUBLE)`;
  return `CASE WHEN ${n} IS NOT NULL THEN CAST(CASE WHEN abs(${n}) < 1e11 THEN ${n} * 1000 ELSE ${n} END AS BIGINT)
    ELSE epoch_ms(TRY_CAST(${t} AS TIMESTAMPTZ)) END`;
}

/** A column as trimmed text (JSON columns of mixed types arrive quoted). */
function text(column: string): string {
  return `NULLIF(trim(trim(CAST(${sqlIdentifier(column)} AS VARCHAR)), '"'), '')`;
}

function describePolarity(rule: PolarityRule): string {
  if (rule.kind === 'rating') return `rating ≥ ${rule.positive} positive, ≤ ${rule.negative} negative`;
  const positive = rule.positive === 'all-other' ? 'every other kind' : rule.positive.join(', ');
  return `positive: ${positive}; negative: ${rule.negative.join(', ') || 'none'}`;
}
