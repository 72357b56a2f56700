import { describe, expect, it } from 'vitest';
import { EMPTY_INTENT, type ConversationalIntent } from '../../src/core/intent/intent';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { rankForIntent } from '../../src/core/rank/rank-for-intent';
import { DEFAULT_SIGNAL_WEIGHTS } from '../../src/core/rank/priors';
import { FILMS, T0, featureSource, filmIndex } from './catalogue-fixture';

const dated = FILMS.map((film, i) => ({ ...film, published_at: `${1970 + i * 5}-06-01` }));
const index = filmIndex(dated);
const run = (intent: Partial<ConversationalIntent>, profile = new InterestProfile()) =>
  rankForIntent(index, profile, { ...EMPTY_INTENT, ...intent }, { limit: 10, now: T0, weights: DEFAULT_SIGNAL_WEIGHTS }).map((r) => r.itemId);

describe('rankForIntent', () => {
  it('asked-for tags: items carrying more of them first; excluded tags never appear', () => {
    const ids = run({ includeTags: ['Sci-Fi', 'space'], excludeTags: ['Horror'] });
    expect(ids).not.toContain('alien');
    expect(ids.sort()).toEqual(['gravity', 'interstellar', 'solaris']);
    expect(run({ includeTags: ['Horror', 'family'] })[0]).toBe('hereditary');
  });

  it('years bound the results; words narrow them when no tag is asked for', () => {
    const years = dated.filter((f) => f.published_at! >= '1990' && f.published_at! < '2000').map((f) => f.id);
    expect(run({ years: { from: 1990, to: 1999 } }).sort()).toEqual(years.sort());
    expect(run({ query: 'sunrise' })).toEqual(['before-sunrise']);
  });

  it('taste orders comparable matches; rejected items stay out', () => {
    const profile = new InterestProfile();
    const source = featureSource(index);
    expect(run({ includeTags: ['drama'] })[0]).not.toBe('solaris');
    profile.apply({ kind: 'like', itemId: 'gravity', at: T0 }, source);
    profile.apply({ kind: 'like', itemId: 'interstellar', at: T0 }, source);
    expect(run({ includeTags: ['drama'] }, profile)[0]).toBe('solaris');
    profile.apply({ kind: 'dislike', itemId: 'notebook', at: T0 }, source);
    expect(run({ includeTags: ['drama'] }, profile)).not.toContain('notebook');
  });
});
