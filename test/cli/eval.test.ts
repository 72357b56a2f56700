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
    expect(Object.keys(report.methods)).toEqual(expect.arrayContaining(['sift', 'itemknn', 'rp3beta', 'ease']));
  }, 120_000);

  it('learns the catalogue\'s neighbours as the builder would with --neighbor-model, and says which', async () => {
    const ranked = async (...options: string[]) => {
      // The real dataset (the fixture has no pair of items five users share), 60 users of it.
      const { stdout } = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', '../shared/datasets/movielens-latest-small', '--users', '60', '--no-classic', '--json', ...options]);
      return JSON.parse(stdout) as { neighbors: string; methods: Record<string, { 'ndcg@10': number; coverage: number }> };
    };
    const [rp3beta, cosine] = await Promise.all([ranked(), ranked('--neighbor-model', 'cosine', '--max-neighbors', '10')]);
    expect(rp3beta.neighbors).toBe('RP3beta (α 0.5, β 0.4) neighbours, up to 20 an item, with weights');
    expect(cosine.neighbors).toBe('cosine neighbours, up to 10 an item, without weights');
    // The neighbours are what item-kNN ranks by: other lists, another ranking.
    expect(rp3beta.methods.itemknn).not.toEqual(cosine.methods.itemknn);
    expect(rp3beta.methods.popularity).toEqual(cosine.methods.popularity);
  }, 120_000);

  it('--validation scores the table on a split of the training part only, and takes no other protocol', async () => {
    const table = async (...options: string[]) => {
      const { stdout } = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', '../shared/datasets/movielens-latest-small', '--users', '60', '--no-classic', '--json', ...options]);
      return JSON.parse(stdout) as { validation: boolean; users: number; methods: Record<string, { 'ndcg@10': number }> };
    };
    const [test, validation] = await Promise.all([table(), table('--validation')]);
    expect([test.validation, validation.validation]).toEqual([false, true]);
    // Other held-out positives (the test split's training part, split again): another figure.
    expect(validation.methods.sift!['ndcg@10']).not.toBe(test.methods.sift!['ndcg@10']);
    expect(validation.methods.popularity!['ndcg@10']).not.toBe(test.methods.popularity!['ndcg@10']);
    const refused = await run('npx', ['tsx', 'src/cli/eval.ts', '--validation', '--context']).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe('--validation scores the table on the validation split; --context has its own protocol');
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

describe('npm run eval -- --split-half', () => {
  it('scores priors tuned on one half of the users on the other, warm and cold; a half too small to tune keeps the defaults', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', fixture, '--split-half', '--json']);
    const report = JSON.parse(stdout) as { rows: Array<{ part: string; tunedOn: string; testedOn: string; defaults: number; tunedOnOtherHalf: number; popularity: number }> };
    expect(report.rows.map((r) => [r.part, r.tunedOn, r.testedOn])).toEqual([
      ['warm', 'odd', 'even'],
      ['warm', 'even', 'odd'],
      ['cold', 'odd', 'even'],
      ['cold', 'even', 'odd'],
    ]);
    // The fixture's halves are far below the 50 users tuning needs.
    for (const row of report.rows) expect(row.tunedOnOtherHalf).toBe(row.defaults);
    const refused = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', fixture, '--split-half', '--context']).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/--split-half runs its own protocol/);
  }, 120_000);
});

describe('npm run eval on news (MIND layout)', () => {
  it('prints every method with AUC, MRR and nDCG as fractions, on the project\'s own MIND-format fixture', async () => {
    const { code, stdout } = await evalOn('test/fixtures/mind-mini');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { kind: string; impressions: number; methods: Record<string, Record<string, number> & { impressions: number; se: Record<string, number> }> };
    expect(report.kind).toBe('mind');
    expect(report.impressions).toBe(12);
    expect(Object.keys(report.methods)).toEqual(['random', 'mostpop', 'topicpop', 'lexical', 'sift']);
    for (const scores of Object.values(report.methods)) {
      // One impression has only clicks' complement missing (no click): it is not averaged.
      expect(scores.impressions).toBe(11);
      for (const metric of ['auc', 'mrr', 'ndcg@5', 'ndcg@10']) {
        expect(scores[metric]).toBeGreaterThanOrEqual(0);
        expect(scores[metric]).toBeLessThanOrEqual(1);
        expect(scores.se[metric]).toBeGreaterThanOrEqual(0);
      }
    }
    // On this fixture readers click their own topics: topic-aware rankings beat chance.
    expect(report.methods.topicpop!.auc).toBeGreaterThan(report.methods.random!.auc!);
    expect(report.methods.lexical!.auc).toBeGreaterThan(report.methods.random!.auc!);
  }, 120_000);

  it('says which file is wrong and where', async () => {
    const dir = mkdir('bad-mind');
    writeFileSync(join(dir, 'news.tsv'), 'N1\tsports\tfootball\tA title\t\n');
    writeFileSync(join(dir, 'behaviors.tsv'), '1\t-\t-\tN1\tN2-1 N1-0\n');
    const { code, stderr } = await evalOn(dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/behaviors\.tsv: behaviors\.tsv, row 1: news N2 is not in news\.tsv/);
  }, 120_000);

  it('adds sift+vectors with real Universal Sentence Encoder lite vectors (a handful of texts), and with --priors tuned the semantic weight tuned on each half of the readers, scored on the other', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', 'test/fixtures/mind-mini', '--vectors', 'use-lite', '--priors', 'tuned', '--json']);
    type Half = { testedOn: string; impressions: number; tunedWeight: number; auc: Record<'sift' | 'defaults' | 'tuned' | 'best', { mean: number; se: number }> };
    const report = JSON.parse(stdout) as { vectors: string; impressions: number; methods: Record<string, { auc: number }>; semantic: Half[] };
    expect(report.vectors).toBe('use-lite');
    expect(report.methods['sift+vectors']!.auc).toBeGreaterThan(0);
    expect(report.methods['sift+vectors']!.auc).not.toBe(report.methods.sift!.auc);
    expect(report.semantic.map((half) => half.testedOn)).toEqual(['a', 'b']);
    expect(report.semantic[0]!.impressions + report.semantic[1]!.impressions).toBe(report.impressions);
    for (const half of report.semantic) {
      expect([0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2]).toContain(half.tunedWeight);
      for (const figure of Object.values(half.auc)) expect(figure.mean).toBeGreaterThanOrEqual(0);
    }
    const refused = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', 'test/fixtures/mind-mini', '--priors', 'tuned']).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/--priors tuned tunes the semantic weight and needs --vectors use-lite/);
  }, 180_000);
});

describe('npm run eval -- --context', () => {
  it('ranks each test positive in the context of the previous one, with the context baselines', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/eval.ts', '--data', fixture, '--context', '--json']);
    const report = JSON.parse(stdout) as { cases: number; methods: Record<string, { 'ndcg@10': number; cases: number }> };
    expect(Object.keys(report.methods)).toEqual(['itemknn-context', 'sift', 'sift-context']);
    expect(report.cases).toBeGreaterThan(0);
    for (const scores of Object.values(report.methods)) expect(scores['ndcg@10']).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

describe('npm run eval -- --chinese', () => {
  it('prints warm and cold, with and without neighbours, Sift above popularity in each; refuses options it does not take', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli/eval.ts', '--chinese', '--json']);
    const result = JSON.parse(stdout) as { items: number; parts: Array<{ part: string; neighbors: boolean; methods: Record<string, { 'ndcg@10': number }> }> };
    expect(result.items).toBe(1200);
    expect(result.parts.map((p) => `${p.part}/${p.neighbors}`)).toEqual(['warm/true', 'cold/true', 'warm/false', 'cold/false']);
    for (const part of result.parts) expect(part.methods.sift!['ndcg@10']).toBeGreaterThan(part.methods.popularity!['ndcg@10']);
    const refused = await run('npx', ['tsx', 'src/cli/eval.ts', '--chinese', '--cold', '3']).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/^--chinese runs its own protocol/);
  }, 120_000);
});
