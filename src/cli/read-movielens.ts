import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkMovieLens, describeMovieLensProblem, type MovieLensData, type MovieLensFileName } from '../core/datasets/movielens';

export type MovieLensRead =
  | {
      readonly kind: 'ok';
      readonly data: MovieLensData;
      /** What was read, for a person: the folder's name and each file with what it held. */
      readonly description: string;
      readonly files: readonly MovieLensFileName[];
    }
  /** One line naming the file at fault. */
  | { readonly kind: 'problem'; readonly message: string };

/** A MovieLens folder (ml-latest-small layout): ratings.csv and movies.csv, tags.csv and links.csv if there. */
export function readMovieLens(dir: string): MovieLensRead {
  const read = (name: MovieLensFileName): string | undefined => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined);
  const texts = { ratings: read('ratings.csv'), movies: read('movies.csv'), tags: read('tags.csv'), links: read('links.csv') };
  const checked = checkMovieLens(texts);
  if (checked.kind === 'problem') return { kind: 'problem', message: `${join(dir, checked.problem.file)}: ${describeMovieLensProblem(checked.problem)}` };
  const { data } = checked;
  const count = (n: number): string => n.toLocaleString('en');
  const files: MovieLensFileName[] = ['ratings.csv', 'movies.csv'];
  const parts = [`ratings.csv (${count(data.ratings.length)} ratings by ${count(new Set(data.ratings.map((r) => r.userId)).size)} users)`, `movies.csv (${count(data.movies.length)} movies)`];
  if (texts.tags !== undefined) {
    files.push('tags.csv');
    parts.push(`tags.csv (${count(data.tags.length)} tags)`);
  } else parts.push('no tags.csv');
  if (texts.links !== undefined) {
    files.push('links.csv');
    parts.push(`links.csv (${count(data.links.length)} links)`);
  } else parts.push('no links.csv');
  return { kind: 'ok', data, files, description: `${basename(dir)}: ${parts.join(', ')}` };
}

/** For the command-line tools: the data, or the one-line problem on stderr and exit code 2. */
export function readMovieLensOrExit(dir: string): { readonly data: MovieLensData; readonly description: string; readonly files: readonly MovieLensFileName[] } {
  const result = readMovieLens(dir);
  if (result.kind === 'problem') {
    console.error(result.message);
    process.exit(2);
  }
  return result;
}
