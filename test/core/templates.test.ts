import { describe, expect, it } from 'vitest';
import type { ProfileDescription } from '../../src/core/explain/describe-profile';
import type { Reason } from '../../src/core/explain/reasons';
import { templateBlurb, templateDigest, templateProfileSummary } from '../../src/core/generate/templates';

const liked: Reason = { kind: 'because-you-liked', title: 'Alien', via: 'neighbors' };
const tags: Reason = { kind: 'matches-interests', labels: ['Sci-Fi', 'space'] };
const popular: Reason = { kind: 'popular', popularity: 1234 };

describe('template writing (no language model)', () => {
  it('a blurb is one or two sentences built only from the reasons given', () => {
    expect(templateBlurb({ title: 'Gravity', reasons: [liked, tags, popular] }, 'en')).toBe(
      'People who liked Alien, as you did, liked this too. It is Sci-Fi and space, which you keep coming back to.',
    );
    expect(templateBlurb({ title: 'Gravity', reasons: [popular] }, 'en')).toBe('Widely liked: 1,234 ratings.');
    expect(templateBlurb({ title: 'Gravity', reasons: [{ kind: 'seen-before' }] }, 'en')).toBe('');
    expect(templateBlurb({ title: 'Gravity', reasons: [tags, liked] }, 'zh')).toBe('它属于Sci-Fi、space，正是你常看的类型。喜欢《Alien》的人也喜欢它，而你也喜欢《Alien》。');
  });

  it('the digest names the top picks with a short reason each, and only titles it was given', () => {
    const picks = [
      { title: 'Gravity', reasons: [liked] },
      { title: 'Solaris', reasons: [tags] },
      { title: 'Amélie', reasons: [popular] },
    ];
    expect(templateDigest(picks, 'en')).toBe('This week for you: Gravity (because you liked Alien), Solaris (Sci-Fi and space) and Amélie.');
    expect(templateDigest(picks, 'zh')).toBe('本周为你挑选：《Gravity》（因为你喜欢《Alien》）；《Solaris》（Sci-Fi、space）；《Amélie》。');
    expect(templateDigest([], 'en')).toBe('');
  });

  it('the profile summary gives the main interests with shares and what is avoided', () => {
    const profile: ProfileDescription = {
      interests: [
        { share: 0.6, tags: [{ tag: 'Sci-Fi', weight: 1 }, { tag: 'space', weight: 0.8 }], nearestItemIds: [] },
        { share: 0.4, tags: [{ tag: 'Romance', weight: 1 }, { tag: 'Paris', weight: 0.5 }], nearestItemIds: [] },
      ],
      tags: [],
      avoided: [{ tag: 'Horror', weight: 1 }],
      eventCount: 5,
    };
    expect(templateProfileSummary(profile, 'en')).toBe('You are mostly into Sci-Fi and space (60%), and also Romance and Paris (40%). You tend to pass on Horror.');
    expect(templateProfileSummary(profile, 'zh')).toBe('你最喜欢Sci-Fi、space（60%），也喜欢Romance、Paris（40%）。你通常不选Horror。');
    expect(templateProfileSummary({ interests: [], tags: [], avoided: [], eventCount: 0 }, 'en')).toMatch(/does not know your taste yet/);
  });
});
