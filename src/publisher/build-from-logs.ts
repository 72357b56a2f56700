import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import type { RankingPriors } from '../core/catalogue/ranking-priors';
import { DEFAULT_COOCCURRENCE_OPTIONS, type CooccurrenceOptions } from '../core/collab/cooccurrence';
import type { ItemAggregates } from '../core/collab/item-aggregates';
import { FOLDS, type PartReport, type TunedPriors } from '../core/eval/tune';
import type { EngagementOutcome } from '../core/eval/tune-engagement';
import type { RampOutcome } from '../core/eval/tune-ramp';
import { DEFAULT_ENGAGEMENT, DEFAULT_HISTORY_RAMP, type HistoryRamp } from '../core/rank/priors';
import type { LoggedInteraction } from '../core/collab/interaction-log';
import { aggregateLog, type AggregateJobReport } from './aggregate-log';
import { DEFAULT_DUCK_SETTINGS, DuckSession, type DuckSettings } from './duckdb-session';
import { loadCatalogueIds, loadLog, loadLogRows, type LogInput, type LogSummary } from './log-source';
import { checkLogMatchesCatalogue, DEFAULT_MIN_MATCH_SHARE } from './log-match';
import { NO_PROGRESS, type JobProgress } from './job-progress';
import { DEFAULT_TUNE_OPTIONS, tuneOnLoadedLog, type ValidationVectors } from './tune-on-log';

/**
 * Everything a catalogue may carry that needs many users, from the site's own logs: per-item
 * popularity (distinct users), co-engagement neighbours (k-anonymous, optionally noised) and
 * ranking priors tuned on the log's own validation split. Only item-level aggregates leave
 * DuckDB; no user id or per-user row is ever written.
 */
export interface LogBuildOptions extends LogInput {
  readonly cooccurrence: CooccurrenceOptions;
  readonly privacy: { readonly epsilon: number; readonly seed: number } | null;
  readonly tune: boolean;
  readonly tuneUsers: number;
  readonly seed: number;
  readonly duck: DuckSettings;
  /** Under this share of well-formed rows naming a catalogue item, the build is refused (log-match.ts). */
  readonly minMatchShare: number;
}

export const DEFAULT_LOG_BUILD_OPTIONS: Omit<LogBuildOptions, 'inputs'> = {
  columns: {},
  itemPrefix: '',
  itemKey: { kind: 'id' },
  format: 'table',
  minMatchShare: DEFAULT_MIN_MATCH_SHARE,
  maxBadRowShare: 0.01,
  cooccurrence: { ...DEFAULT_COOCCURRENCE_OPTIONS, maxCandidates: 200_000 },
  privacy: null,
  tune: true,
  tuneUsers: DEFAULT_TUNE_OPTIONS.tuneUsers,
  seed: 1,
  duck: DEFAULT_DUCK_SETTINGS,
};

export type TuningReport = { readonly kind: 'tuned'; readonly report: TunedPriors['report'] } | { readonly kind: 'skipped'; readonly reason: string };

export interface LogBuildReport {
  readonly log: LogSummary;
  readonly aggregates: AggregateJobReport;
  /** Log items that are not in the catalogue (ignored), and catalogue items nobody engaged with. */
  readonly unknownItems: number;
  readonly itemsWithoutInteractions: number;
  /** Why the catalogue has no neighbours, when it has none. */
  readonly noNeighbors: string | null;
  readonly tuning: TuningReport;
  readonly seconds: number;
}

export async function buildFromLogs(
  items: readonly CatalogueItem[],
  given: LogBuildOptions,
  log: (line: string) => void = () => undefined,
  progress: JobProgress = NO_PROGRESS,
  vectors: ValidationVectors | null = null,
): Promise<{ aggregates: ItemAggregates; priors: RankingPriors | null; report: LogBuildReport }> {
  // An access log names pages by path: it is always matched by URL.
  if (given.format === 'access-log' && given.itemKey.kind === 'id') return buildFromLogs(items, { ...given, itemKey: { kind: 'url' } }, log, progress, vectors);
  const options = given;
  const started = performance.now();
  const duck = await DuckSession.open(options.duck);
  try {
    const summary = await duck.watch('reading the log', progress, () => loadLog(duck, options, items));
    log(`read ${summary.rows.toLocaleString('en')} rows from ${summary.files} file(s): ${summary.users.toLocaleString('en')} users, ${summary.items.toLocaleString('en')} items, ${summary.badRows.toLocaleString('en')} malformed (skipped); ${summary.polarity}`);
    const access = summary.accessLog;
    if (access !== null) {
      log(`access log: ${access.lines.toLocaleString('en')} lines, ${access.views.toLocaleString('en')} page views kept; dropped ${access.bots.toLocaleString('en')} from bots, ${access.notGet.toLocaleString('en')} not GET, ${access.errorStatus.toLocaleString('en')} error statuses, ${access.staticFiles.toLocaleString('en')} static files, ${access.malformed.toLocaleString('en')} malformed`);
    }
    if (options.itemKey.kind === 'url') {
      log(`keyed by URL${summary.site === null ? '' : ` (relative paths on ${summary.site})`}: ${summary.matchedRows.toLocaleString('en')} of ${summary.validRows.toLocaleString('en')} rows name a catalogue item` + (summary.urlCollisions > 0 ? `; ${summary.urlCollisions} catalogue items share another's URL (the first keeps it)` : ''));
    }
    const unknownItems = Number(await duck.scalar(`SELECT count(*) FROM items WHERE item NOT IN (SELECT item FROM catalogue_items)`));
    const { aggregates, report } = await duck.watch('aggregating pairs', progress, () =>
      aggregateLog(duck, 'log', { cooccurrence: options.cooccurrence, privacy: options.privacy, catalogueOnly: true }),
    );
    const catalogueIds = new Set(items.map((item) => item.id));
    const itemsWithPopularity = [...aggregates.popularity.keys()].filter((id) => catalogueIds.has(id)).length;
    checkLogMatchesCatalogue(summary, items, options.itemKey, options.minMatchShare, itemsWithPopularity);
    log(`neighbours: ${report.publishedPairs.toLocaleString('en')} of ${report.pairs.toLocaleString('en')} co-engaged pairs had at least ${options.cooccurrence.minPairUsers} users; ${report.itemsWithNeighbors.toLocaleString('en')} items have neighbours`);
    const itemsWithoutInteractions = items.filter((item) => !aggregates.popularity.has(item.id)).length;
    const noNeighbors =
      report.itemsWithNeighbors > 0
        ? null
        : report.pairs === 0
          ? 'no two catalogue items were engaged with positively by the same user'
          : `no pair of items was engaged with by at least ${options.cooccurrence.minPairUsers} distinct users (--min-users)`;
    if (noNeighbors !== null) log(`no neighbours: ${noNeighbors}; the app then ranks with its no-neighbour priors`);

    let tuning: TuningReport;
    let priors: RankingPriors | null = null;
    if (!options.tune) tuning = { kind: 'skipped', reason: 'tuning was turned off (--no-tune)' };
    else if (!summary.hasTime) tuning = { kind: 'skipped', reason: 'the log has no timestamp column, and the tuning split is by time' };
    else {
      log(`tuning priors on up to ${options.tuneUsers.toLocaleString('en')} validation users…`);
      const outcome = await tuneOnLoadedLog(duck, items, {
        ...DEFAULT_TUNE_OPTIONS,
        tuneUsers: options.tuneUsers,
        seed: options.seed,
        neighbors: noNeighbors === null,
        cooccurrence: options.cooccurrence,
        catalogueOnly: true,
        privacy: options.privacy,
        vectors,
        onTrial: (done, total) => progress('tuning priors', done, total, 'trials'),
      });
      if (outcome.kind === 'tuned' && !(outcome.report.warm.tuned > 0 && outcome.report.cold.tuned > 0)) {
        // Priors that rank no held-out item in anyone's top 10 were chosen by nothing: the defaults stay.
        const r = outcome.report;
        tuning = { kind: 'skipped', reason: `validation found nothing to tune on (NDCG@10 warm ${r.warm.tuned.toFixed(4)}, cold ${r.cold.tuned.toFixed(4)}); the defaults stay` };
        log(`priors not tuned: ${tuning.reason}`);
      } else if (outcome.kind === 'tuned') {
        priors = outcome.priors;
        tuning = { kind: 'tuned', report: outcome.report };
        const r = outcome.report;
        log(`tuned on ${r.users.warm} users (${r.users.cold} for a cold start), validation NDCG@10 with its standard error and its ${FOLDS} folds; half-life ${priors.half_life_days} days`);
        log(`  ${describeEngagement(r.engagement)}`);
        for (const [name, part] of [['warm', r.warm], ['cold', r.cold]] as const) log(`  ${describePart(name, part)}`);
        log(`  ${describeRamp(r.ramp)}`);
      } else {
        tuning = outcome;
        log(`priors not tuned: ${outcome.reason}`);
      }
    }
    return {
      aggregates,
      priors,
      report: { log: summary, aggregates: report, unknownItems, itemsWithoutInteractions, noNeighbors, tuning, seconds: (performance.now() - started) / 1000 },
    };
  } finally {
    duck.close();
  }
}

/** What the builder tunes from a log held in memory (the offline evaluation hands over its training part). */
export async function tunePriorsOnLog(input: {
  readonly items: readonly CatalogueItem[];
  readonly log: readonly LoggedInteraction[];
  readonly neighbors: boolean;
  readonly vectors?: ValidationVectors;
  /** How the neighbours are learnt; absent: the builder's defaults. */
  readonly cooccurrence?: CooccurrenceOptions;
}): Promise<TunedPriors> {
  const duck = await DuckSession.open();
  try {
    await loadLogRows(duck, input.log);
    await loadCatalogueIds(duck, input.items.map((item) => item.id));
    const outcome = await tuneOnLoadedLog(duck, input.items, {
      ...DEFAULT_TUNE_OPTIONS,
      neighbors: input.neighbors,
      cooccurrence: input.cooccurrence ?? DEFAULT_LOG_BUILD_OPTIONS.cooccurrence,
      catalogueOnly: true,
      vectors: input.vectors ?? null,
    });
    if (outcome.kind === 'skipped') throw new Error(`tuning skipped: ${outcome.reason}`);
    return outcome;
  } finally {
    duck.close();
  }
}

/** One line of the build report for an open's neighbour weight: what was chosen, and every value's validation figures. */
export function describeEngagement(outcome: EngagementOutcome): string {
  if (outcome.kind === 'skipped') return `open's weight: Sift's ${DEFAULT_ENGAGEMENT.opened}; ${outcome.reason}`;
  const opened = outcome.engagement.opened;
  const { margin, standardError } = outcome.againstDefault;
  const why =
    opened === outcome.best
      ? opened === DEFAULT_ENGAGEMENT.opened
        ? 'the best on validation'
        : `the best on validation, ${margin.toFixed(4)} above Sift's ${DEFAULT_ENGAGEMENT.opened} (standard error ${standardError.toFixed(4)})`
      : `the best, ${outcome.best}, won by less than its standard error (${outcome.standardError.toFixed(4)})${opened === DEFAULT_ENGAGEMENT.opened ? ": Sift's kept" : ''}`;
  const figures = outcome.figures.map((f) => `${f.opened}: ${f.warm.toFixed(4)} / ${f.cold.toFixed(4)}`).join(', ');
  return `open's weight: ${opened} of a like; ${why}; NDCG@10 warm / cold by weight ${figures}`;
}

/** One line of the build report for the cold-to-warm ramp: what was chosen, against Sift's own and the best found. */
export function describeRamp(outcome: RampOutcome): string {
  if (outcome.kind === 'skipped') return `ramp: Sift's own (cold up to ${DEFAULT_HISTORY_RAMP.coldUntil} events, warm from ${DEFAULT_HISTORY_RAMP.warmFrom}); ${outcome.reason}`;
  const { ramp, report } = outcome;
  const span = (r: HistoryRamp): string => `${r.coldUntil}→${r.warmFrom}`;
  const lengths = report.byLength.map((l) => `${l.length ?? 'whole'}: ${l.chosen.toFixed(3)}`).join(', ');
  return `ramp: cold up to ${ramp.coldUntil} events, warm from ${ramp.warmFrom}; ${report.readers} readers, ${report.variants} reader-lengths, NDCG@10 ${report.tuned.toFixed(4)} ± ${report.standardError.toFixed(4)} (Sift's ${span(DEFAULT_HISTORY_RAMP)}: ${report.defaults.toFixed(4)}, best ${span(report.best.ramp)}: ${report.best.ndcg.toFixed(4)}); by length ${lengths}`;
}

/** One line of the build report for a tuned part: figures, spread, how far from the defaults, and the guard. */
export function describePart(name: string, part: PartReport): string {
  const folds = part.folds.map((f) => f.toFixed(3)).join(' / ');
  const chosen =
    part.guard === 'popularity-led'
      ? `did not validate above popularity (${part.popularity.toFixed(4)}): led by popularity`
      : part.share === 0
        ? 'the defaults kept (no change beat them by more than its standard error)'
        : `${Math.round(part.share * 100)}% of the way from the defaults to the best found (1-SE rule)`;
  return `${name}: defaults ${part.defaults.toFixed(4)}, published ${part.tuned.toFixed(4)} ± ${part.standardError.toFixed(4)} (folds ${folds}), popularity ${part.popularity.toFixed(4)}; ${chosen}`;
}
