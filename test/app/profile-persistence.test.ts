import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/storage/profile-repository';
import { loadFeedCache } from '../../src/storage/feed-cache-repository';
import { openParts } from './session-parts-fixture';

describe('ProfilePersistence', () => {
  it('saves the profile with the seq it covers and the feed cache; a start reads it back with the events after it', async () => {
    const parts = openParts();
    await parts.catalogues.start();
    const { feedback, profile, db } = parts;
    await feedback.act('gravity', 'like');
    await profile.flush();
    const saved = await loadProfile(db, 'films');
    expect(saved?.lastEventSeq).toBe(profile.appliedSeq);
    expect(saved?.snapshot.eventCount).toBeGreaterThan(0);
    expect((await loadFeedCache(db))?.eventSeq).toBe(profile.appliedSeq);
    const before = await profile.readStart('films');
    expect(before.replay).toEqual([]);
    await feedback.act('alien', 'like');
    await parts.events.flush();
    const after = await profile.readStart('films');
    expect(after.throughSeq).toBe(before.throughSeq);
    expect(after.replay.map((e) => e.kind)).toEqual(['like']);
    db.close();
  });

  it('compacting folds the oldest half of the history into a summary and leaves the feed as it was', async () => {
    const parts = openParts();
    await parts.catalogues.start();
    const { feedback, profile, view, db } = parts;
    for (const id of ['gravity', 'alien', 'solaris', 'shining']) await feedback.act(id, 'like');
    await profile.flush();
    const feed = view.feed.map((e) => e.item.id);
    const result = await profile.compactHistory();
    expect(result.kind).toBe('compacted');
    expect(view.notice?.kind).toBe('storage-compacted');
    await profile.rebuild('films');
    expect(view.feed.map((e) => e.item.id)).toEqual(feed);
    db.close();
  });

  it('forgetting an item deletes its events and rebuilds the profile without it', async () => {
    const parts = openParts();
    await parts.catalogues.start();
    const { feedback, profile, view, db } = parts;
    await feedback.act('gravity', 'like');
    expect(view.marks.get('gravity')?.reaction).toBe('liked');
    expect(await profile.forget({ kind: 'item', itemId: 'gravity' })).toBeGreaterThan(0);
    expect(view.marks.get('gravity')).toBeUndefined();
    db.close();
  });
});
