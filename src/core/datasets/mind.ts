import type { CatalogueItem } from '../catalogue/catalogue-types';

/**
 * MIND (Microsoft News Dataset) in its own layout, as typed records:
 *   news.tsv       id, category, subcategory, title, abstract[, url, title entities, abstract entities]
 *   behaviors.tsv  impression id, user, time, history (oldest first), impressions ("N123-1 N456-0")
 * User and time may be "-" (not given), as in the RecPrompt slices. Tab-separated, no header.
 */
export interface MindNews {
  readonly id: string;
  readonly category: string;
  readonly subcategory: string;
  readonly title: string;
  readonly abstract: string;
  readonly url: string | null;
}

export interface MindCandidate {
  readonly newsId: string;
  readonly clicked: boolean;
}

export interface MindImpression {
  readonly impressionId: string;
  /** null where the file says "-". */
  readonly user: string | null;
  /** Epoch ms, or null where the file says "-". */
  readonly time: number | null;
  readonly history: readonly string[];
  readonly candidates: readonly MindCandidate[];
}

export interface MindData {
  readonly news: readonly MindNews[];
  readonly impressions: readonly MindImpression[];
}

export type MindFileName = 'news.tsv' | 'behaviors.tsv';

/** Why a MIND folder cannot be read; `row` counts from 1, as an editor shows it. */
export type MindProblem =
  | { readonly kind: 'missing-file'; readonly file: MindFileName }
  | { readonly kind: 'too-few-columns'; readonly file: MindFileName; readonly row: number; readonly expected: number; readonly found: number }
  | { readonly kind: 'bad-value'; readonly file: MindFileName; readonly row: number; readonly column: string; readonly value: string }
  | { readonly kind: 'unknown-news'; readonly file: 'behaviors.tsv'; readonly row: number; readonly newsId: string }
  | { readonly kind: 'empty'; readonly file: MindFileName };

export function describeMindProblem(problem: MindProblem): string {
  switch (problem.kind) {
    case 'missing-file':
      return `${problem.file} is missing (a MIND folder needs news.tsv and behaviors.tsv)`;
    case 'too-few-columns':
      return `${problem.file}, row ${problem.row}: ${problem.found} tab-separated columns, expected at least ${problem.expected}`;
    case 'bad-value':
      return `${problem.file}, row ${problem.row}: ${problem.column} is "${problem.value.slice(0, 60)}"`;
    case 'unknown-news':
      return `${problem.file}, row ${problem.row}: news ${problem.newsId} is not in news.tsv`;
    case 'empty':
      return `${problem.file} has no rows`;
  }
}

export type MindParse = { readonly kind: 'ok'; readonly data: MindData } | { readonly kind: 'problem'; readonly problem: MindProblem };

const CANDIDATE = /^(.+)-([01])$/;

/** Both files parsed and cross-checked (every news id an impression names is in news.tsv), or the first problem. */
export function parseMind(files: { readonly news?: string | undefined; readonly behaviors?: string | undefined }): MindParse {
  if (files.news === undefined) return { kind: 'problem', problem: { kind: 'missing-file', file: 'news.tsv' } };
  if (files.behaviors === undefined) return { kind: 'problem', problem: { kind: 'missing-file', file: 'behaviors.tsv' } };
  const news: MindNews[] = [];
  const known = new Set<string>();
  let row = 0;
  for (const line of lines(files.news)) {
    row += 1;
    if (line === null) continue;
    const cells = line.split('\t');
    if (cells.length < 4) return { kind: 'problem', problem: { kind: 'too-few-columns', file: 'news.tsv', row, expected: 4, found: cells.length } };
    const [id, category, subcategory, title, abstract = '', url = ''] = cells as [string, string, string, string, string?, string?];
    if (id.trim() === '') return { kind: 'problem', problem: { kind: 'bad-value', file: 'news.tsv', row, column: 'id', value: id } };
    if (known.has(id)) continue;
    known.add(id);
    news.push({ id, category: category.trim(), subcategory: subcategory.trim(), title: title.trim(), abstract: abstract.trim(), url: /^https?:\/\//.test(url) ? url : null });
  }
  if (news.length === 0) return { kind: 'problem', problem: { kind: 'empty', file: 'news.tsv' } };

  const impressions: MindImpression[] = [];
  row = 0;
  for (const line of lines(files.behaviors)) {
    row += 1;
    if (line === null) continue;
    const cells = line.split('\t');
    if (cells.length < 5) return { kind: 'problem', problem: { kind: 'too-few-columns', file: 'behaviors.tsv', row, expected: 5, found: cells.length } };
    const [impressionId, user, timeText, historyText, impressionsText] = cells as [string, string, string, string, string];
    let time: number | null = null;
    if (timeText !== '-' && timeText.trim() !== '') {
      time = parseMindTime(timeText);
      if (time === null) return { kind: 'problem', problem: { kind: 'bad-value', file: 'behaviors.tsv', row, column: 'time', value: timeText } };
    }
    const history = historyText.split(' ').filter((id) => id !== '' && id !== '-');
    for (const id of history) if (!known.has(id)) return { kind: 'problem', problem: { kind: 'unknown-news', file: 'behaviors.tsv', row, newsId: id } };
    const candidates: MindCandidate[] = [];
    for (const token of impressionsText.split(' ')) {
      if (token === '') continue;
      const match = CANDIDATE.exec(token);
      if (match === null) return { kind: 'problem', problem: { kind: 'bad-value', file: 'behaviors.tsv', row, column: 'impressions', value: token } };
      if (!known.has(match[1]!)) return { kind: 'problem', problem: { kind: 'unknown-news', file: 'behaviors.tsv', row, newsId: match[1]! } };
      candidates.push({ newsId: match[1]!, clicked: match[2] === '1' });
    }
    if (candidates.length === 0) return { kind: 'problem', problem: { kind: 'bad-value', file: 'behaviors.tsv', row, column: 'impressions', value: impressionsText } };
    impressions.push({ impressionId, user: user === '-' || user === '' ? null : user, time, history, candidates });
  }
  if (impressions.length === 0) return { kind: 'problem', problem: { kind: 'empty', file: 'behaviors.tsv' } };
  return { kind: 'ok', data: { news, impressions } };
}

/** Lines without their ending; blank ones as null (so row numbers stay true). */
function* lines(text: string): Generator<string | null> {
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    yield line.trim() === '' ? null : line;
  }
}

/** MIND writes "11/15/2019 8:55:22 AM" (US order, 12-hour clock, no zone: read as UTC). */
export function parseMindTime(text: string): number | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?(AM|PM)?$/i.exec(text.trim());
  if (match === null) {
    const iso = Date.parse(text);
    return Number.isNaN(iso) ? null : iso;
  }
  const [, month, day, year, hour, minute, second, half] = match as unknown as [string, string, string, string, string, string, string, string | undefined];
  let h = Number(hour);
  if (half !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half.toUpperCase() === 'PM' ? 12 : 0);
  }
  const at = Date.UTC(Number(year), Number(month) - 1, Number(day), h, Number(minute), Number(second));
  return Number.isNaN(at) ? null : at;
}

/**
 * How often each news was shown across the impressions (exposure), never whether it was clicked:
 * the popularity a site knows from its own page views without reading the evaluated labels.
 */
export function exposureCounts(impressions: readonly MindImpression[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const impression of impressions) for (const c of impression.candidates) counts.set(c.newsId, (counts.get(c.newsId) ?? 0) + 1);
  return counts;
}

/**
 * How often each news was read, from the readers' histories (their earlier clicks): what a site's
 * own page-view log would count, and never the clicks an evaluation scores.
 */
export function historyReads(impressions: readonly MindImpression[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const impression of impressions) for (const id of impression.history) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** News as catalogue items: category and subcategory as tags, the abstract as summary, `popularity` as given (reads by default). */
export function mindItems(data: MindData, popularity: ReadonlyMap<string, number> = historyReads(data.impressions)): CatalogueItem[] {
  return data.news.map((news) => {
    const tags = [news.category, news.subcategory].filter((tag, i, all) => tag !== '' && tag !== '-' && all.indexOf(tag) === i);
    return {
      id: news.id,
      title: news.title,
      ...(news.abstract === '' ? {} : { summary: news.abstract }),
      ...(news.url === null ? {} : { url: news.url }),
      tags,
      popularity: popularity.get(news.id) ?? 0,
    };
  });
}
