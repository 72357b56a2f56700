import { CATALOGUE_FORMAT, CATALOGUE_VERSION, type Catalogue, type CatalogueItem } from '../catalogue/catalogue-types';
import { DEFAULT_COOCCURRENCE_OPTIONS, type CooccurrenceOptions } from '../collab/cooccurrence';
import type { LoggedInteraction } from '../collab/interaction-log';
import { itemAggregates, withAggregates } from '../collab/item-aggregates';
import { parseCsv, parseCsvRecords } from '../formats/csv';

/** MovieLens (ml-latest-small layout) as typed records. */
export interface MovieLensMovie {
  readonly movieId: number;
  /** Title without the trailing year, with "Matrix, The" turned back into "The Matrix". */
  readonly title: string;
  readonly year: number | undefined;
  readonly genres: readonly string[];
}

export interface MovieLensRating {
  readonly userId: number;
  readonly movieId: number;
  readonly rating: number;
  /** Seconds since the epoch, as in the files. */
  readonly timestamp: number;
}

export interface MovieLensTag {
  readonly userId: number;
  readonly movieId: number;
  readonly tag: string;
}

export interface MovieLensLink {
  readonly movieId: number;
  readonly imdbId: string;
  readonly tmdbId: string;
}

export interface MovieLensData {
  readonly movies: readonly MovieLensMovie[];
  readonly ratings: readonly MovieLensRating[];
  readonly tags: readonly MovieLensTag[];
  readonly links: readonly MovieLensLink[];
}

export interface MovieLensFiles {
  readonly movies: string;
  readonly ratings: string;
  readonly tags: string;
  readonly links: string;
}

export type MovieLensFileName = 'movies.csv' | 'ratings.csv' | 'tags.csv' | 'links.csv';

/** Why a MovieLens folder cannot be read; each names the file (see describeMovieLensProblem). */
export type MovieLensProblem =
  | { readonly kind: 'missing-file'; readonly file: MovieLensFileName }
  | { readonly kind: 'missing-column'; readonly file: MovieLensFileName; readonly column: string }
  /** `row` counts the header as row 1, as a spreadsheet shows it. */
  | { readonly kind: 'bad-value'; readonly file: MovieLensFileName; readonly row: number; readonly column: string; readonly value: string };

/** What a MovieLens folder holds: ratings.csv and movies.csv are required, tags.csv and links.csv optional. */
export interface MovieLensFileTexts {
  readonly movies?: string | undefined;
  readonly ratings?: string | undefined;
  readonly tags?: string | undefined;
  readonly links?: string | undefined;
}

const REQUIRED_COLUMNS: Readonly<Record<MovieLensFileName, { readonly all: readonly string[]; readonly numeric: readonly string[] }>> = {
  'movies.csv': { all: ['movieId', 'title', 'genres'], numeric: ['movieId'] },
  'ratings.csv': { all: ['userId', 'movieId', 'rating', 'timestamp'], numeric: ['userId', 'movieId', 'rating', 'timestamp'] },
  'tags.csv': { all: ['userId', 'movieId', 'tag'], numeric: ['userId', 'movieId'] },
  'links.csv': { all: ['movieId'], numeric: ['movieId'] },
};

/** The files checked (columns present, numbers numeric) and parsed, or the first problem found. */
export function checkMovieLens(files: MovieLensFileTexts): { readonly kind: 'ok'; readonly data: MovieLensData } | { readonly kind: 'problem'; readonly problem: MovieLensProblem } {
  const texts: Array<[MovieLensFileName, string | undefined, boolean]> = [
    ['ratings.csv', files.ratings, true],
    ['movies.csv', files.movies, true],
    ['tags.csv', files.tags, false],
    ['links.csv', files.links, false],
  ];
  for (const [file, text, required] of texts) {
    if (text === undefined) {
      if (required) return { kind: 'problem', problem: { kind: 'missing-file', file } };
      continue;
    }
    const problem = checkColumns(file, text);
    if (problem !== null) return { kind: 'problem', problem };
  }
  return {
    kind: 'ok',
    data: parseMovieLens({
      movies: files.movies ?? '',
      ratings: files.ratings ?? '',
      tags: files.tags ?? 'userId,movieId,tag,timestamp\n',
      links: files.links ?? 'movieId,imdbId,tmdbId\n',
    }),
  };
}

function checkColumns(file: MovieLensFileName, text: string): MovieLensProblem | null {
  const [header, ...rows] = parseCsv(text);
  const { all, numeric } = REQUIRED_COLUMNS[file];
  const position = new Map((header ?? []).map((name, column) => [name.trim(), column]));
  for (const column of all) if (!position.has(column)) return { kind: 'missing-column', file, column };
  for (const [index, row] of rows.entries()) {
    // A trailing newline reads as one empty field.
    if (row.length === 1 && row[0] === '') continue;
    for (const column of numeric) {
      const value = row[position.get(column)!] ?? '';
      if (value.trim() === '' || !Number.isFinite(Number(value))) return { kind: 'bad-value', file, row: index + 2, column, value };
    }
  }
  return null;
}

/** One line for a person: which file, and what is wrong with it. */
export function describeMovieLensProblem(problem: MovieLensProblem): string {
  switch (problem.kind) {
    case 'missing-file':
      return `${problem.file} is missing (a MovieLens folder needs ratings.csv and movies.csv; tags.csv and links.csv are optional)`;
    case 'missing-column':
      return `${problem.file} has no "${problem.column}" column (its first line must name the columns: ${REQUIRED_COLUMNS[problem.file].all.join(',')})`;
    case 'bad-value':
      return `${problem.file}, row ${problem.row}: ${problem.column} is ${JSON.stringify(problem.value.slice(0, 40))}, not a number`;
  }
}

export function parseMovieLens(files: MovieLensFiles): MovieLensData {
  return {
    movies: parseCsvRecords(files.movies).map((row) => ({ movieId: Number(row.movieId), ...splitTitle(row.title ?? ''), genres: splitGenres(row.genres ?? '') })),
    ratings: parseCsvRecords(files.ratings).map((row) => ({
      userId: Number(row.userId),
      movieId: Number(row.movieId),
      rating: Number(row.rating),
      timestamp: Number(row.timestamp),
    })),
    tags: parseCsvRecords(files.tags).map((row) => ({ userId: Number(row.userId), movieId: Number(row.movieId), tag: row.tag ?? '' })),
    links: parseCsvRecords(files.links).map((row) => ({ movieId: Number(row.movieId), imdbId: row.imdbId ?? '', tmdbId: row.tmdbId ?? '' })),
  };
}

export function movieItemId(movieId: number): string {
  return `ml-${movieId}`;
}

const ARTICLE_SUFFIX = /^(.*), (The|A|An|L'|La|Le|Les|Il|Das|Der|Die|El|Los|Las)$/u;

function splitTitle(raw: string): { title: string; year: number | undefined } {
  const match = /^(.*?)\s*\((\d{4})(?:[–-]\d{0,4})?\)\s*$/u.exec(raw.trim());
  const base = match ? match[1]! : raw.trim();
  const year = match ? Number(match[2]) : undefined;
  // "Matrix, The" → "The Matrix"; an alternative title in parentheses keeps its place.
  const alt = /^(.*?)(\s+\(.*\))$/u.exec(base);
  const main = alt ? alt[1]! : base;
  const article = ARTICLE_SUFFIX.exec(main);
  const fixed = article ? `${article[2]}${article[2]!.endsWith("'") ? '' : ' '}${article[1]}` : main;
  return { title: alt ? `${fixed}${alt[2]}` : fixed, year };
}

function splitGenres(raw: string): string[] {
  return raw.split('|').filter((genre) => genre.length > 0 && genre !== '(no genres listed)');
}

/** How a MovieLens rating reads as an interaction: ≥ 4 positive, ≤ 2 negative, otherwise seen. */
export interface RatingThresholds {
  readonly positive: number;
  readonly negative: number;
}

export const DEFAULT_RATING_THRESHOLDS: RatingThresholds = { positive: 4, negative: 2 };

export function movieLensInteractions(ratings: readonly MovieLensRating[], thresholds: RatingThresholds = DEFAULT_RATING_THRESHOLDS): LoggedInteraction[] {
  return ratings.map((r) => ({
    user: r.userId,
    item: movieItemId(r.movieId),
    polarity: r.rating >= thresholds.positive ? 1 : r.rating <= thresholds.negative ? -1 : 0,
    at: r.timestamp * 1000,
  }));
}

export const MOVIELENS_CATALOGUE_ID = 'movielens-latest-small';
export const MOVIELENS_CATALOGUE_TITLE = 'MovieLens demo catalogue (ml-latest-small)';
const USER_TAGS_PER_ITEM = 6;

/**
 * The catalogue's items from MovieLens, before anything that needs many users' behaviour:
 * genres and the most common user tags become tags, and `ratings` (restricted to training data
 * when evaluating) give the summary's mean rating. Popularity and neighbours are added from
 * the interactions by the publisher's aggregates (withAggregates), as for any site.
 */
export function movieLensItems(data: Pick<MovieLensData, 'movies' | 'tags' | 'links'>, ratings: readonly MovieLensRating[]): CatalogueItem[] {
  const ratingCount = new Map<number, number>();
  const ratingSum = new Map<number, number>();
  for (const r of ratings) {
    ratingCount.set(r.movieId, (ratingCount.get(r.movieId) ?? 0) + 1);
    ratingSum.set(r.movieId, (ratingSum.get(r.movieId) ?? 0) + r.rating);
  }
  const userTags = topUserTags(data.tags, USER_TAGS_PER_ITEM);
  const links = new Map(data.links.map((link) => [link.movieId, link]));
  return data.movies.map((movie) => {
    const count = ratingCount.get(movie.movieId) ?? 0;
    const tags = [...movie.genres];
    for (const tag of userTags.get(movie.movieId) ?? []) if (!tags.some((t) => t.toLowerCase() === tag)) tags.push(tag);
    const url = movieUrl(links.get(movie.movieId));
    return {
      id: movieItemId(movie.movieId),
      title: movie.title,
      summary: describeMovie(movie, count, count > 0 ? (ratingSum.get(movie.movieId) ?? 0) / count : 0),
      tags,
      ...(url === undefined ? {} : { url }),
      ...(movie.year === undefined ? {} : { published_at: `${movie.year}-01-01T00:00:00.000Z` }),
    };
  });
}

/** Items plus the in-memory aggregates of `ratings`: the offline evaluation's catalogue. */
export function movieLensCatalogue(
  data: Pick<MovieLensData, 'movies' | 'tags' | 'links'>,
  ratings: readonly MovieLensRating[],
  cooccurrence: CooccurrenceOptions = DEFAULT_COOCCURRENCE_OPTIONS,
): Catalogue {
  const items = withAggregates(movieLensItems(data, ratings), itemAggregates(movieLensInteractions(ratings), cooccurrence));
  return { format: CATALOGUE_FORMAT, version: CATALOGUE_VERSION, id: MOVIELENS_CATALOGUE_ID, title: MOVIELENS_CATALOGUE_TITLE, language: 'en', items };
}

function describeMovie(movie: MovieLensMovie, count: number, mean: number): string {
  const released = movie.year === undefined ? 'Film' : `Film from ${movie.year}`;
  if (count === 0) return `${released}; not yet rated by MovieLens users.`;
  return `${released}; rated ${mean.toFixed(1)}/5 by ${count} MovieLens user${count === 1 ? '' : 's'}.`;
}

function movieUrl(link: MovieLensLink | undefined): string | undefined {
  if (link === undefined) return undefined;
  if (/^\d+$/u.test(link.tmdbId)) return `https://www.themoviedb.org/movie/${link.tmdbId}`;
  if (/^\d+$/u.test(link.imdbId)) return `https://www.imdb.com/title/tt${link.imdbId}/`;
  return undefined;
}

/** Per movie, the user tags applied by the most distinct users (ties: alphabetical). */
function topUserTags(tags: readonly MovieLensTag[], perItem: number): Map<number, string[]> {
  const users = new Map<number, Map<string, Set<number>>>();
  for (const { movieId, userId, tag } of tags) {
    const clean = tag.trim().toLowerCase().replace(/\s+/g, ' ');
    if (clean.length === 0 || clean.length > 40) continue;
    let byTag = users.get(movieId);
    if (byTag === undefined) users.set(movieId, (byTag = new Map()));
    let who = byTag.get(clean);
    if (who === undefined) byTag.set(clean, (who = new Set()));
    who.add(userId);
  }
  const top = new Map<number, string[]>();
  for (const [movieId, byTag] of users) {
    const ranked = [...byTag.entries()].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1));
    top.set(movieId, ranked.slice(0, perItem).map(([tag]) => tag));
  }
  return top;
}
