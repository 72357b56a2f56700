import { CATALOGUE_FORMAT, CATALOGUE_VERSION, type Catalogue, type CatalogueItem } from '../catalogue/catalogue-types';
import { DEFAULT_COOCCURRENCE_OPTIONS, type CooccurrenceOptions } from '../collab/cooccurrence';
import type { LoggedInteraction } from '../collab/interaction-log';
import { itemAggregates, withAggregates } from '../collab/item-aggregates';
import { parseCsvRecords } from '../formats/csv';

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
