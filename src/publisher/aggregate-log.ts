import { userPairWeight, type CooccurrenceOptions } from '../core/collab/cooccurrence';
import { publishedNeighbors, type ItemAggregates } from '../core/collab/item-aggregates';
import type { DuckSession } from './duckdb-session';

/**
 * Popularity and co-engagement neighbours of a collapsed log table (uid, iid, polarity, ts),
 * in DuckDB, out of core. The neighbour score is the core's (collab/cooccurrence.ts), term for
 * term, so the in-memory path and this one give the same lists. With n(u) = |u's positive items|:
 *   cosine:   w(u) = 1 / log2(2 + n(u))²,  mass(a) = Σ_{u ∋ a} w(u)
 *             score(a→b) = together / √(mass(a)·mass(b)) · together / (together + shrinkage)
 *   rp3beta:  w(u) = n(u)^-α,              mass(a) = |{u ∋ a}|
 *             score(a→b) = mass(a)^-α · together · mass(b)^-β
 * where together(a,b) = Σ_{u ∋ a,b} w(u), over the `maxCandidates` items with the most positive
 * users (at least `minItemSupport`), each user's latest `maxUserItems` positives, published only
 * where at least `minPairUsers` distinct users engaged with both.
 */
export interface AggregateJobOptions {
  readonly cooccurrence: CooccurrenceOptions;
  /** Laplace noise on the pair statistics before selection; null: none. */
  readonly privacy: { readonly epsilon: number; readonly seed: number } | null;
  /** Only these items (the catalogue's) may be candidates or neighbours; null: every item in the log. */
  readonly catalogueOnly: boolean;
}

export interface AggregateJobReport {
  readonly candidates: number;
  /** Pairs engaged with together by anyone, and those that passed the k-anonymity threshold. */
  readonly pairs: number;
  readonly publishedPairs: number;
  readonly itemsWithNeighbors: number;
}

const TWO_POW_53 = 9_007_199_254_740_992;
const FIXED_POINT = 1_099_511_627_776; // 2^40

export async function aggregateLog(duck: DuckSession, table: string, options: AggregateJobOptions): Promise<{ aggregates: ItemAggregates; report: AggregateJobReport }> {
  const co = options.cooccurrence;
  const popularity = new Map<string, number>();
  for (const row of await duck.rows(`SELECT i.item, count(*) AS users FROM ${table} JOIN items i USING (iid) GROUP BY i.item`)) {
    popularity.set(String(row.item), Number(row.users));
  }

  // A user's latest maxUserItems positives (ties: the later item id), as the core keeps them.
  await duck.run(`CREATE OR REPLACE TEMP TABLE agg_pos AS SELECT p.uid, p.iid FROM ${table} p JOIN items i USING (iid) WHERE p.polarity = 1
    QUALIFY row_number() OVER (PARTITION BY p.uid ORDER BY p.ts DESC, i.item DESC) <= ${co.maxUserItems}`);
  const model = co.model;
  const userWeight = model.kind === 'cosine' ? 'pow(1.0 / log2(2 + count(*)), 2)' : `pow(count(*), -${sqlNumber(model.alpha)})`;
  // Each user's weight in fixed point (2^-40, about 1e-12): integer sums are exact whatever order
  // DuckDB's threads add them in, so equal scores stay equal and their tie-break (the slot) holds
  // from run to run; summed as doubles, tied neighbours swapped places between builds.
  await duck.run(`CREATE OR REPLACE TEMP TABLE agg_weight AS SELECT uid, CAST(round(${userWeight} * ${FIXED_POINT}) AS BIGINT) AS w2 FROM agg_pos GROUP BY uid`);
  // Candidate slots in the core's order: most positive users first, then item id.
  await duck.run(`CREATE OR REPLACE TEMP TABLE agg_cand AS
    SELECT iid, CAST(row_number() OVER (ORDER BY support DESC, item ASC) AS INTEGER) AS slot
    FROM (SELECT p.iid, i.item, count(*) AS support FROM agg_pos p JOIN items i USING (iid)
          ${options.catalogueOnly ? 'JOIN catalogue_items c USING (item)' : ''}
          GROUP BY p.iid, i.item HAVING count(*) >= ${co.minItemSupport})
    QUALIFY slot <= ${co.maxCandidates}`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE agg_w AS SELECT p.uid, c.slot, w.w2 FROM agg_pos p JOIN agg_cand c USING (iid) JOIN agg_weight w USING (uid)`);
  await duck.run(`CREATE OR REPLACE TEMP TABLE agg_mass AS SELECT slot, ${model.kind === 'cosine' ? `CAST(sum(w2) AS DOUBLE) / ${FIXED_POINT}` : 'count(*)'} AS mass FROM agg_w GROUP BY slot`);
  // Each unordered pair once (a < b): half the rows of the self-join.
  await duck.run(`CREATE OR REPLACE TEMP TABLE agg_pairs AS
    SELECT x.slot AS a, y.slot AS b, CAST(sum(x.w2) AS DOUBLE) / ${FIXED_POINT} AS together, count(*) AS users
    FROM agg_w x JOIN agg_w y ON x.uid = y.uid AND x.slot < y.slot
    GROUP BY x.slot, y.slot`);
  const noisy = options.privacy === null ? 'SELECT a, b, together, users FROM agg_pairs' : noisyPairsSql(options.privacy.epsilon, options.privacy.seed, userPairWeight(model, 2));
  const score =
    model.kind === 'cosine'
      ? `d.together / sqrt(ms.mass * md.mass) * (d.together / (d.together + ${sqlNumber(co.shrinkage)}))`
      : `pow(ms.mass, -${sqlNumber(model.alpha)}) * d.together * pow(md.mass, -${sqlNumber(model.beta)})`;
  await duck.run(`CREATE OR REPLACE TEMP TABLE agg_kept AS SELECT a, b, together FROM (${noisy}) WHERE users >= ${co.minPairUsers} AND together > 0`);
  const rows = await duck.rows(`
    WITH directed AS (SELECT a AS src, b AS dst, together FROM agg_kept UNION ALL SELECT b AS src, a AS dst, together FROM agg_kept),
    scored AS (
      SELECT d.src, d.dst, ${score} AS score
      FROM directed d JOIN agg_mass ms ON ms.slot = d.src JOIN agg_mass md ON md.slot = d.dst),
    ranked AS (SELECT src, dst, score, row_number() OVER (PARTITION BY src ORDER BY score DESC, dst ASC) AS rank FROM scored QUALIFY rank <= ${co.maxNeighbors})
    SELECT si.item AS item, di.item AS neighbor, r.score AS score
    FROM ranked r JOIN agg_cand sc ON sc.slot = r.src JOIN items si ON si.iid = sc.iid JOIN agg_cand dc ON dc.slot = r.dst JOIN items di ON di.iid = dc.iid
    ORDER BY r.src, r.rank`);
  const lists = new Map<string, { ids: string[]; weights: number[] }>();
  for (const row of rows) {
    const item = String(row.item);
    let list = lists.get(item);
    if (list === undefined) lists.set(item, (list = { ids: [], weights: [] }));
    list.ids.push(String(row.neighbor));
    list.weights.push(Number(row.score));
  }
  const { neighbors, neighborWeights } = publishedNeighbors(lists, co.weights);
  const stats = (await duck.rows(`SELECT (SELECT count(*) FROM agg_cand) AS candidates, (SELECT count(*) FROM agg_pairs) AS pairs, (SELECT count(*) FROM agg_kept) AS kept`))[0]!;
  for (const name of ['agg_pos', 'agg_weight', 'agg_cand', 'agg_w', 'agg_mass', 'agg_pairs', 'agg_kept']) await duck.run(`DROP TABLE ${name}`);
  return {
    aggregates: { popularity, neighbors, neighborWeights },
    report: { candidates: Number(stats.candidates), pairs: Number(stats.pairs), publishedPairs: Number(stats.kept), itemsWithNeighbors: neighbors.size },
  };
}

/** A number as SQL text (options are numbers, never user text; this keeps it that way). */
function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/**
 * Laplace noise, calibrated per pair: one user changes a pair's user count by 1 and its
 * `together` by at most `maxPairWeight` (what a user with the fewest positives that still make a
 * pair, two, adds: userPairWeight); ε is split evenly between the two. The draws come from a
 * keyed hash of (pair, seed), so a run is repeatable with the same seed, and unguessable without
 * it (keep the seed secret, or the noise can be subtracted).
 */
function noisyPairsSql(epsilon: number, seed: number, maxPairWeight: number): string {
  const uniform = (stream: number): string => `((CAST(hash(a, b, ${Math.trunc(seed)}, ${stream}) % ${TWO_POW_53} AS DOUBLE) + 0.5) / ${TWO_POW_53})`;
  const laplace = (stream: number, scale: number): string => `(-${scale} * sign(${uniform(stream)} - 0.5) * ln(1 - 2 * abs(${uniform(stream)} - 0.5)))`;
  return `SELECT a, b, together + ${laplace(1, (2 * maxPairWeight) / epsilon)} AS together, users + ${laplace(2, 2 / epsilon)} AS users FROM agg_pairs`;
}
