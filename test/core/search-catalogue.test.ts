import { describe, expect, it } from 'vitest';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { searchCatalogue } from '../../src/core/rank/search-catalogue';
import { DEFAULT_SIGNAL_WEIGHTS } from '../../src/core/rank/priors';
import { T0, featureSource, filmIndex } from './catalogue-fixture';

const index = filmIndex();
const source = featureSource(index);
const search = (profile: InterestProfile, query: string, limit = 10) =>
  searchCatalogue(index, profile, { query, limit, now: T0, weights: DEFAULT_SIGNAL_WEIGHTS }).map((r) => r.itemId);

describe('searchCatalogue', () => {
  it('finds items by tag and title words; nothing for words the catalogue lacks', () => {
    const fresh = new InterestProfile();
    expect(search(fresh, 'romance').sort()).toEqual(['amelie', 'before-sunrise', 'notebook']);
    expect(search(fresh, 'the shining')[0]).toBe('shining');
    expect(search(fresh, 'zebra quantum')).toEqual([]);
    expect(search(fresh, '')).toEqual([]);
  });

  it('among comparable matches, taste decides; rejected items are left out', () => {
    const fresh = new InterestProfile();
    const likesSpace = new InterestProfile();
    likesSpace.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    // Three films are tagged drama; the one set in space goes first for someone who likes space.
    expect(search(fresh, 'drama')[0]).not.toBe('solaris');
    expect(search(fresh, 'drama').sort()).toEqual(['notebook', 'shining', 'solaris']);
    expect(search(likesSpace, 'drama')[0]).toBe('solaris');
    likesSpace.apply({ kind: 'dislike', itemId: 'notebook', at: T0 }, source);
    expect(search(likesSpace, 'drama')).not.toContain('notebook');
  });

  it("results carry the ranking's explanations and respect the limit", () => {
    const results = searchCatalogue(index, new InterestProfile(), { query: 'space', limit: 2, now: T0, weights: DEFAULT_SIGNAL_WEIGHTS });
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.explanation.signals.length).toBeGreaterThan(0);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
  });
});
