import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { DEFAULT_COOCCURRENCE_OPTIONS, DEFAULT_NEIGHBOR_MODEL, type NeighborModel } from '../../src/core/collab/cooccurrence';
import { itemAggregates } from '../../src/core/collab/item-aggregates';
import { aggregateLog } from '../../src/publisher/aggregate-log';
import { buildFromLogs, DEFAULT_LOG_BUILD_OPTIONS, type LogBuildOptions } from '../../src/publisher/build-from-logs';
import { DuckSession } from '../../src/publisher/duckdb-session';
import { loadLogRows } from '../../src/publisher/log-source';
import { PublisherError } from '../../src/publisher/publisher-error';
import { HAND_LOG, writeHandLog } from './fixture-logs';

const ITEMS: CatalogueItem[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id.toUpperCase(), tags: [] }));
const kinds = { kind: 'kinds' as const, positive: ['like'], negative: ['dislike'] };
const options = (inputs: string[], extra: Partial<LogBuildOptions> = {}): LogBuildOptions => ({
  ...DEFAULT_LOG_BUILD_OPTIONS,
  inputs,
  polarity: kinds,
  tune: false,
  cooccurrence: { ...DEFAULT_LOG_BUILD_OPTIONS.cooccurrence, minItemSupport: 1, minPairUsers: 2 },
  ...extra,
});

let dir: string;
let files: Awaited<ReturnType<typeof writeHandLog>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-logs-'));
  files = await writeHandLog(dir);
  writeFileSync(join(dir, 'items.jsonl'), ITEMS.map((item) => JSON.stringify(item)).join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('catalogue aggregates from a site\'s logs (DuckDB)', () => {
  it('popularity is distinct users and neighbours follow the hand-computed scores (cosine)', async () => {
    const { aggregates, report } = await buildFromLogs(ITEMS, options([files.csv], { cooccurrence: { ...DEFAULT_LOG_BUILD_OPTIONS.cooccurrence, model: { kind: 'cosine' }, minItemSupport: 1, minPairUsers: 2 } }));
    // Distinct users who did anything with the item; u2's repeat view of a counts once.
    expect(Object.fromEntries(aggregates.popularity)).toEqual({ a: 5, b: 4, c: 3, d: 1 });
    // w² = 1/log2(2+n)²: u1 (3 likes) 0.18548, the others (2 likes) 0.25.
    // mass a = b = 0.93548, c = 0.68548; together ab = 0.68548 (3 users), ac = bc = 0.43548 (2 users)
    // a→b = 0.68548/0.93548 · 0.68548/1.18548 = 0.4237; a→c = 0.43548/√(0.93548·0.68548) · 0.43548/0.93548 = 0.2532
    // c→a and c→b tie at 0.2532: the item more users liked (a, 4 vs b, 4 → id order) comes first.
    expect(Object.fromEntries(aggregates.neighbors)).toEqual({ a: ['b', 'c'], b: ['a', 'c'], c: ['a', 'b'] });
    expect(report.log).toMatchObject({ files: 1, rows: 14, badRows: 0, users: 6, items: 4, pairs: 13, positives: 11, hasTime: true });
    expect(report.aggregates).toMatchObject({ candidates: 3, pairs: 3, publishedPairs: 3 });
  });

  it('CSV, gzipped JSON Lines and Parquet (with its own column names) give identical output', async () => {
    const csv = await buildFromLogs(ITEMS, options([files.csv]));
    const jsonl = await buildFromLogs(ITEMS, options([files.jsonlGz]));
    const parquet = await buildFromLogs(ITEMS, options([files.parquet], { columns: { user: 'visitor', item: 'product', kind: 'event', timestamp: 'ms' } }));
    for (const other of [jsonl, parquet]) {
      expect(other.aggregates).toEqual(csv.aggregates);
      expect(other.report.log).toMatchObject({ rows: 14, badRows: 0, pairs: 13 });
    }
  });

  it('a pair fewer than --min-users distinct users share is never published', async () => {
    const { aggregates } = await buildFromLogs(ITEMS, options([files.csv], { cooccurrence: { ...DEFAULT_COOCCURRENCE_OPTIONS, minItemSupport: 1, minPairUsers: 3 } }));
    expect(Object.fromEntries(aggregates.neighbors)).toEqual({ a: ['b'], b: ['a'] });
  });

  it('too small a log for any pair gives a catalogue without neighbours, and says why', async () => {
    const result = await buildFromLogs(ITEMS, options([files.csv], { cooccurrence: { ...DEFAULT_COOCCURRENCE_OPTIONS, minItemSupport: 1, minPairUsers: 5 } }));
    expect(result.aggregates.neighbors.size).toBe(0);
    expect(result.report.noNeighbors).toBe('no pair of items was engaged with by at least 5 distinct users (--min-users)');
    expect(result.aggregates.popularity.get('a')).toBe(5);
  });

  it('a missing column is named, with the columns the log has', async () => {
    const error = await buildFromLogs(ITEMS, options([files.csv], { columns: { user: 'visitor' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublisherError);
    expect((error as PublisherError).message).toBe('the user column "visitor" is not in the log; its columns are: user, item, kind, timestamp. Map it with --columns user=NAME');
  });

  it('malformed rows are counted and skipped, and stop the job only above the threshold', async () => {
    const messy = join(dir, 'messy.csv');
    writeFileSync(messy, `user,item,kind,timestamp\n${['u1,a,like,1', 'u2,a,like,2', 'u2,b,like,not-a-time', 'u3,,like,3', 'u4,b,like,4,extra', ',b,like,5'].join('\n')}\n`);
    const tolerant = await buildFromLogs(ITEMS, options([messy], { maxBadRowShare: 0.7 }));
    expect(tolerant.report.log).toMatchObject({ rows: 6, badRows: 4, pairs: 2 });
    const strict = await buildFromLogs(ITEMS, options([messy], { maxBadRowShare: 0.5 })).catch((e: unknown) => e);
    expect((strict as PublisherError).problem).toEqual({ kind: 'too-many-bad-rows', bad: 4, total: 6, limit: 0.5 });
  });

  it('a log of views only (no kind or rating column) counts every row as engagement', async () => {
    const views = join(dir, 'views.csv');
    writeFileSync(views, `user,item,timestamp\n${HAND_LOG.map(([user, item, , seconds]) => `${user},${item},${seconds}`).join('\n')}\n`);
    const { report } = await buildFromLogs(ITEMS, options([views], { polarity: undefined }));
    expect(report.log.polarity).toBe('no kind or rating column: every row is positive engagement');
    expect(report.log.positives).toBe(report.log.pairs);
  });

  it('Hive-partitioned folders and globs are read whole', async () => {
    const hive = join(dir, 'hive');
    for (const day of ['2020-09-13', '2020-09-14']) {
      mkdirSync(join(hive, `day=${day}`), { recursive: true });
      const part = HAND_LOG.filter((_, i) => (day === '2020-09-13' ? i % 2 === 0 : i % 2 === 1));
      writeFileSync(join(hive, `day=${day}`, 'part-0.csv'), `user,item,kind,timestamp\n${part.map((r) => r.join(',')).join('\n')}\n`);
    }
    const whole = await buildFromLogs(ITEMS, options([files.csv]));
    expect((await buildFromLogs(ITEMS, options([hive]))).aggregates).toEqual(whole.aggregates);
    expect((await buildFromLogs(ITEMS, options([join(hive, '*', '*.csv')]))).aggregates).toEqual(whole.aggregates);
  });
});

describe('the DuckDB job and the in-memory path', () => {
  const logs = fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 150 });
  const models = fc.constantFrom<NeighborModel>({ kind: 'cosine' }, DEFAULT_NEIGHBOR_MODEL, { kind: 'rp3beta', alpha: 1, beta: 0 });

  it('publish the same neighbours with the same weights, under either model (property)', async () => {
    await fc.assert(
      fc.asyncProperty(logs, models, fc.integer({ min: 1, max: 3 }), async (pairs, model, minPairUsers) => {
        const rows = pairs.map(([user, item], i) => ({ user, item: `i${item}`, polarity: 1 as const, at: i }));
        const cooccurrence = { ...DEFAULT_COOCCURRENCE_OPTIONS, model, minItemSupport: 1, minPairUsers };
        const memory = itemAggregates(rows, cooccurrence);
        const duck = await DuckSession.open();
        try {
          await loadLogRows(duck, rows);
          const { aggregates } = await aggregateLog(duck, 'log', { cooccurrence, privacy: null, catalogueOnly: false });
          expect(new Set(aggregates.neighbors.keys())).toEqual(new Set(memory.neighbors.keys()));
          for (const [item, weights] of memory.neighborWeights) {
            const fromDuck = aggregates.neighborWeights.get(item)!;
            // Float32 sums in memory, doubles in DuckDB: ties may break apart, so compare weight by weight as sets of (id, weight).
            const byId = new Map(aggregates.neighbors.get(item)!.map((id, r) => [id, fromDuck[r]!]));
            memory.neighbors.get(item)!.forEach((id, r) => {
              if (byId.has(id)) expect(Math.abs(byId.get(id)! - weights[r]!)).toBeLessThanOrEqual(weights[r]! * 2e-3);
            });
            expect(fromDuck.length).toBe(weights.length);
          }
        } finally {
          duck.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('neighbours with equal scores', () => {
  it('are listed by the tie-break (more users, then id) whatever order the rows arrive in', async () => {
    // Twelve items, each liked with `h` by ten users whose other likes number 2 to 29: the same
    // weights for every item, added in a different order for each. Exact ties, however summed.
    const sizes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];
    const rows: Array<{ user: number; item: string; polarity: 1; at: number }> = [];
    let user = 0;
    let filler = 0;
    for (let k = 0; k < 12; k += 1) {
      const rotated = sizes.map((_, i) => sizes[(i + k) % sizes.length]!);
      for (const size of k % 2 === 0 ? rotated : rotated.reverse()) {
        user += 1;
        rows.push({ user, item: 'h', polarity: 1, at: rows.length }, { user, item: `t${String(k).padStart(2, '0')}`, polarity: 1, at: rows.length + 1 });
        for (let f = 0; f < size; f += 1) rows.push({ user, item: `f${filler++}`, polarity: 1, at: rows.length });
      }
    }
    const listOfH = async (ordered: typeof rows) => {
      const duck = await DuckSession.open();
      try {
        await loadLogRows(duck, ordered);
        const { aggregates } = await aggregateLog(duck, 'log', { cooccurrence: { ...DEFAULT_COOCCURRENCE_OPTIONS, minItemSupport: 3, minPairUsers: 2, maxNeighbors: 20 }, privacy: null, catalogueOnly: false });
        return { ids: aggregates.neighbors.get('h')!, weights: aggregates.neighborWeights.get('h')! };
      } finally {
        duck.close();
      }
    };
    const forward = await listOfH(rows);
    expect(forward.ids).toEqual(Array.from({ length: 12 }, (_, k) => `t${String(k).padStart(2, '0')}`));
    expect(new Set(forward.weights).size).toBe(1);
    expect(await listOfH([...rows].reverse())).toEqual(forward);
  });
});

describe('privacy of the published pairs', () => {
  /** Random logs: 4–40 users, 2–8 items, random likes. */
  const logs = fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 200 });

  it('no published pair was engaged with by fewer than --min-users distinct users (property)', async () => {
    await fc.assert(
      fc.asyncProperty(logs, fc.integer({ min: 1, max: 4 }), async (rows, minPairUsers) => {
        const duck = await DuckSession.open();
        try {
          await loadLogRows(duck, rows.map(([user, item], i) => ({ user, item: `i${item}`, polarity: 1, at: i })));
          const { aggregates } = await aggregateLog(duck, 'log', { cooccurrence: { ...DEFAULT_COOCCURRENCE_OPTIONS, minItemSupport: 1, minPairUsers }, privacy: null, catalogueOnly: false });
          const likers = new Map<string, Set<number>>();
          for (const [user, item] of rows) likers.set(`i${item}`, (likers.get(`i${item}`) ?? new Set()).add(user));
          for (const [item, neighbors] of aggregates.neighbors) {
            for (const other of neighbors) {
              const both = [...likers.get(item)!].filter((user) => likers.get(other)!.has(user)).length;
              expect(both).toBeGreaterThanOrEqual(minPairUsers);
            }
          }
        } finally {
          duck.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('Laplace noise is the same for the same seed and different for another', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ user: i % 300, item: `i${(i * 7919) % 40}`, polarity: 1, at: i }));
    const run = async (privacy: { epsilon: number; seed: number } | null) => {
      const duck = await DuckSession.open();
      try {
        await loadLogRows(duck, rows);
        return (await aggregateLog(duck, 'log', { cooccurrence: { ...DEFAULT_COOCCURRENCE_OPTIONS, minItemSupport: 1 }, privacy, catalogueOnly: false })).aggregates.neighbors;
      } finally {
        duck.close();
      }
    };
    const plain = await run(null);
    const a = await run({ epsilon: 0.5, seed: 7 });
    expect(await run({ epsilon: 0.5, seed: 7 })).toEqual(a);
    expect(await run({ epsilon: 0.5, seed: 8 })).not.toEqual(a);
    expect(a).not.toEqual(plain);
  });
});

describe('npm run catalog -- build --interactions', () => {
  /** Four topics of ten items; each of 240 users likes items of their own topic, over time. */
  function topicLog(): { items: CatalogueItem[]; csv: string } {
    const items: CatalogueItem[] = [];
    for (let t = 0; t < 4; t += 1) for (let k = 0; k < 10; k += 1) items.push({ id: `t${t}-${k}`, title: `Item ${t}-${k}`, tags: [`topic${t}`] });
    const rows: string[] = [];
    for (let u = 0; u < 240; u += 1) {
      const topic = u % 4;
      for (let e = 0; e < 8; e += 1) {
        const k = (u * 7 + e * 3) % 10;
        const item = e === 5 ? `t${(topic + 1) % 4}-${k}` : `t${topic}-${k}`;
        rows.push(`${u},${item},${e === 6 ? 'dislike' : e === 2 ? 'view' : 'like'},${1_600_000_000 + u * 1000 + e * 60}`);
      }
    }
    return { items, csv: `user,item,kind,timestamp\n${rows.join('\n')}\n` };
  }

  it('writes popularity, neighbours and tuned priors the app accepts, and no user id', () => {
    const { items, csv } = topicLog();
    writeFileSync(join(dir, 'topics.jsonl'), items.map((item) => JSON.stringify(item)).join('\n'));
    writeFileSync(join(dir, 'topics.csv'), csv);
    const out = join(dir, 'topics-catalog.json');
    const result = spawnSync(
      'npx',
      ['tsx', 'src/cli/catalog.ts', 'build', join(dir, 'topics.jsonl'), '--out', out, '--no-vectors', '--interactions', join(dir, 'topics.csv'), '--positive', 'like', '--negative', 'dislike', '--json'],
      { encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    type Ramp = { kind: 'tuned'; ramp: { coldUntil: number; warmFrom: number }; report: { readers: number; byLength: Array<{ length: number | null }> } };
    type Engagement = { kind: 'tuned'; engagement: { opened: number }; figures: Array<{ opened: number }> };
    const report = JSON.parse(result.stdout) as { logs: { tuning: { kind: string; report: { users: { warm: number }; ramp: Ramp; engagement: Engagement } } } };
    expect(report.logs.tuning.kind).toBe('tuned');
    expect(report.logs.tuning.report.users.warm).toBe(240);
    // The ramp: learnt on every reader, the cold ones also at 3 and 5 events; published as `history`.
    const ramp = report.logs.tuning.report.ramp;
    expect(ramp.kind).toBe('tuned');
    expect(ramp.report.readers).toBe(240);
    expect(ramp.report.byLength.map((row) => row.length)).toEqual([3, 5, null]);
    const text = readFileSync(out, 'utf8');
    const parsed = parseCatalogueText(text);
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.rankingIssues).toEqual([]);
    expect(parsed.catalogue.ranking?.half_life_days).toBeGreaterThan(0);
    expect(parsed.catalogue.ranking?.history).toEqual({ cold_until: ramp.ramp.coldUntil, warm_from: ramp.ramp.warmFrom });
    // Each reader's third row is a view, replayed as an open: its weight is learnt on a grid and published.
    const engagement = report.logs.tuning.report.engagement;
    expect(engagement.kind).toBe('tuned');
    expect(engagement.figures.map((f) => f.opened)).toEqual([0.3, 0.15, 0.5, 0, 0.8, 1]);
    expect(parsed.catalogue.ranking?.engagement).toEqual({ opened: engagement.engagement.opened });
    const first = parsed.catalogue.items.find((item) => item.id === 't0-0')!;
    expect(first.popularity).toBeGreaterThan(0);
    // Neighbours stay within the topic users share.
    expect(first.neighbors!.slice(0, 3).every((id) => id.startsWith('t0-'))).toBe(true);
    expect(text).not.toMatch(/"user"|"uid"/);
  }, 120_000);

  it('a misnamed column fails with the columns found, and exit code 2 (the operator’s to fix)', () => {
    const result = spawnSync('npx', ['tsx', 'src/cli/catalog.ts', 'build', join(dir, 'items.jsonl'), '--out', join(dir, 'x.json'), '--no-vectors', '--interactions', files.csv, '--columns', 'user=visitor_id'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('catalog build: the user column "visitor_id" is not in the log; its columns are: user, item, kind, timestamp');
  }, 60_000);
});
