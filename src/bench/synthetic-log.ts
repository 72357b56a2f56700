import { DuckSession, sqlString } from '../publisher/duckdb-session';

/**
 * Interaction logs with the shape of a real site's, written by DuckDB straight to Parquet:
 *   - 100,000 items in 200 topics; users mostly stay in a home topic (60%) and otherwise follow
 *     a global Zipf-like popularity, so co-engagement has structure to find;
 *   - user activity is heavy-tailed (a few users with thousands of events, most with a handful);
 *   - kinds: 70% view, 23% like, 5% purchase, 2% dislike; timestamps over one year.
 * Randomness comes from hash(row, stream, seed): the same seed writes the same file.
 */
export interface SyntheticLogOptions {
  readonly events: number;
  readonly items: number;
  readonly eventsPerUser: number;
  readonly seed: number;
}

export const DEFAULT_SYNTHETIC_LOG: Omit<SyntheticLogOptions, 'events'> = { items: 100_000, eventsPerUser: 20, seed: 1 };

const TOPICS = 200;

export async function writeSyntheticLog(path: string, options: SyntheticLogOptions): Promise<void> {
  const users = Math.max(1, Math.round(options.events / options.eventsPerUser));
  const perTopic = Math.max(1, Math.floor(options.items / TOPICS));
  const u = (stream: number): string => `((hash(i, ${stream}, ${Math.trunc(options.seed)}) % 1000000007) / 1000000007.0)`;
  const duck = await DuckSession.open({ memoryLimit: '2GB' });
  try {
    await duck.run(`COPY (
      WITH draws AS (
        SELECT i, CAST(floor(${users} * pow(${u(1)}, 1.6)) AS BIGINT) AS user_id, ${u(2)} AS r_topic, ${u(3)} AS r_item, ${u(4)} AS r_kind, ${u(5)} AS r_time
        FROM range(${Math.trunc(options.events)}) t(i))
      SELECT 'u' || user_id AS user,
        'i' || CASE WHEN r_topic < 0.6
          THEN (hash(user_id, 9) % ${TOPICS}) * ${perTopic} + CAST(floor(${perTopic} * pow(r_item, 3)) AS BIGINT)
          ELSE CAST(floor(${options.items} * pow(r_item, 4)) AS BIGINT) END AS item,
        CASE WHEN r_kind < 0.02 THEN 'dislike' WHEN r_kind < 0.07 THEN 'purchase' WHEN r_kind < 0.30 THEN 'like' ELSE 'view' END AS kind,
        CAST(1600000000 + floor(r_time * 31536000) AS BIGINT) AS timestamp
      FROM draws
    ) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    duck.close();
  }
}

/** The catalogue's item ids for such a log. */
export function syntheticItemIds(items: number): string[] {
  return Array.from({ length: items }, (_, i) => `i${i}`);
}
