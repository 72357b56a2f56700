import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/core/catalogue/parse-catalogue';
import { cooccurrenceNeighbors, DEFAULT_COOCCURRENCE_OPTIONS } from '../../src/core/collab/cooccurrence';
import { checkMovieLens, describeMovieLensProblem, movieLensCatalogue, parseMovieLens } from '../../src/core/datasets/movielens';

const dir = 'test/fixtures/movielens-mini';
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const data = parseMovieLens({ movies: read('movies.csv'), ratings: read('ratings.csv'), tags: read('tags.csv'), links: read('links.csv') });
const options = { ...DEFAULT_COOCCURRENCE_OPTIONS, minItemSupport: 1, minPairUsers: 1 };

describe('MovieLens to a Sift catalogue', () => {
  // A mini log: every pair is rare, so the k-anonymity threshold is lowered (options) to see neighbours at all.
  const catalogue = movieLensCatalogue(data, data.ratings, options);
  const byId = new Map(catalogue.items.map((item) => [item.id, item]));

  it('restores article-first titles and moves the year into published_at', () => {
    expect(byId.get('ml-2')!.title).toBe('The American President');
    expect(byId.get('ml-3')!.title).toBe('The Matrix');
    expect(byId.get('ml-6')!.title).toBe('The City of Lost Children (Cité des enfants perdus, La)');
    expect(byId.get('ml-3')!.published_at).toBe('1999-01-01T00:00:00.000Z');
    expect(byId.get('ml-5')!.published_at).toBeUndefined();
  });

  it('tags are genres plus user tags merged case-insensitively, most used first', () => {
    expect(byId.get('ml-3')!.tags).toEqual(['Action', 'Sci-Fi', 'Thriller', 'cyberpunk', 'philosophy']);
    expect(byId.get('ml-5')!.tags).toEqual([]);
  });

  it('popularity is the rating count and links prefer TMDB, then IMDb', () => {
    expect(byId.get('ml-4')!.popularity).toBe(3);
    expect(byId.get('ml-1')!.url).toBe('https://www.themoviedb.org/movie/862');
    expect(byId.get('ml-3')!.url).toBe('https://www.imdb.com/title/tt0133093/');
    expect(byId.get('ml-5')!.url).toBeUndefined();
  });

  it('neighbours come from co-liked movies only (ratings ≥ 4)', () => {
    expect(byId.get('ml-1')!.neighbors![0]).toBe('ml-3');
    // User 2 rated movie 2 with 2.0: not a like, so it has no neighbours.
    expect(byId.get('ml-2')!.neighbors).toBeUndefined();
  });

  it('is a valid catalogue in the published format', () => {
    const parsed = parseCatalogue(JSON.parse(JSON.stringify(catalogue)));
    expect(parsed).toMatchObject({ kind: 'ok', skippedCount: 0 });
  });
});

describe('cooccurrenceNeighbors', () => {
  it('ranks the pair seen together most often first and never lists an item as its own neighbour', () => {
    const baskets = [['a', 'b', 'c'], ['a', 'b'], ['a', 'b'], ['a', 'c'], ['d']];
    const neighbors = cooccurrenceNeighbors(baskets, options);
    expect(neighbors.get('a')!.ids[0]).toBe('b');
    expect(neighbors.get('b')!.ids).toEqual(['a', 'c']);
    for (const [item, list] of neighbors) expect(list.ids).not.toContain(item);
    expect(neighbors.has('d')).toBe(false);
  });

  it('never publishes a pair fewer than minPairUsers distinct users engaged with', () => {
    const baskets = [['a', 'b'], ['a', 'b'], ['a', 'c'], ['a', 'c'], ['a', 'c']];
    const neighbors = cooccurrenceNeighbors(baskets, { ...options, minPairUsers: 3 });
    expect(neighbors.get('a')!.ids).toEqual(['c']);
    expect(neighbors.get('c')!.ids).toEqual(['a']);
    expect(neighbors.has('b')).toBe(false);
  });

  it('respects the support threshold and the neighbour cap', () => {
    const baskets = [['a', 'b'], ['a', 'c'], ['a', 'b']];
    const neighbors = cooccurrenceNeighbors(baskets, { ...options, minItemSupport: 2, maxNeighbors: 1 });
    expect(neighbors.get('a')!.ids).toEqual(['b']);
    expect(neighbors.has('c')).toBe(false);
  });
});

describe('checkMovieLens', () => {
  const movies = read('movies.csv');
  const ratings = read('ratings.csv');

  it('needs only ratings.csv and movies.csv, and reads the same data as the full set without tags and links', () => {
    const checked = checkMovieLens({ movies, ratings });
    expect(checked.kind).toBe('ok');
    if (checked.kind !== 'ok') return;
    expect(checked.data.ratings).toEqual(data.ratings);
    expect(checked.data.movies).toEqual(data.movies);
    expect(checked.data.tags).toEqual([]);
    expect(checked.data.links).toEqual([]);
  });

  it('names the file, the column and the row of what is wrong', () => {
    expect(checkMovieLens({ ratings })).toEqual({ kind: 'problem', problem: { kind: 'missing-file', file: 'movies.csv' } });
    expect(checkMovieLens({ movies, ratings: ratings.replace('rating', 'stars') })).toEqual({ kind: 'problem', problem: { kind: 'missing-column', file: 'ratings.csv', column: 'rating' } });
    const lines = ratings.split('\n');
    lines[2] = lines[2]!.replace(/,[^,]+,(\d+)$/, ',four,$1');
    const bad = checkMovieLens({ movies, ratings: lines.join('\n') });
    expect(bad).toEqual({ kind: 'problem', problem: { kind: 'bad-value', file: 'ratings.csv', row: 3, column: 'rating', value: 'four' } });
    if (bad.kind === 'problem') expect(describeMovieLensProblem(bad.problem)).toBe('ratings.csv, row 3: rating is "four", not a number');
    expect(checkMovieLens({ movies, ratings, tags: 'userId,movieId\n1,2\n' })).toEqual({ kind: 'problem', problem: { kind: 'missing-column', file: 'tags.csv', column: 'tag' } });
  });
});
