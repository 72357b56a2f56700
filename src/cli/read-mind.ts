import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeMindProblem, parseMind, type MindData } from '../core/datasets/mind';

/** A folder in MIND's layout: news.tsv and behaviors.tsv. */
export function isMindFolder(dir: string): boolean {
  return existsSync(join(dir, 'news.tsv')) || existsSync(join(dir, 'behaviors.tsv'));
}

/** For the command-line tools: the data and what was read, or the one-line problem on stderr and exit code 2. */
export function readMindOrExit(dir: string): { readonly data: MindData; readonly description: string } {
  const read = (name: string): string | undefined => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined);
  const parsed = parseMind({ news: read('news.tsv'), behaviors: read('behaviors.tsv') });
  if (parsed.kind === 'problem') {
    console.error(`${join(dir, parsed.problem.file)}: ${describeMindProblem(parsed.problem)}`);
    process.exit(2);
  }
  const { data } = parsed;
  const count = (n: number): string => n.toLocaleString('en');
  const clicks = data.impressions.reduce((sum, impression) => sum + impression.candidates.filter((c) => c.clicked).length, 0);
  const candidates = data.impressions.reduce((sum, impression) => sum + impression.candidates.length, 0);
  return {
    data,
    description: `${basename(dir)}: news.tsv (${count(data.news.length)} news), behaviors.tsv (${count(data.impressions.length)} impressions, ${count(candidates)} candidates, ${count(clicks)} clicks)`,
  };
}
