import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itemAggregates, withAggregates } from '../../src/core/collab/item-aggregates';
import { movieLensInteractions, movieLensItems } from '../../src/core/datasets/movielens';
import { evaluate } from '../../src/core/eval/evaluate';
import { DEFAULT_SPLIT_OPTIONS, splitInteractions } from '../../src/core/eval/split';
import { buildCatalogueIndex } from '../../src/core/index/catalogue-index';
import { readMovieLens } from '../../src/cli/read-movielens';
import { buildFromLogs, DEFAULT_LOG_BUILD_OPTIONS } from '../../src/publisher/build-from-logs';
import { DuckSession } from '../../src/publisher/duckdb-session';
import { loadLogRows } from '../../src/publisher/log-source';
import { COLD_SHARE, splitLoadedLog } from '../../src/publisher/tune-on-log';
import { RAMP_LENGTHS } from '../../src/core/eval/tune-ramp';

const dataset = '../shared/datasets/movielens-latest-small';
const dir = mkdtempSync(join(tmpdir(), 'sift-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(existsSync(dataset))('the publisher toolkit on MovieLens agrees with the in-memory evaluation path', () => {
  const read = readMovieLens(dataset);
  if (read.kind !== 'ok') throw new Error(read.message);
  const { data } = read;
  const log = movieLensInteractions(data.ratings);
  const standard = splitInteractions(log);
  const items = movieLensItems(data, data.ratings);

  it('a catalogue built from the training split with DuckDB gives the same eval figures (±0.002 NDCG@10)', async () => {
    // The training split as a site would export it: a CSV of ratings.
    const csv = join(dir, 'train.csv');
    const rating = { 1: 5, 0: 3, [-1]: 1 } as const;
    writeFileSync(csv, `userId,movieId,rating,timestamp\n${standard.train.map((r) => `${r.user},${r.item.slice(3)},${rating[r.polarity]},${r.at / 1000}`).join('\n')}\n`);
    const built = await buildFromLogs(items, {
      ...DEFAULT_LOG_BUILD_OPTIONS,
      inputs: [csv],
      columns: { user: 'userId', item: 'movieId', rating: 'rating', timestamp: 'timestamp' },
      itemPrefix: 'ml-',
      tune: false,
    });
    const memory = itemAggregates(standard.train);
    expect(built.aggregates.popularity).toEqual(memory.popularity);
    const same = [...memory.neighbors].filter(([item, list]) => JSON.stringify(built.aggregates.neighbors.get(item)) === JSON.stringify(list)).length;
    expect(same / memory.neighbors.size).toBeGreaterThan(0.99);

    const users = standard.users.slice(0, 300);
    const scores = (aggregates: typeof memory) => evaluate(buildCatalogueIndex(withAggregates(items, aggregates)), users, ['itemknn', 'sift'], 1);
    const fromDuck = scores(built.aggregates);
    const inMemory = scores(memory);
    expect(Math.abs(fromDuck.sift!['ndcg@10'] - inMemory.sift!['ndcg@10'])).toBeLessThanOrEqual(0.002);
    expect(Math.abs(fromDuck.itemknn!['ndcg@10'] - inMemory.itemknn!['ndcg@10'])).toBeLessThanOrEqual(0.002);
  }, 120_000);

  it('the SQL validation split is the evaluation protocol\'s, user by user (warm and cold start), and no cold user\'s later rows train anything', async () => {
    const duck = await DuckSession.open();
    try {
      await loadLogRows(duck, standard.train);
      const sql = await splitLoadedLog(duck, { tuneUsers: 10_000, coldEvents: 3, seed: 1 });
      const warm = splitInteractions(standard.train, DEFAULT_SPLIT_OPTIONS);
      const cold = splitInteractions(standard.train, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: 3 });
      const plain = (u: (typeof warm.users)[number]) => ({ userId: u.userId, events: u.events, test: [...u.test].sort(), now: u.now });
      // Every user is a warm validation user; one in COLD_SHARE is a cold one too.
      expect(sql.warm.map(plain)).toEqual(warm.users.map(plain));
      const coldAll = new Map(cold.users.map((u) => [u.userId, plain(u)]));
      for (const u of sql.cold) expect(plain(u)).toEqual(coldAll.get(u.userId));
      expect(Math.abs(sql.cold.length - cold.users.length / COLD_SHARE)).toBeLessThan(0.1 * cold.users.length);
      // The cold start's catalogue: everyone's training rows, but of a cold user only their first 3.
      const count = async (table: string): Promise<Map<number, number>> => new Map((await duck.rows(`SELECT uid, count(*) AS n FROM ${table} GROUP BY uid`)).map((row) => [Number(row.uid), Number(row.n)]));
      const [all, coldOnly] = [await count('val_train'), await count('val_train_cold')];
      const coldIds = new Set(sql.cold.map((u) => u.userId));
      for (const u of warm.users) {
        expect(all.get(u.userId)).toBe(u.train.length);
        expect(coldOnly.get(u.userId)).toBe(coldIds.has(u.userId) ? Math.min(3, u.train.length) : u.train.length);
      }
      // The ramp's readers: the cold users again at each length they reach, as the protocol cuts them there.
      for (const length of RAMP_LENGTHS) {
        const atLength = new Map(splitInteractions(standard.train, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: length }).users.filter((u) => u.train.length === length).map((u) => [u.userId, plain(u)]));
        const sqlAt = sql.middle.filter((u) => u.events.length === length);
        expect(sqlAt.length).toBeGreaterThan(0);
        expect(sqlAt.map(plain)).toEqual(sqlAt.map((u) => atLength.get(u.userId)));
        expect(new Set(sqlAt.map((u) => u.userId))).toEqual(new Set([...coldIds].filter((id) => atLength.has(id))));
      }
    } finally {
      duck.close();
    }
  }, 60_000);
});
