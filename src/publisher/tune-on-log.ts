import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import { DEFAULT_COOCCURRENCE_OPTIONS, type CooccurrenceOptions } from '../core/collab/cooccurrence';
import type { LoggedInteraction, Polarity } from '../core/collab/interaction-log';
import { withAggregates, withoutNeighbors } from '../core/collab/item-aggregates';
import { DEFAULT_SPLIT_OPTIONS, interactionEvent, testCount, type UserSplit } from '../core/eval/split';
import { tunePriors, type TunedPriors } from '../core/eval/tune';
import { RAMP_LENGTHS } from '../core/eval/tune-ramp';
import { buildCatalogueIndex, type CatalogueIndex } from '../core/index/catalogue-index';
import type { ItemVectors } from '../core/vectors/item-vectors';
import { aggregateLog } from './aggregate-log';
import type { DuckSession } from './duckdb-session';

/**
 * Per-catalogue priors from a site's own log: the evaluation protocol (core/eval/split.ts) run
 * in SQL over every user, so the validation catalogue's popularity and neighbours come from
 * everyone's training part; then up to `tuneUsers` users (a seeded hash sample) are tuned on in
 * memory. Nothing is tuned on a user's own held-out positives.
 */
export interface TuneOnLogOptions {
  readonly tuneUsers: number;
  readonly coldEvents: number;
  readonly seed: number;
  /** False: tune for the catalogue published without neighbours. */
  readonly neighbors: boolean;
  readonly cooccurrence: CooccurrenceOptions;
  readonly catalogueOnly: boolean;
  /** The noise the published neighbours get: tuning sees neighbours as the app will. */
  readonly privacy: { readonly epsilon: number; readonly seed: number } | null;
  /**
   * The catalogue's item vectors, row i for items[i] (they depend on the items' text alone, not
   * on the log), so that `semantic` is tuned with the vectors the app will rank with; null: none.
   */
  readonly vectors: ValidationVectors | null;
  readonly onTrial?: (done: number, total: number) => void;
}

export const DEFAULT_TUNE_OPTIONS: TuneOnLogOptions = {
  tuneUsers: 1_000,
  coldEvents: 3,
  seed: 1,
  neighbors: true,
  cooccurrence: DEFAULT_COOCCURRENCE_OPTIONS,
  catalogueOnly: false,
  privacy: null,
  vectors: null,
};

export interface ValidationVectors {
  readonly vectors: ItemVectors;
  readonly model: string;
}

/** One sampled user in this many is a cold-start validation user too. */
export const COLD_SHARE = 4;

/** Fewer validation users than this and tuning would fit noise: the defaults stay. */
export const MIN_TUNE_USERS = 50;

export type TuneOutcome = ({ readonly kind: 'tuned' } & TunedPriors) | { readonly kind: 'skipped'; readonly reason: string };

/**
 * The validation split of the `log` table, in SQL over every user: leaves `val_train` (everyone's
 * training rows) and `val_train_cold` (the same, of a cold validation user their first events
 * only) in `duck`, and returns up to `tuneUsers` sampled users, all warm and one in COLD_SHARE
 * cold too, as splitInteractions and coldStartFolds build them.
 */
export async function splitLoadedLog(duck: DuckSession, options: Pick<TuneOnLogOptions, 'tuneUsers' | 'coldEvents' | 'seed'>): Promise<ValidationUsers> {
  const share = DEFAULT_SPLIT_OPTIONS.testShare;
  await duck.run(`CREATE OR REPLACE TEMP TABLE split_ordered AS
    SELECT l.uid, l.iid, i.item, l.polarity, l.ts,
      row_number() OVER w AS ord,
      sum(CASE WHEN l.polarity = 1 THEN 1 ELSE 0 END) OVER w AS pord,
      count(*) FILTER (WHERE l.polarity = 1) OVER (PARTITION BY l.uid) AS npos
    FROM log l JOIN items i USING (iid)
    WINDOW w AS (PARTITION BY l.uid ORDER BY l.ts, i.item ROWS UNBOUNDED PRECEDING)`);
  // The first held-out positive of each user (greatest(1, round(npos · share)) of them are held out).
  await duck.run(`CREATE OR REPLACE TEMP TABLE split_cut AS
    SELECT uid, min(ord) AS cut FROM split_ordered
    WHERE polarity = 1 AND pord > npos - greatest(1, round(npos * ${share})) GROUP BY uid`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE val_train AS SELECT o.uid, o.iid, o.polarity, o.ts FROM split_ordered o JOIN split_cut c USING (uid) WHERE o.ord < c.cut`);
  // Every sampled user is a warm validation user; one in COLD_SHARE is also a cold one. The cold
  // start is scored on its own validation catalogue, without those users' rows after their first
  // events: neighbours learnt from the very positives a cold start is scored on flatter it.
  await duck.run(`CREATE OR REPLACE TEMP TABLE split_sample AS
    SELECT uid, row_number() OVER (ORDER BY hash(uid, ${Math.trunc(options.seed)}), uid) % ${COLD_SHARE} = 0 AS cold
    FROM (SELECT uid FROM split_cut WHERE cut > 1 ORDER BY hash(uid, ${Math.trunc(options.seed)}), uid LIMIT ${Math.trunc(options.tuneUsers)})`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE val_train_cold AS SELECT o.uid, o.iid, o.polarity, o.ts
    FROM split_ordered o JOIN split_cut c USING (uid) LEFT JOIN split_sample s USING (uid)
    WHERE o.ord < c.cut AND (s.cold IS NOT TRUE OR o.ord <= ${Math.trunc(options.coldEvents)})`);
  const rows = await duck.rows(`SELECT o.uid, o.item, o.polarity, o.ts, o.ord, o.pord, o.npos, c.cut, s.cold
    FROM split_ordered o JOIN split_sample s USING (uid) JOIN split_cut c USING (uid) ORDER BY o.uid, o.ord`);
  for (const name of ['split_ordered', 'split_cut', 'split_sample']) await duck.run(`DROP TABLE ${name}`);
  return userSplits(rows, options.coldEvents, share);
}

/** Tunes on the `log` table already in `duck` (see log-source.ts). */
export async function tuneOnLoadedLog(duck: DuckSession, items: readonly CatalogueItem[], options: TuneOnLogOptions = DEFAULT_TUNE_OPTIONS): Promise<TuneOutcome> {
  const { warm, cold, middle } = await splitLoadedLog(duck, options);
  if (warm.length < MIN_TUNE_USERS) {
    for (const table of ['val_train', 'val_train_cold']) await duck.run(`DROP TABLE ${table}`);
    return { kind: 'skipped', reason: `only ${warm.length} users have a history before their latest positives (tuning needs ${MIN_TUNE_USERS})` };
  }
  const indexOf = async (table: string): Promise<CatalogueIndex> => {
    const { aggregates } = await aggregateLog(duck, table, { cooccurrence: options.cooccurrence, privacy: options.privacy, catalogueOnly: options.catalogueOnly });
    await duck.run(`DROP TABLE ${table}`);
    const validationItems = withAggregates(items, aggregates);
    return buildCatalogueIndex(options.neighbors ? validationItems : withoutNeighbors(validationItems), options.vectors?.vectors ?? null, options.vectors?.model);
  };
  const index = await indexOf('val_train');
  const coldIndex = await indexOf('val_train_cold');
  return { kind: 'tuned', ...tunePriors(index, warm, cold, { tuneNeighbors: options.privacy !== null, rounds: 2, coldIndex, middle, ...(options.onTrial === undefined ? {} : { onTrial: options.onTrial }) }) };
}

/**
 * Validation users: `warm` (whole training histories), `cold` (a cold user's first events) and
 * `middle` (the same cold users at each of RAMP_LENGTHS events, never fewer than the cold
 * start's: the cold catalogue holds their first `coldEvents` rows and no later one).
 */
export interface ValidationUsers {
  readonly warm: UserSplit[];
  readonly cold: UserSplit[];
  readonly middle: UserSplit[];
}

/** Validation users from their ordered rows, as splitInteractions and coldStartFolds build them. */
function userSplits(rows: ReadonlyArray<Record<string, unknown>>, coldEvents: number, share: number): ValidationUsers {
  const warm: UserSplit[] = [];
  const cold: UserSplit[] = [];
  const middle: UserSplit[] = [];
  let start = 0;
  while (start < rows.length) {
    const uid = Number(rows[start]!.uid);
    let end = start;
    while (end < rows.length && Number(rows[end]!.uid) === uid) end += 1;
    const history = rows.slice(start, end).map((row) => ({
      row: { user: uid, item: String(row.item), polarity: Number(row.polarity) as Polarity, at: Number(row.ts) } satisfies LoggedInteraction,
      pord: Number(row.pord),
    }));
    const npos = Number(rows[start]!.npos);
    const cut = Number(rows[start]!.cut);
    const held = npos - testCount(npos, share);
    const train = history.slice(0, cut - 1).map((h) => h.row);
    warm.push(userSplit(uid, train, new Set(history.filter((h) => h.row.polarity === 1 && h.pord > held).map((h) => h.row.item))));
    if (rows[start]!.cold === true) {
      const after = (length: number): Set<string> => new Set(history.slice(length).filter((h) => h.row.polarity === 1).map((h) => h.row.item));
      const kept = train.slice(0, coldEvents);
      const coldTest = after(kept.length);
      if (coldTest.size > 0) cold.push(userSplit(uid, kept, coldTest));
      for (const length of RAMP_LENGTHS) {
        if (length < coldEvents || length > train.length) continue;
        const test = after(length);
        if (test.size > 0) middle.push(userSplit(uid, train.slice(0, length), test));
      }
    }
    start = end;
  }
  return { warm, cold, middle };
}

function userSplit(userId: number, train: readonly LoggedInteraction[], test: ReadonlySet<string>): UserSplit {
  return { userId, train, events: train.map(interactionEvent), test, now: train[train.length - 1]!.at + 1000 };
}
