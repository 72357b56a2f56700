import { describe, expect, it } from 'vitest';
import { buildCatalogueIndex } from '../../src/core/index/catalogue-index';
import { tagKey } from '../../src/core/lexical/lexical-index';
import { seededRandom } from '../../src/core/random/seeded-random';
import { rerank, type Candidate } from '../../src/core/rank/rerank';

// Ten near-identical horror films scored highest, then a spread of other genres.
const items = [
  ...Array.from({ length: 10 }, (_, i) => ({ id: `h${i}`, title: `Horror ${i}`, tags: ['Horror', 'slasher'] })),
  { id: 'c', title: 'Comedy', tags: ['Comedy'] },
  { id: 'r', title: 'Romance', tags: ['Romance'] },
  { id: 'd', title: 'Documentary', tags: ['Documentary'] },
  { id: 'w', title: 'Western', tags: ['Western'] },
];
const index = buildCatalogueIndex(items);
const candidates: Candidate[] = items.map((_, position) => ({ position, score: position < 10 ? 1 - position * 0.01 : 0.5 - position * 0.01 }));
const ids = (picks: ReturnType<typeof rerank>): string[] => picks.map((p) => items[p.position]!.id);
const base = { diversity: 0, maxTagShare: 1, explorationEvery: 0, random: seededRandom(1) };

describe('rerank', () => {
  it('with everything off, keeps the score order', () => {
    expect(ids(rerank(index, candidates, 6, new Map(), base))).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5']);
  });

  it('MMR diversity brings other genres into the top', () => {
    const picked = ids(rerank(index, candidates, 6, new Map(), { ...base, diversity: 0.6 }));
    expect(picked[0]).toBe('h0');
    expect(picked.filter((id) => !id.startsWith('h')).length).toBeGreaterThanOrEqual(2);
  });

  it('caps the share of any one tag', () => {
    const picked = ids(rerank(index, candidates, 8, new Map(), { ...base, maxTagShare: 0.5 }));
    expect(picked.filter((id) => id.startsWith('h'))).toHaveLength(4);
    expect(picked).toHaveLength(8);
  });

  it('still fills the page when the cap cannot be met', () => {
    const onlyHorror = candidates.slice(0, 10);
    expect(rerank(index, onlyHorror, 6, new Map(), { ...base, maxTagShare: 0.2 })).toHaveLength(6);
  });

  it('exploration slots favour tags that get clicked and avoid tags that keep being skipped', () => {
    const stats = new Map([
      [tagKey('Western'), { clicks: 30, skips: 0 }],
      [tagKey('Horror'), { clicks: 0, skips: 50 }],
      [tagKey('slasher'), { clicks: 0, skips: 50 }],
      [tagKey('Comedy'), { clicks: 0, skips: 50 }],
      [tagKey('Romance'), { clicks: 0, skips: 50 }],
      [tagKey('Documentary'), { clicks: 0, skips: 50 }],
    ]);
    let westerns = 0;
    for (let seed = 0; seed < 20; seed += 1) {
      const picks = rerank(index, candidates, 4, stats, { ...base, explorationEvery: 4, random: seededRandom(seed) });
      const explored = picks[3]!;
      expect(explored.exploredTag).toBeGreaterThanOrEqual(0);
      if (items[explored.position]!.id === 'w') westerns += 1;
    }
    expect(westerns).toBeGreaterThanOrEqual(18);
  });

  it('with no history, exploration spreads over tags (uniform Beta(1, 1) draws)', () => {
    const explored = new Set<string>();
    for (let seed = 0; seed < 30; seed += 1) {
      const picks = rerank(index, candidates, 4, new Map(), { ...base, explorationEvery: 4, random: seededRandom(seed) });
      explored.add(items[picks[3]!.position]!.id);
    }
    expect(explored.size).toBeGreaterThanOrEqual(3);
  });
});
