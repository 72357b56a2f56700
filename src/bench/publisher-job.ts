/**
 * One measured run of the publisher's aggregate job (popularity + neighbours, no tuning) on a
 * log file, in its own process so its peak RSS is its own: prints one JSON line.
 *   node --import tsx src/bench/publisher-job.ts <log.parquet> <items> [duckdb|memory] [memory limit, e.g. 500MB]
 */
import { buildFromLogs, DEFAULT_LOG_BUILD_OPTIONS } from '../publisher/build-from-logs';
import { DuckSession, sqlString } from '../publisher/duckdb-session';
import { itemAggregates } from '../core/collab/item-aggregates';
import type { LoggedInteraction, Polarity } from '../core/collab/interaction-log';
import { syntheticItemIds } from './synthetic-log';

const [path, itemCount, engine = 'duckdb', memoryLimit] = process.argv.slice(2);
if (path === undefined || itemCount === undefined) throw new Error('usage: publisher-job.ts <log.parquet> <items> [duckdb|memory]');
const items = syntheticItemIds(Number(itemCount)).map((id) => ({ id, title: id, tags: [] }));
const started = performance.now();
let neighbours = 0;
let pairs = 0;
if (engine === 'duckdb') {
  const duck = memoryLimit === undefined ? DEFAULT_LOG_BUILD_OPTIONS.duck : { ...DEFAULT_LOG_BUILD_OPTIONS.duck, memoryLimit };
  const { aggregates, report } = await buildFromLogs(items, { ...DEFAULT_LOG_BUILD_OPTIONS, inputs: [path], tune: false, duck });
  neighbours = aggregates.neighbors.size;
  pairs = report.aggregates.pairs;
} else {
  // The in-memory core path (what the offline evaluation uses): the log read into JS first.
  const duck = await DuckSession.open();
  const rows = await duck.rows(`SELECT user, item, kind, timestamp FROM read_parquet(${sqlString(path)})`);
  duck.close();
  const ids = new Map<string, number>();
  const log: LoggedInteraction[] = rows.map((row) => {
    const user = String(row.user);
    let id = ids.get(user);
    if (id === undefined) ids.set(user, (id = ids.size));
    const kind = String(row.kind);
    return { user: id, item: String(row.item), polarity: (kind === 'dislike' ? -1 : 1) as Polarity, at: Number(row.timestamp) * 1000 };
  });
  neighbours = itemAggregates(log).neighbors.size;
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ engine, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, itemsWithNeighbors: neighbours, pairs }));
