import type { LogColumns, PolarityRule } from './log-source';
import { DEFAULT_NEGATIVE_KINDS } from './log-source';
import type { CooccurrenceOptions, NeighborModel } from '../core/collab/cooccurrence';
import { PublisherError } from './publisher-error';

/**
 * The command line's words for the log mapping, parsed:
 *   --columns user=userId,item=movieId,rating=rating,timestamp=ts
 *   --positive like,purchase | --positive ">=4"      --negative dislike,hide | --negative "<=2"
 */
const ROLES = ['user', 'item', 'kind', 'rating', 'timestamp'] as const;

export function parseColumns(spec: string | undefined): Partial<LogColumns> {
  if (spec === undefined || spec.trim() === '') return {};
  const columns: Partial<Record<(typeof ROLES)[number], string>> = {};
  for (const part of spec.split(',')) {
    const [role, name, ...rest] = part.split('=').map((s) => s.trim());
    if (!ROLES.includes(role as (typeof ROLES)[number]) || name === undefined || name === '' || rest.length > 0) {
      throw new PublisherError({ kind: 'bad-option', option: '--columns', detail: `"${part}" is not ROLE=COLUMN with ROLE one of ${ROLES.join(', ')}` });
    }
    columns[role as (typeof ROLES)[number]] = name;
  }
  return columns;
}

export function parsePolarity(positive: string | undefined, negative: string | undefined): PolarityRule | undefined {
  if (positive === undefined && negative === undefined) return undefined;
  const threshold = (spec: string, op: '>=' | '<=', option: string): number => {
    const match = new RegExp(`^\\s*${op}\\s*(-?\\d+(?:\\.\\d+)?)\\s*$`).exec(spec);
    if (match === null) throw new PublisherError({ kind: 'bad-option', option, detail: `a rating rule is written "${op}N", not "${spec}"` });
    return Number(match[1]);
  };
  const isRating = (spec: string | undefined): boolean => spec !== undefined && /^\s*[<>]=/.test(spec);
  if (isRating(positive) || isRating(negative)) {
    const rule = {
      kind: 'rating' as const,
      positive: positive === undefined ? 4 : threshold(positive, '>=', '--positive'),
      negative: negative === undefined ? 2 : threshold(negative, '<=', '--negative'),
    };
    if (rule.negative >= rule.positive) throw new PublisherError({ kind: 'bad-option', option: '--negative', detail: `a negative rating (≤ ${rule.negative}) must be below a positive one (≥ ${rule.positive})` });
    return rule;
  }
  const list = (spec: string): string[] => spec.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  return {
    kind: 'kinds',
    positive: positive === undefined || positive.trim() === '*' ? 'all-other' : list(positive),
    negative: negative === undefined ? DEFAULT_NEGATIVE_KINDS : list(negative),
  };
}

/** A share: "1%" or "0.01". */
export function parseShare(spec: string, option: string): number {
  const text = spec.trim();
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new PublisherError({ kind: 'bad-option', option, detail: `"${spec}" is not a share between 0 and 1 (or 0% to 100%)` });
  return value;
}

export function parsePositiveNumber(spec: string, option: string, integer: boolean): number {
  const value = Number(spec);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new PublisherError({ kind: 'bad-option', option, detail: `"${spec}" is not a positive ${integer ? 'whole ' : ''}number` });
  }
  return value;
}

/** The neighbour options a builder and the offline evaluation take, as typed on a command line. */
export interface NeighborOptionsSpec {
  readonly model: string;
  readonly alpha: string;
  readonly beta: string;
  readonly maxNeighbors: string;
  readonly unweighted: boolean;
}

/** `--neighbor-model`, `--rp3-alpha`, `--rp3-beta`, `--max-neighbors` and `--unweighted-neighbors`: RP3beta lists carry their weights unless told otherwise. */
export function parseNeighborOptions(spec: NeighborOptionsSpec): Pick<CooccurrenceOptions, 'model' | 'weights' | 'maxNeighbors'> {
  return { model: neighborModel(spec.model, spec.alpha, spec.beta), weights: spec.model === 'rp3beta' && !spec.unweighted, maxNeighbors: parsePositiveNumber(spec.maxNeighbors, '--max-neighbors', true) };
}

function neighborModel(kind: string, alpha: string, beta: string): NeighborModel {
  if (kind === 'cosine') return { kind };
  if (kind !== 'rp3beta') throw new PublisherError({ kind: 'bad-option', option: '--neighbor-model', detail: `"${kind}" is not rp3beta or cosine` });
  return { kind, alpha: exponent(alpha, '--rp3-alpha'), beta: exponent(beta, '--rp3-beta') };
}

/** RP3beta's exponents: 0 turns a term off, 2 is already far past anything useful. */
function exponent(spec: string, option: string): number {
  const value = Number(spec);
  if (spec.trim() === '' || !Number.isFinite(value) || value < 0 || value > 2) throw new PublisherError({ kind: 'bad-option', option, detail: `"${spec}" is not a number from 0 to 2` });
  return value;
}
