import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { movieLensInteractions, type MovieLensRating } from '../../src/core/datasets/movielens';
import { hitAt, intraListDiversity, ndcgAt, recallAt, reciprocalRank } from '../../src/core/eval/metrics';
import { coldStartFolds, DEFAULT_SPLIT_OPTIONS, splitInteractions } from '../../src/core/eval/split';

describe('metrics', () => {
  const relevant = new Set(['b', 'd']);
  it('NDCG@k against the ideal ordering', () => {
    expect(ndcgAt(['b', 'd', 'x'], relevant, 10)).toBeCloseTo(1, 12);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const ideal = 1 + 1 / Math.log2(3);
    expect(ndcgAt(['a', 'b', 'c', 'd'], relevant, 10)).toBeCloseTo(dcg / ideal, 12);
    expect(ndcgAt(['a', 'b'], relevant, 1)).toBe(0);
  });
  it('recall, hit rate and reciprocal rank', () => {
    expect(recallAt(['a', 'b', 'c'], relevant, 20)).toBe(0.5);
    expect(hitAt(['a', 'c', 'b'], relevant, 2)).toBe(0);
    expect(hitAt(['a', 'c', 'b'], relevant, 3)).toBe(1);
    expect(reciprocalRank(['a', 'c', 'd'], relevant)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank(['a'], relevant)).toBe(0);
  });
  it('intra-list diversity is the mean pairwise dissimilarity', () => {
    expect(intraListDiversity([0, 1, 2], (a, b) => (a + b === 1 ? 1 : 0))).toBeCloseTo(2 / 3, 12);
    expect(intraListDiversity([0], () => 0)).toBe(0);
  });
});

describe('splitInteractions', () => {
  const r = (userId: number, movieId: number, rating: number, timestamp: number): MovieLensRating => ({ userId, movieId, rating, timestamp });
  const ratings = [
    r(1, 1, 5, 10),
    r(1, 2, 1, 20),
    r(1, 3, 4, 30),
    r(1, 4, 3, 40),
    r(1, 5, 4, 50),
    r(1, 6, 2, 60),
    r(1, 7, 5, 70),
    r(2, 1, 4, 5),
    r(2, 9, 4.5, 6),
    r(3, 8, 2, 1),
  ];
  const split = splitInteractions(movieLensInteractions(ratings));

  it('holds out the last 20% of positives (at least one) and trains only on what came before', () => {
    const user = split.users.find((u) => u.userId === 1)!;
    // Positives at t=10, 30, 50, 70: round(4 × 0.2) = 1 held out, the last one.
    expect([...user.test]).toEqual(['ml-7']);
    expect(user.train.map((x) => x.item)).toEqual(['ml-1', 'ml-2', 'ml-3', 'ml-4', 'ml-5', 'ml-6']);
    for (const row of user.train) expect(row.at).toBeLessThan(70_000);
    expect(user.events.map((e) => e.kind)).toEqual(['like', 'dislike', 'like', 'open', 'like', 'dislike']);
    expect(user.now).toBe(61_000);
  });

  it('never puts a test rating into the global training data', () => {
    for (const user of split.users) {
      for (const id of user.test) expect(split.train.some((t) => t.user === user.userId && t.item === id)).toBe(false);
    }
  });

  it('skips users with no positives or no history before their test positives', () => {
    expect(split.users.map((u) => u.userId)).toEqual([1, 2]);
    const two = split.users.find((u) => u.userId === 2)!;
    expect([...two.test]).toEqual(['ml-9']);
  });

  it('cold start keeps the first k events and tests on every later positive', () => {
    const cold = splitInteractions(movieLensInteractions(ratings), { ...DEFAULT_SPLIT_OPTIONS, coldEvents: 2 });
    const user = cold.users.find((u) => u.userId === 1)!;
    expect(user.train.map((x) => x.item)).toEqual(['ml-1', 'ml-2']);
    expect([...user.test].sort()).toEqual(['ml-3', 'ml-5', 'ml-7']);
    expect(cold.train).toEqual(split.train);
  });

  it('cold-start folds score every user once, and no fold trains on its own users\' later rows', () => {
    const log = movieLensInteractions(ratings);
    const folds = coldStartFolds(log, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: 2 }, 2);
    const cold = splitInteractions(log, { ...DEFAULT_SPLIT_OPTIONS, coldEvents: 2 });
    expect(folds.flatMap((f) => f.users.map((u) => u.userId)).sort()).toEqual(cold.users.map((u) => u.userId).sort());
    for (const fold of folds) {
      for (const user of fold.users) {
        const own = fold.train.filter((row) => row.user === user.userId);
        expect(own).toEqual(user.train);
        for (const item of user.test) expect(own.some((row) => row.item === item)).toBe(false);
      }
      // Everyone else keeps their whole training part.
      const inFold = new Set(fold.users.map((u) => u.userId));
      expect(fold.train.filter((row) => !inFold.has(row.user))).toEqual(split.train.filter((row) => !inFold.has(row.user)));
    }
  });
});

describe('npm run eval', () => {
  it.runIf(existsSync('../shared/datasets/movielens-latest-small'))('prints one JSON object with every method, and Sift beats the baselines', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/eval.ts', '--json', '--users', '150', '--no-classic'], { encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { dataset: string; users: number; methods: Record<string, Record<string, number>> };
    expect(result.dataset).toBe('movielens-latest-small');
    expect(result.users).toBe(150);
    for (const method of ['random', 'popularity', 'itemknn', 'lexical', 'sift']) {
      expect(Object.keys(result.methods[method]!).sort()).toEqual(['coverage', 'hit@10', 'ild', 'mrr', 'ndcg@10', 'recall@20']);
    }
    const ndcg = (m: string): number => result.methods[m]!['ndcg@10']!;
    expect(ndcg('sift')).toBeGreaterThan(ndcg('popularity'));
    expect(ndcg('sift')).toBeGreaterThan(ndcg('random'));
    expect(ndcg('sift')).toBeGreaterThan(ndcg('lexical'));
  }, 120_000);

  it.runIf(existsSync('../shared/datasets/movielens-latest-small'))('without neighbours in the catalogue, Sift still beats a popularity list, warm and cold', () => {
    for (const extra of [[], ['--cold', '3']]) {
      const out = execFileSync('npx', ['tsx', 'src/cli/eval.ts', '--json', '--no-neighbors', ...extra], { encoding: 'utf8' });
      const result = JSON.parse(out.trim().split('\n').pop()!) as { neighbors: boolean; methods: Record<string, Record<string, number>> };
      expect(result.neighbors).toBe(false);
      expect(result.methods.itemknn).toBeUndefined();
      expect(result.methods.sift!['ndcg@10']!).toBeGreaterThan(result.methods.popularity!['ndcg@10']!);
    }
  }, 180_000);
});
