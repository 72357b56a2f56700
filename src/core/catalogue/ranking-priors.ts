import { isSignalName, type SignalName } from '../rank/signal-names';

/**
 * Ranking priors a site publishes with its catalogue (`"ranking"`), tuned by the publisher
 * toolkit on the site's own logs: weights for a warm profile and for a new user, and the
 * profile's half-life. A part left out falls back to Sift's own defaults.
 */
export interface RankingPriors {
  readonly warm: Partial<Record<SignalName, number>>;
  readonly cold: Partial<Record<SignalName, number>>;
  /** snake_case like the rest of the file format: the object is the file's JSON as validated. */
  readonly half_life_days?: number;
  /**
   * How a reader's history moves the weights from `cold` to `warm`: `cold` up to `cold_until`
   * events, `warm` from `warm_from` on, linear between (learnt by the publisher on readers of
   * middle history lengths).
   */
  readonly history?: HistoryRampJson;
  /**
   * How much an open lifts the item's neighbours, a like being 1 (learnt by the publisher on its
   * log's validation readers); absent: Sift's 0.3.
   */
  readonly engagement?: EngagementJson;
}

export interface EngagementJson {
  readonly opened: number;
}

export interface HistoryRampJson {
  readonly cold_until: number;
  readonly warm_from: number;
}

/** Why part of a catalogue's `ranking` was ignored (the rest is used). */
export type RankingIssue =
  | { readonly kind: 'not-an-object'; readonly field: 'ranking' | 'ranking.warm' | 'ranking.cold' | 'ranking.history' | 'ranking.engagement' }
  | { readonly kind: 'unknown-signal'; readonly field: string }
  | { readonly kind: 'out-of-range'; readonly field: string; readonly min: number; readonly max: number }
  /** `history` needs whole numbers `cold_until` < `warm_from`, both within HISTORY_RAMP_RANGE. */
  | { readonly kind: 'not-a-ramp'; readonly field: 'ranking.history'; readonly min: number; readonly max: number };

/**
 * Bounds on what a catalogue may set. Weights are ratios; past 5 one signal would drown the rest
 * (Sift's own weights stay within 2), so a larger value is a mistake or an attempt to pin items.
 */
export const MAX_PRIOR_WEIGHT = 5;
export const HALF_LIFE_DAYS_RANGE = { min: 1, max: 3_650 } as const;
/** Event counts of the cold-to-warm ramp: whole numbers, `cold_until` below `warm_from`. */
export const HISTORY_RAMP_RANGE = { min: 0, max: 1_000 } as const;
/** An open counts at most as a like does. */
export const OPEN_WEIGHT_RANGE = { min: 0, max: 1 } as const;

export type RankingParseResult = { readonly priors: RankingPriors | undefined; readonly issues: readonly RankingIssue[] };

/** Validates untrusted `ranking` JSON: known signals only, bounded values; what fails is ignored with a reason. */
export function parseRankingPriors(raw: unknown): RankingParseResult {
  if (raw === undefined) return { priors: undefined, issues: [] };
  const issues: RankingIssue[] = [];
  if (!isRecord(raw)) return { priors: undefined, issues: [{ kind: 'not-an-object', field: 'ranking' }] };
  const warm = parseWeights(raw.warm, 'ranking.warm', issues);
  const cold = parseWeights(raw.cold, 'ranking.cold', issues);
  let halfLifeDays: number | undefined;
  if (raw.half_life_days !== undefined) {
    const value = raw.half_life_days;
    if (typeof value === 'number' && Number.isFinite(value) && value >= HALF_LIFE_DAYS_RANGE.min && value <= HALF_LIFE_DAYS_RANGE.max) halfLifeDays = value;
    else issues.push({ kind: 'out-of-range', field: 'ranking.half_life_days', ...HALF_LIFE_DAYS_RANGE });
  }
  const history = parseHistoryRamp(raw.history, issues);
  const engagement = parseEngagement(raw.engagement, issues);
  const empty = Object.keys(warm).length === 0 && Object.keys(cold).length === 0 && halfLifeDays === undefined && history === undefined && engagement === undefined;
  return {
    priors: empty
      ? undefined
      : { warm, cold, ...(halfLifeDays === undefined ? {} : { half_life_days: halfLifeDays }), ...(history === undefined ? {} : { history }), ...(engagement === undefined ? {} : { engagement }) },
    issues,
  };
}

function parseEngagement(raw: unknown, issues: RankingIssue[]): EngagementJson | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    issues.push({ kind: 'not-an-object', field: 'ranking.engagement' });
    return undefined;
  }
  const value = raw.opened;
  if (typeof value === 'number' && Number.isFinite(value) && value >= OPEN_WEIGHT_RANGE.min && value <= OPEN_WEIGHT_RANGE.max) return { opened: value };
  issues.push({ kind: 'out-of-range', field: 'ranking.engagement.opened', ...OPEN_WEIGHT_RANGE });
  return undefined;
}

function parseHistoryRamp(raw: unknown, issues: RankingIssue[]): HistoryRampJson | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    issues.push({ kind: 'not-an-object', field: 'ranking.history' });
    return undefined;
  }
  const { min, max } = HISTORY_RAMP_RANGE;
  const count = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  if (count(raw.cold_until) && count(raw.warm_from) && raw.cold_until < raw.warm_from) return { cold_until: raw.cold_until, warm_from: raw.warm_from };
  issues.push({ kind: 'not-a-ramp', field: 'ranking.history', min, max });
  return undefined;
}

function parseWeights(raw: unknown, field: 'ranking.warm' | 'ranking.cold', issues: RankingIssue[]): Partial<Record<SignalName, number>> {
  const weights: Partial<Record<SignalName, number>> = {};
  if (raw === undefined) return weights;
  if (!isRecord(raw)) {
    issues.push({ kind: 'not-an-object', field });
    return weights;
  }
  for (const [name, value] of Object.entries(raw)) {
    const path = `${field}.${name.slice(0, 40)}`;
    if (!isSignalName(name)) issues.push({ kind: 'unknown-signal', field: path });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_PRIOR_WEIGHT) issues.push({ kind: 'out-of-range', field: path, min: 0, max: MAX_PRIOR_WEIGHT });
    else weights[name] = value;
    if (issues.length > 40) break;
  }
  return weights;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
