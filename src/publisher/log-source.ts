import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PublisherError } from './publisher-error';
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

/** Which rows are positive engagement (they make neighbours), which negative, the rest neutral. */
export type PolarityRule =
  | { readonly kind: 'kinds'; readonly positive: readonly string[] | 'all-other'; readonly negative: readonly string[] }
  | { readonly kind: 'rating'; readonly positive: number; readonly negative: number };

export interface LogInput {
  readonly inputs: readonly string[];
  /** Column names as mapped by the operator; unmapped roles use these names if present. */
  readonly columns: Partial<LogColumns>;
  readonly polarity?: PolarityRule;
  /** Prepended to the log's item ids to match the catalogue's (a log of bare numbers, say). */
  readonly itemPrefix: string;
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
}

type Format = 'csv' | 'json' | 'parquet';

const FORMAT_BY_SUFFIX: ReadonlyArray<readonly [RegExp, Format]> = [
  [/\.(csv|tsv|txt)(\.gz|\.zst)?$/i, 'csv'],
  [/\.(jsonl|ndjson|json)(\.gz|\.zst)?$/i, 'json'],
  [/\.parquet$/i, 'parquet'],
];

export async function loadLog(duck: DuckSession, input: LogInput): Promise<LogSummary> {
  const { format, patterns, files } = resolveInputs(input.inputs);
  const source = sourceSql(format, patterns, true);
  const found = (await duck.rows(`DESCRIBE SELECT * FROM ${sourceSql(format, patterns, false)}`)).map((row) => String(row.column_name));
  const columns = mapColumns(input.columns, found);
  const polarity = input.polarity ?? defaultPolarity(columns);

  await duck.run(`CREATE OR REPLACE TEMP TABLE raw_log AS SELECT
      ${text(columns.user)} AS user_key,
      ${sqlString(input.itemPrefix)} || ${text(columns.item)} AS item,
      ${polaritySql(polarity, columns)} AS polarity,
      ${columns.timestamp === undefined ? 'CAST(0 AS BIGINT)' : timeSql(columns.timestamp)} AS ts
    FROM ${source}`);
  const counts = (await duck.rows(`SELECT count(*) AS rows,
      count(*) FILTER (WHERE user_key IS NULL OR user_key = '' OR item IS NULL OR item = ${sqlString(input.itemPrefix)} OR polarity IS NULL OR ts IS NULL) AS bad
    FROM raw_log`))[0]!;
  const rejected = format === 'csv' ? Number(await duck.scalar(`SELECT count(*) FROM (SELECT DISTINCT scan_id, file_id, line FROM reject_errors)`)) : 0;
  const rows = Number(counts.rows) + rejected;
  const badRows = Number(counts.bad) + rejected;
  if (rows - badRows === 0) throw new PublisherError({ kind: 'no-rows', input: input.inputs.join(' ') });
  if (badRows / rows > input.maxBadRowShare) throw new PublisherError({ kind: 'too-many-bad-rows', bad: badRows, total: rows, limit: input.maxBadRowShare });

  // Raw user ids become dense numbers here and go no further.
  await duck.run(`CREATE OR REPLACE TEMP TABLE users AS SELECT user_key, CAST(row_number() OVER (ORDER BY user_key) AS INTEGER) AS uid
    FROM (SELECT DISTINCT user_key FROM raw_log WHERE user_key IS NOT NULL AND user_key <> '')`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE keyed_log AS SELECT u.uid, r.item, r.polarity, r.ts
    FROM raw_log r JOIN users u USING (user_key)
    WHERE r.item IS NOT NULL AND r.item <> ${sqlString(input.itemPrefix)} AND r.polarity IS NOT NULL AND r.ts IS NOT NULL`);
  for (const name of ['raw_log', 'users']) await duck.run(`DROP TABLE ${name}`);
  await collapse(duck, 'keyed_log');
  const sizes = (await duck.rows(`SELECT count(*) AS pairs, count(DISTINCT uid) AS users, count(DISTINCT iid) AS items, count(*) FILTER (WHERE polarity = 1) AS positives FROM log`))[0]!;
  return {
    files,
    rows,
    badRows,
    users: Number(sizes.users),
    items: Number(sizes.items),
    pairs: Number(sizes.pairs),
    positives: Number(sizes.positives),
    hasTime: columns.timestamp !== undefined,
    polarity: columns.kind === undefined && polarity.kind === 'kinds' ? 'no kind or rating column: every row is positive engagement' : describePolarity(polarity),
  };
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

function resolveInputs(inputs: readonly string[]): { format: Format; patterns: string[]; files: number } {
  const patterns: string[] = [];
  let format: Format | undefined;
  let files = 0;
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      // A folder (Hive-partitioned or not): every data file below it, of the one format found.
      const found = listFiles(input);
      const dataFiles = found.filter((file) => formatOf(file) !== undefined);
      if (dataFiles.length === 0) throw new PublisherError({ kind: 'no-files', input });
      const formats = new Set(dataFiles.map((file) => formatOf(file)!));
      if (formats.size > 1) throw new PublisherError({ kind: 'bad-option', option: '--interactions', detail: `${input} mixes ${[...formats].join(' and ')} files` });
      format = checkSame(format, [...formats][0]!, input);
      patterns.push(...dataFiles);
      files += dataFiles.length;
      continue;
    }
    const own = formatOf(input);
    if (own === undefined) throw new PublisherError({ kind: 'unknown-format', input });
    format = checkSame(format, own, input);
    if (/[*?[]/.test(input) ? !globMatchesAny(input) : !existsSync(input)) throw new PublisherError({ kind: 'no-files', input });
    patterns.push(input);
    files += 1;
  }
  if (format === undefined || patterns.length === 0) throw new PublisherError({ kind: 'no-files', input: inputs.join(' ') });
  return { format, patterns, files };
}

function checkSame(current: Format | undefined, next: Format, input: string): Format {
  if (current !== undefined && current !== next) throw new PublisherError({ kind: 'bad-option', option: '--interactions', detail: `${input} is ${next}, the other inputs ${current}` });
  return next;
}

// Whether a glob (logs/*.csv, logs/**/day=*/*.parquet) names at least one file, as DuckDB would read it.
export function globMatchesAny(pattern: string): boolean {
  const parts = pattern.split('/');
  const firstWild = parts.findIndex((part) => /[*?[]/.test(part));
  const base = parts.slice(0, firstWild).join('/') || (pattern.startsWith('/') ? '/' : '.');
  if (!existsSync(base) || !statSync(base).isDirectory()) return false;
  const source = parts
    .slice(firstWild)
    .map((part) => (part === '**' ? '(?:.*/)?' : `${part.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`))
    .join('')
    .replace(/\/$/, '');
  const matcher = new RegExp(`^${source}$`);
  const prefix = base === '.' ? '' : `${base.replace(/\/$/, '')}/`;
  return listFiles(base).some((file) => matcher.test((prefix === '' ? file : file.slice(prefix.length)).replace(/\\/g, '/')));
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('_')) out.push(path);
  }
  return out.sort();
}

function formatOf(path: string): Format | undefined {
  return FORMAT_BY_SUFFIX.find(([pattern]) => pattern.test(path))?.[1];
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
  const required = (role: 'user' | 'item'): string => {
    const name = mapped[role] ?? DEFAULT_COLUMN_NAMES[role];
    const column = present(name);
    if (column === undefined) throw new PublisherError({ kind: 'missing-column', role, column: name, found });
    return column;
  };
  const optional = (role: 'kind' | 'rating' | 'timestamp'): string | undefined => {
    const name = mapped[role];
    if (name === undefined) return present(DEFAULT_COLUMN_NAMES[role]);
    const column = present(name);
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
