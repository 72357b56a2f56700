import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMovieLens, type MovieLensData } from '../core/datasets/movielens';

export function readMovieLens(dir: string): MovieLensData {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  // tags.csv and links.csv only enrich the items (user tags, links): a copy without them still works.
  const optional = (name: string, header: string): string => (existsSync(join(dir, name)) ? read(name) : `${header}\n`);
  return parseMovieLens({
    movies: read('movies.csv'),
    ratings: read('ratings.csv'),
    tags: optional('tags.csv', 'userId,movieId,tag,timestamp'),
    links: optional('links.csv', 'movieId,imdbId,tmdbId'),
  });
}
