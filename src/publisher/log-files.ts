import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PublisherError } from './publisher-error';

/** Which files a `--interactions` list names, and in what format each is read. */
export type Format = 'csv' | 'json' | 'parquet';

export const FORMAT_BY_SUFFIX: ReadonlyArray<readonly [RegExp, Format]> = [
  [/\.(csv|tsv|txt)(\.gz|\.zst)?$/i, 'csv'],
  [/\.(jsonl|ndjson|json)(\.gz|\.zst)?$/i, 'json'],
  [/\.parquet$/i, 'parquet'],
];

export interface InputGroup {
  readonly format: Format;
  readonly patterns: string[];
  files: number;
}

/** The inputs, grouped by format (each group is read by one DuckDB reader). */
export function resolveInputs(inputs: readonly string[]): InputGroup[] {
  const groups = new Map<Format, InputGroup>();
  const add = (format: Format, paths: readonly string[]): void => {
    let group = groups.get(format);
    if (group === undefined) groups.set(format, (group = { format, patterns: [], files: 0 }));
    group.patterns.push(...paths);
    group.files += paths.length;
  };
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      // A folder (Hive-partitioned or not): every data file below it.
      const dataFiles = listFiles(input).filter((file) => formatOf(file) !== undefined);
      if (dataFiles.length === 0) throw new PublisherError({ kind: 'no-files', input });
      for (const format of new Set(dataFiles.map((file) => formatOf(file)!))) add(format, dataFiles.filter((file) => formatOf(file) === format));
      continue;
    }
    const own = formatOf(input);
    if (own === undefined) throw new PublisherError({ kind: 'unknown-format', input });
    if (/[*?[]/.test(input) ? !globMatchesAny(input) : !existsSync(input)) throw new PublisherError({ kind: 'no-files', input });
    add(own, [input]);
  }
  if (groups.size === 0) throw new PublisherError({ kind: 'no-files', input: inputs.join(' ') });
  return [...groups.values()];
}

// Whether a glob (logs/*.csv, logs/**/day=*/*.parquet) names at least one file, as DuckDB would read it.
export function globMatchesAny(pattern: string): boolean {
  return globMatches(pattern).length > 0;
}

/** The files a glob names, as DuckDB would read them. */
export function globMatches(pattern: string): string[] {
  const parts = pattern.split('/');
  const firstWild = parts.findIndex((part) => /[*?[]/.test(part));
  const base = parts.slice(0, firstWild).join('/') || (pattern.startsWith('/') ? '/' : '.');
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const source = parts
    .slice(firstWild)
    .map((part) => (part === '**' ? '(?:.*/)?' : `${part.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`))
    .join('')
    .replace(/\/$/, '');
  const matcher = new RegExp(`^${source}$`);
  const prefix = base === '.' ? '' : `${base.replace(/\/$/, '')}/`;
  return listFiles(base).filter((file) => matcher.test((prefix === '' ? file : file.slice(prefix.length)).replace(/\\/g, '/')));
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('_')) out.push(path);
  }
  return out.sort();
}

export function formatOf(path: string): Format | undefined {
  return FORMAT_BY_SUFFIX.find(([pattern]) => pattern.test(path))?.[1];
}

/**
 * Access logs (`--format access-log`): every file the inputs name, whatever its suffix
 * (access.log, access.log.1, access.log.2.gz), rotated files included.
 */
export function resolveAccessLogFiles(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      const found = listFiles(input);
      if (found.length === 0) throw new PublisherError({ kind: 'no-files', input });
      files.push(...found);
    } else if (/[*?[]/.test(input)) {
      const found = globMatches(input);
      if (found.length === 0) throw new PublisherError({ kind: 'no-files', input });
      files.push(...found);
    } else if (existsSync(input)) files.push(input);
    else throw new PublisherError({ kind: 'no-files', input });
  }
  if (files.length === 0) throw new PublisherError({ kind: 'no-files', input: inputs.join(' ') });
  return files;
}
