import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = 'test/fixtures/movielens-mini';
const scratch = mkdtempSync(join(tmpdir(), 'sift-eval-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder named `name` with the fixture's files, some left out or replaced. */
function dataset(name: string, files: Record<string, string | null>): string {
  const dir = join(scratch, name);
  for (const file of ['movies.csv', 'ratings.csv', 'tags.csv', 'links.csv']) {
    const replaced = files[file];
    if (replaced === null) continue;
    if (replaced === undefined) copyFileSync(join(fixture, file), join(dir, file));
    else writeFileSync(join(dir, file), replaced);
  }
  return dir;
}

async function evalOn(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', dir, '--json']);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const mkdir = (name: string): string => mkdtempSync(join(scratch, `${name}-`));

describe('npm run eval -- --data DIR', () => {
  it('names the dataset it read and runs on ratings.csv and movies.csv alone', async () => {
    const dir = mkdir('my-ratings');
    const name = dir.slice(scratch.length + 1);
    dataset(name, { 'tags.csv': null, 'links.csv': null });
    const { code, stdout } = await evalOn(dir);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { dataset: string; files: string[]; methods: Record<string, unknown> };
    expect(report.dataset).toBe(name);
    expect(report.files).toEqual(['ratings.csv', 'movies.csv']);
    expect(Object.keys(report.methods)).toContain('sift');
  }, 120_000);

  it('says in one line which file is missing or malformed', async () => {
    const missing = mkdir('no-movies');
    dataset(missing.slice(scratch.length + 1), { 'movies.csv': null });
    const malformed = mkdir('bad-ratings');
    dataset(malformed.slice(scratch.length + 1), { 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,five,964981247\n' });
    for (const [dir, expected] of [
      [missing, /movies\.csv is missing/],
      [malformed, /ratings\.csv: ratings\.csv, row 3: rating is "five", not a number/],
    ] as const) {
      const { code, stdout, stderr } = await evalOn(dir);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n').filter((line) => !line.startsWith('npm warn'))).toEqual([expect.stringMatching(expected)]);
    }
  }, 120_000);
});
