import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/storage/records';
import { countEvents, eventsSince } from '../../src/storage/event-repository';
import { loadSummary } from '../../src/storage/history-repository';
import { DAY, T0 } from '../core/catalogue-fixture';
import { ids, openSession } from './session-fixture';

/** A session with some history: sci-fi liked, horror disliked, a stated interest and a search. */
async function withHistory(name = `history-${Math.random()}`, write?: Parameters<typeof openSession>[5]) {
  let now = T0;
  const clock = () => now;
  const opened = openSession(name, clock, undefined, undefined, undefined, write);
  await opened.session.start();
  const step = async (action: () => Promise<unknown>) => {
    now += DAY;
    await action();
  };
  await step(() => opened.session.act('gravity', 'like'));
  await step(() => opened.session.act('alien', 'like'));
  await step(() => opened.session.act('alien', 'save'));
  await step(() => opened.session.act('shining', 'dislike'));
  await step(() => opened.session.statedInterest('romance in paris'));
  await step(() => opened.session.act('amelie', 'open'));
  await opened.session.flush();
  return { ...opened, name, clock, advance: (ms: number) => (now += ms) };
}

/** The profile a fresh start computes from what is stored (snapshot aside). */
async function profileAfterRestart(name: string, clock: () => number) {
  const reopened = openSession(name, clock);
  await reopened.session.start();
  const state = await reopened.engine.state();
  const feed = ids(reopened.session);
  reopened.db.close();
  return { profile: state.profile, feed };
}

describe('forgetting and editing (What Sift knows about you)', () => {
  it('forgetting an item deletes its events everywhere and the profile is as if it had never been touched', async () => {
    const { session, db, engine, name, clock } = await withHistory();
    const aboutAlien = (await eventsSince(db, 'films', 0)).filter((e) => 'itemId' in e && e.itemId === 'alien');
    expect(aboutAlien.map((e) => e.kind)).toEqual(expect.arrayContaining(['like', 'save']));
    expect(await session.forget({ kind: 'item', itemId: 'alien' })).toBe(aboutAlien.length);
    const left = await eventsSince(db, 'films', 0);
    expect(left.some((e) => 'itemId' in e && e.itemId === 'alien')).toBe(false);
    expect(session.marks.has('alien')).toBe(false);
    // Same profile as replaying only what is left, from nothing.
    const live = (await engine.state()).profile;
    const fresh = await engine.foldEvents(null, left);
    expect(live.centroids).toEqual(fresh.profile.centroids);
    expect(live.marks).toEqual(fresh.profile.marks);
    db.close();
    expect((await profileAfterRestart(name, clock)).profile.marks).toEqual(live.marks);
  });

  it('another open tab rebuilds too: what one tab forgets leaves the other tab\'s feed and marks', async () => {
    const first = await withHistory();
    const other = openSession(first.name, first.clock);
    await other.session.start();
    expect(other.session.marks.get('gravity')?.reaction).toBe('liked');
    await first.session.forget({ kind: 'item', itemId: 'gravity' });
    await expect.poll(() => other.session.marks.has('gravity')).toBe(false);
    expect(ids(other.session)).toEqual(ids(first.session));
    first.db.close();
    other.db.close();
  });

  it('forgetting a tag deletes every event about its items and every text naming it', async () => {
    const { session, db, engine } = await withHistory();
    await session.forget({ kind: 'tag', tag: 'Romance' });
    const left = await eventsSince(db, 'films', 0);
    expect(left.some((e) => 'itemId' in e && e.itemId === 'amelie')).toBe(false);
    expect(left.some((e) => e.kind === 'stated-interest')).toBe(false);
    expect(left.some((e) => 'itemId' in e && e.itemId === 'gravity')).toBe(true);
    const described = await engine.describeProfile();
    expect(described.tags.map((t) => t.tag)).not.toContain('Romance');
    expect(described.tags.map((t) => t.tag)).toContain('space');
    db.close();
  });

  it('deleting one event and editing tags re-rank at once and survive a restart', async () => {
    const { session, db, name, clock } = await withHistory();
    const dislike = (await eventsSince(db, 'films', 0)).find((e) => e.kind === 'dislike')!;
    await session.forget({ kind: 'event', seq: dislike.seq! });
    expect(session.marks.get('shining')?.reaction ?? 'none').toBe('none');
    const before = ids(session);
    await session.editTag('space', 0);
    const after = ids(session);
    expect(after).not.toEqual(before);
    expect(after.indexOf('solaris')).toBeGreaterThan(before.indexOf('solaris'));
    expect((await session.describeProfile())!.tags.map((t) => t.tag)).not.toContain('space');
    await session.flush();
    db.close();
    const restarted = await profileAfterRestart(name, clock);
    expect(restarted.feed).toEqual(after);
  });
});

describe('search', () => {
  it('shows matching items, records the search in the history, leans the feed towards it, and clears', async () => {
    const { session, db } = await withHistory();
    const feedBefore = ids(session);
    await session.searchFor('  time travel ');
    expect(session.searchResults?.query).toBe('time travel');
    expect(session.searchResults?.results.map((e) => e.item.id)[0]).toBe('interstellar');
    await session.flush();
    expect((await eventsSince(db, 'films', 0)).at(-1)).toMatchObject({ kind: 'search', query: 'time travel' });
    expect(ids(session)).not.toEqual(feedBefore);
    // Acting on a result updates its mark there too.
    await session.act('interstellar', 'save');
    expect(session.searchResults?.results.find((e) => e.item.id === 'interstellar')?.mark.saved).toBe(true);
    session.clearSearch();
    expect(session.searchResults).toBeNull();
    await session.searchFor('zebra');
    expect(session.searchResults?.results).toEqual([]);
    db.close();
  });
});

describe('conversational requests', () => {
  it('understood against the catalogue, executed, stored with the tags asked for; negated tags are not learnt as interest', async () => {
    const { session, db, engine } = await withHistory();
    await session.ask('a space film, no horror, nothing too long');
    const view = session.searchResults;
    expect(view?.kind).toBe('ask');
    if (view?.kind !== 'ask') return;
    expect(view.intent.includeTags).toEqual(['space']);
    expect(view.intent.excludeTags).toEqual(['Horror']);
    expect(view.notes).toContainEqual({ kind: 'length-unavailable', length: 'short' });
    const ids = view.results.map((e) => e.item.id);
    expect(ids).not.toContain('alien');
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => ['gravity', 'interstellar', 'solaris'].includes(id))).toBe(true);
    await session.flush();
    expect((await eventsSince(db, 'films', 0)).at(-1)).toMatchObject({ kind: 'ask', text: 'a space film, no horror, nothing too long', include: ['space'] });
    const session_ = (await engine.state()).profile.session.map(([key]) => key);
    expect(session_).toContain('t:space');
    expect(session_).not.toContain('t:horror');
    db.close();
  });
});

describe('storage running short', () => {
  it('compaction folds the oldest half into a summary, deletes those events, keeps the profile, and a restart agrees', async () => {
    const { session, db, engine, name, clock } = await withHistory();
    const total = await countEvents(db, 'films');
    const before = (await engine.state()).profile;
    const feed = ids(session);
    const result = await session.compactHistory();
    expect(result).toEqual({ kind: 'compacted', eventCount: Math.ceil(total / 2) });
    expect(await countEvents(db, 'films')).toBe(total - Math.ceil(total / 2));
    const summary = (await loadSummary(db, 'films'))!;
    expect(summary.eventCount).toBe(Math.ceil(total / 2));
    expect((await engine.state()).profile).toEqual(before);
    expect(session.notice).toEqual({ kind: 'storage-compacted', eventCount: Math.ceil(total / 2) });
    // With the stored profile gone too, the start rebuilds from summary + remaining events.
    await db.profiles.clear();
    db.close();
    const restarted = await profileAfterRestart(name, clock);
    expect(restarted.feed).toEqual(feed);
    expect(restarted.profile.centroids.length).toBe(before.centroids.length);
    restarted.profile.centroids.forEach((c, i) => expect(c.mass).toBeCloseTo(before.centroids[i]!.mass, 9));
  });

  it('forgetting an item after compaction also takes it out of the summary', async () => {
    const { session, db, engine } = await withHistory();
    await session.compactHistory();
    expect((await loadSummary(db, 'films'))!.profile.marks.map(([id]) => id)).toContain('alien');
    await session.forget({ kind: 'item', itemId: 'alien' });
    expect((await loadSummary(db, 'films'))!.profile.marks.map(([id]) => id)).not.toContain('alien');
    expect(session.marks.has('alien')).toBe(false);
    expect((await engine.state()).profile.marks.map(([id]) => id)).not.toContain('alien');
    db.close();
  });

  it('a write refused for quota compacts the history, then the refused events are written; nothing is lost', async () => {
    let refuse = false;
    const refused: StoredEvent[] = [];
    const write = async (batch: readonly StoredEvent[], append: (batch: readonly StoredEvent[]) => Promise<void>) => {
      if (refuse) {
        refuse = false;
        refused.push(...batch);
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      await append(batch);
    };
    const { session, db, events, advance } = await withHistory(undefined, write);
    const total = await countEvents(db, 'films');
    refuse = true;
    advance(DAY);
    await session.act('interstellar', 'like');
    await events.flush();
    await expect.poll(() => session.notice?.kind).toBe('storage-compacted');
    await session.flush();
    const left = await eventsSince(db, 'films', 0);
    expect(left.at(-1)).toMatchObject({ kind: 'like', itemId: 'interstellar' });
    // The refused batch was written after all, and the summary stands for the events that went.
    expect(refused.length).toBeGreaterThan(0);
    const key = (e: StoredEvent) => JSON.stringify([e.kind, 'itemId' in e ? e.itemId : '', e.at]);
    expect(left.map(key)).toEqual(expect.arrayContaining(refused.map(key)));
    expect(left.length + (await loadSummary(db, 'films'))!.eventCount).toBe(total + refused.length);
    expect(events.pending).toBe(0);
    expect(session.marks.get('interstellar')?.reaction).toBe('liked');
    db.close();
  });

  it('a failure that is not about quota is reported, not compacted', async () => {
    let refuse = false;
    const write = async (batch: readonly StoredEvent[], append: (batch: readonly StoredEvent[]) => Promise<void>) => {
      if (refuse) throw new DOMException('The database connection is closing.', 'InvalidStateError');
      await append(batch);
    };
    const { session, db, events } = await withHistory(undefined, write);
    refuse = true;
    await session.act('interstellar', 'like');
    await events.flush();
    expect(session.notice).toMatchObject({ kind: 'storage-failed' });
    expect(await loadSummary(db, 'films')).toBeUndefined();
    db.close();
  });
});
