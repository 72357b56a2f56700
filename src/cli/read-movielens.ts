import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMovieLens, type MovieLensData } from '../core/datasets/movielens';

export function readMovieLens(dir: string): MovieLensData {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return parseMovieLens({ movies: read('movies.csv'), ratings: read('ratings.csv'), tags: read('tags.csv'), links: read('links.csv') });
}
