import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckSession, sqlString } from '../../src/publisher/duckdb-session';

/**
 * A log small enough to work out by hand (README "Catalogues from your own logs" walks through it):
 *   u1 likes a, b, c · u2 likes a, b · u3 likes a, b · u4 likes a, c · u5 likes b, c and dislikes a
 *   u6 views d · u2 views a again (a repeat: collapsed)
 */
export const HAND_LOG: ReadonlyArray<readonly [user: string, item: string, kind: string, seconds: number]> = [
  ['u1', 'a', 'like', 1_600_000_000],
  ['u1', 'b', 'like', 1_600_000_100],
  ['u1', 'c', 'like', 1_600_000_200],
  ['u2', 'a', 'like', 1_600_000_300],
  ['u2', 'b', 'like', 1_600_000_400],
  ['u2', 'a', 'view', 1_600_000_450],
  ['u3', 'a', 'like', 1_600_000_500],
  ['u3', 'b', 'like', 1_600_000_600],
  ['u4', 'a', 'like', 1_600_000_700],
  ['u4', 'c', 'like', 1_600_000_800],
  ['u5', 'b', 'like', 1_600_000_900],
  ['u5', 'c', 'like', 1_600_001_000],
  ['u5', 'a', 'dislike', 1_600_001_100],
  ['u6', 'd', 'view', 1_600_001_200],
];

/** The same log as CSV (epoch seconds), gzipped JSON Lines (ISO times) and Parquet (epoch ms, other column names). */
export async function writeHandLog(dir: string): Promise<{ csv: string; jsonlGz: string; parquet: string }> {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, 'log.csv');
  writeFileSync(csv, `user,item,kind,timestamp\n${HAND_LOG.map((r) => r.join(',')).join('\n')}\n`);
  const jsonlGz = join(dir, 'log.jsonl.gz');
  const lines = HAND_LOG.map(([user, item, kind, seconds]) => JSON.stringify({ user, item, kind, timestamp: new Date(seconds * 1000).toISOString() }));
  writeFileSync(jsonlGz, gzipSync(`${lines.join('\n')}\n`));
  const parquet = join(dir, 'log.parquet');
  const duck = await DuckSession.open();
  try {
    const values = HAND_LOG.map(([user, item, kind, seconds]) => `(${sqlString(user)}, ${sqlString(item)}, ${sqlString(kind)}, ${seconds * 1000})`).join(', ');
    await duck.run(`COPY (SELECT * FROM (VALUES ${values}) t(visitor, product, event, ms)) TO ${sqlString(parquet)} (FORMAT parquet)`);
  } finally {
    duck.close();
  }
  return { csv, jsonlGz, parquet };
}
