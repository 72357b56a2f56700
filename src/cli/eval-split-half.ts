import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import type { RankingPriors } from '../core/catalogue/ranking-priors';
import type { LoggedInteraction } from '../core/collab/interaction-log';
import { evaluate } from '../core/eval/evaluate';
import type { CooccurrenceOptions } from '../core/collab/cooccurrence';
import { itemAggregates, withAggregates } from '../core/collab/item-aggregates';
import { coldStartFolds, DEFAULT_SPLIT_OPTIONS, splitInteractions } from '../core/eval/split';
import { buildCatalogueIndex, withRanking, type CatalogueIndex } from '../core/index/catalogue-index';
import { describeEngagement, describePart, describeRamp, tunePriorsOnLog } from '../publisher/build-from-logs';

/**
 * `npm run eval -- --split-half`: do tuned priors travel? The users are split in two halves by id
 * (even, odd). The builder tunes priors on one half's training rows only, exactly as for a site's
 * log, and they are scored on the other half's test positives, next to Sift's defaults, priors
 * tuned on that half itself (warm only: cold, that half's log holds the positives it is scored
 * on), and popularity; then the other way round; warm, and a cold start on a catalogue learnt
 * without the tested half's later rows.
 */
export interface SplitHalfRow {
  readonly part: 'warm' | 'cold';
  readonly tunedOn: 'even' | 'odd';
  readonly testedOn: 'even' | 'odd';
  readonly users: number;
  readonly popularity: number;
  readonly itemknn: number;
  readonly defaults: number;
  readonly tunedOnSameHalf: number | null;
  readonly tunedOnOtherHalf: number;
}

type Half = 'even' | 'odd';
const halfOf = (user: number): Half => (user % 2 === 0 ? 'even' : 'odd');

export async function runSplitHalf(input: {
  readonly log: readonly LoggedInteraction[];
  readonly train: readonly LoggedInteraction[];
  readonly items: readonly CatalogueItem[];
  readonly index: CatalogueIndex;
  /** How the catalogues' neighbours are learnt (`index`'s too). */
  readonly cooccurrence: CooccurrenceOptions;
  readonly itemsFrom: (train: readonly LoggedInteraction[]) => CatalogueItem[];
  readonly coldEvents: number;
  readonly seed: number;
  readonly say: (line: string) => void;
}): Promise<SplitHalfRow[]> {
  // A half too small to tune on keeps the defaults, as the builder does.
  const tuned = new Map<Half, RankingPriors | null>();
  for (const half of ['even', 'odd'] as const) {
    input.say(`tuning on the ${half} half's training rows…`);
    try {
      const result = await tunePriorsOnLog({ items: input.items, log: input.train.filter((row) => halfOf(row.user) === half), neighbors: true, cooccurrence: input.cooccurrence });
      input.say(`  ${describeEngagement(result.report.engagement)}`);
      input.say(`  ${describePart('warm', result.report.warm)}`);
      input.say(`  ${describePart('cold', result.report.cold)}`);
      input.say(`  ${describeRamp(result.report.ramp)}`);
      tuned.set(half, result.priors);
    } catch (error) {
      input.say(`  ${error instanceof Error ? error.message : String(error)}: the defaults stand in`);
      tuned.set(half, null);
    }
  }
  const warmUsers = splitInteractions(input.log, DEFAULT_SPLIT_OPTIONS).users;
  const folds = coldStartFolds(input.log, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: input.coldEvents }, 2);
  const rows: SplitHalfRow[] = [];
  for (const part of ['warm', 'cold'] as const) {
    for (const testedOn of ['even', 'odd'] as const) {
      const tunedOn: Half = testedOn === 'even' ? 'odd' : 'even';
      // A cold start is scored on a catalogue learnt without the tested users' later rows (coldStartFolds; ids dealt by parity).
      const fold = folds[testedOn === 'even' ? 0 : 1]!;
      const index = part === 'warm' ? input.index : buildCatalogueIndex(withAggregates(input.itemsFrom(fold.train), itemAggregates(fold.train, input.cooccurrence)));
      const tested = part === 'warm' ? warmUsers.filter((user) => halfOf(user.userId) === testedOn) : fold.users;
      const base = evaluate(index, tested, ['popularity', 'itemknn', 'sift'], input.seed);
      const sift = (priors: Half): number => evaluate(withRanking(index, tuned.get(priors) ?? null), tested, ['sift'], input.seed).sift!['ndcg@10'];
      rows.push({
        part,
        tunedOn,
        testedOn,
        users: tested.length,
        popularity: base.popularity!['ndcg@10'],
        itemknn: base.itemknn!['ndcg@10'],
        defaults: base.sift!['ndcg@10'],
        // Cold, the tested half's own log holds the very positives it is scored on: no such column.
        tunedOnSameHalf: part === 'warm' ? sift(testedOn) : null,
        tunedOnOtherHalf: sift(tunedOn),
      });
    }
  }
  return rows;
}

export function formatSplitHalf(rows: readonly SplitHalfRow[]): string {
  const f = (value: number): string => value.toFixed(4);
  return [
    '| part | tuned on | tested on | users | popularity | item-kNN | Sift, defaults | Sift, tuned on the tested half | Sift, tuned on the other half | other half ÷ defaults | other half ÷ popularity |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.part} | ${r.tunedOn} | ${r.testedOn} | ${r.users} | ${f(r.popularity)} | ${f(r.itemknn)} | ${f(r.defaults)} | ${r.tunedOnSameHalf === null ? '–' : f(r.tunedOnSameHalf)} | ${f(r.tunedOnOtherHalf)} | ${(r.tunedOnOtherHalf / r.defaults).toFixed(3)}× | ${(r.tunedOnOtherHalf / r.popularity).toFixed(3)}× |`,
    ),
  ].join('\n');
}
