import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eventsSince } from '../../src/storage/event-repository';
import { openParts } from './session-parts-fixture';

describe('Feedback', () => {
  it('a like records the cards passed over above it once per page, with what each card showed; an unlike shows nothing', async () => {
    const parts = openParts();
    await parts.catalogues.start();
    const { view, feedback, events, db } = parts;
    const third = view.feed[2]!.item.id;
    const above = view.feed.slice(0, 2).map((e) => e.item.id);
    await feedback.act(third, 'like');
    await feedback.act(third, 'unlike');
    await feedback.act(third, 'like');
    await events.flush();
    const stored = await eventsSince(db, 'films', 0);
    expect(stored.map((e) => [e.kind, 'itemId' in e ? e.itemId : null])).toEqual([
      ['skip', above[0]],
      ['skip', above[1]],
      ['like', third],
      ['unlike', third],
      ['like', third],
    ]);
    expect(stored[2]).toHaveProperty('shown.popularity');
    expect(stored[3]).not.toHaveProperty('shown');
    expect(view.marks.get(third)?.reaction).toBe('liked');
    db.close();
  });

  it('a search is an event and shows its results with their marks; acting on an item ends onboarding', async () => {
    const parts = openParts();
    await parts.catalogues.start();
    const { view, feedback, events, db } = parts;
    expect(view.onboarding).toBe(true);
    await feedback.act('alien', 'save');
    expect(view.onboarding).toBe(false);
    await feedback.searchFor('  space  ');
    expect(view.searchResults?.kind).toBe('search');
    expect(view.searchResults?.query).toBe('space');
    expect(view.searchResults?.results.find((e) => e.item.id === 'alien')?.mark.saved).toBe(true);
    await events.flush();
    expect((await eventsSince(db, 'films', 0)).filter((e) => e.kind === 'search')).toEqual([expect.objectContaining({ query: 'space' })]);
    await feedback.searchFor('   ');
    expect(view.searchResults).toBeNull();
    db.close();
  });
});
