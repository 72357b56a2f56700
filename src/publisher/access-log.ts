import { randomBytes } from 'node:crypto';
import { sqlString, type DuckSession } from './duckdb-session';

/**
 * A web server's access log as an interaction log (`catalog build --format access-log`): the
 * combined format nginx and Apache write by default (the common format, without referrer and
 * agent, too), plain or gzip, several files. Each page view by a reader is a positive:
 * - the reader is a keyed hash of IP and user agent; the key is random for each build and never
 *   written anywhere, and the hash itself stays inside DuckDB (it becomes a dense number there);
 * - known bots (KNOWN_BOT_AGENTS), requests other than GET, error statuses (anything but 2xx and
 *   304) and static files (STATIC_FILE) are dropped and counted;
 * - the path, without its query string, is what names the item (matched to the catalogue's
 *   `url`s by log-source.ts, as `--item-key url` does).
 * Leaves raw_log(user_key, item, polarity, ts) in `duck`.
 */
export const KNOWN_BOT_AGENTS: readonly string[] = [
  'bot', 'crawl', 'spider', 'slurp', 'archiver', 'facebookexternalhit', 'embedly', 'preview', 'monitor', 'uptime', 'pingdom',
  'curl', 'wget', 'python-requests', 'python-urllib', 'go-http-client', 'okhttp', 'java/', 'libwww', 'httpclient', 'headlesschrome',
  'phantomjs', 'lighthouse', 'scrapy', 'feedfetcher', 'feedparser',
];

const STATIC_FILE = String.raw`\.(css|js|mjs|map|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|otf|eot|mp3|mp4|webm|pdf|zip|gz|xml|json|txt|webmanifest)$`;

// One quoted field of the log line: nginx escapes a quote inside as \".
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const COMBINED = String.raw`^(\S+) \S+ \S+ \[([^\]]+)\] ` + QUOTED + String.raw` (\d{3}) (\S+)(?: ` + QUOTED + ' ' + QUOTED + ')?';

export interface AccessLogCounts {
  readonly lines: number;
  /** Not in the common or combined format (or with a time that does not parse). */
  readonly malformed: number;
  readonly bots: number;
  readonly notGet: number;
  readonly errorStatus: number;
  readonly staticFiles: number;
  /** Page views kept. */
  readonly views: number;
}

export async function readAccessLog(duck: DuckSession, files: readonly string[]): Promise<AccessLogCounts> {
  const list = `[${files.map(sqlString).join(', ')}]`;
  // Whole lines: a delimiter that never occurs in a log, no quoting.
  await duck.run(`CREATE OR REPLACE TEMP TABLE access_lines AS
    SELECT regexp_extract(line, ${sqlString(COMBINED)}, ['ip', 'time', 'request', 'status', 'bytes', 'referer', 'agent']) AS m
    FROM read_csv(${list}, columns = {'line': 'VARCHAR'}, header = false, delim = ${sqlString('\u0001')}, quote = '', escape = '',
      auto_detect = false, compression = 'auto', strict_mode = false, null_padding = true)`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE access_parsed AS SELECT
      nullif(m.ip, '') AS ip,
      epoch_ms(try_strptime(m.time, '%d/%b/%Y:%H:%M:%S %z')) AS ts,
      regexp_extract(m.request, '^(\\S+)', 1) AS method,
      regexp_extract(m.request, '^\\S+ (\\S+)', 1) AS target,
      TRY_CAST(m.status AS INTEGER) AS status,
      coalesce(m.agent, '') AS agent
    FROM access_lines`);
  const bot = `(regexp_matches(lower(agent), ${sqlString(KNOWN_BOT_AGENTS.map(escapeRegex).join('|'))}) OR agent IN ('', '-'))`;
  const path = `regexp_replace(target, '[?#].*$', '')`;
  const counts = (
    await duck.rows(`SELECT count(*) AS lines,
      count(*) FILTER (WHERE ip IS NULL OR ts IS NULL) AS malformed,
      count(*) FILTER (WHERE ip IS NOT NULL AND ts IS NOT NULL AND ${bot}) AS bots,
      count(*) FILTER (WHERE ip IS NOT NULL AND ts IS NOT NULL AND NOT (${bot}) AND method <> 'GET') AS not_get,
      count(*) FILTER (WHERE ip IS NOT NULL AND ts IS NOT NULL AND NOT (${bot}) AND method = 'GET' AND NOT (status BETWEEN 200 AND 299 OR status = 304)) AS error_status,
      count(*) FILTER (WHERE ip IS NOT NULL AND ts IS NOT NULL AND NOT (${bot}) AND method = 'GET' AND (status BETWEEN 200 AND 299 OR status = 304)
        AND regexp_matches(lower(${path}), ${sqlString(STATIC_FILE)})) AS static_files
    FROM access_parsed`)
  )[0]!;
  // The key lives in this query's text only: a session cannot be recomputed from the output.
  const key = randomBytes(32).toString('hex');
  await duck.run(`CREATE OR REPLACE TEMP TABLE raw_log AS SELECT
      sha256(${sqlString(key)} || chr(0) || ip || chr(0) || agent) AS user_key,
      ${path} AS item, CAST(1 AS TINYINT) AS polarity, ts
    FROM access_parsed
    WHERE ip IS NOT NULL AND ts IS NOT NULL AND NOT (${bot}) AND method = 'GET' AND (status BETWEEN 200 AND 299 OR status = 304)
      AND NOT regexp_matches(lower(${path}), ${sqlString(STATIC_FILE)})`);
  for (const name of ['access_lines', 'access_parsed']) await duck.run(`DROP TABLE ${name}`);
  const lines = Number(counts.lines);
  const malformed = Number(counts.malformed);
  const bots = Number(counts.bots);
  const notGet = Number(counts.not_get);
  const errorStatus = Number(counts.error_status);
  const staticFiles = Number(counts.static_files);
  return { lines, malformed, bots, notGet, errorStatus, staticFiles, views: lines - malformed - bots - notGet - errorStatus - staticFiles };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
