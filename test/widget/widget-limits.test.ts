import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PendingReports, TrackLimit } from '../../src/widget/track-limit';
import { WidgetController } from '../../src/widget/widget-controller.svelte';
import { describeCatalogueFailure, MAX_ITEM_ID_LENGTH, trackProblem } from '../../src/widget/widget-kinds';
import { FILMS } from '../core/catalogue-fixture';
import { openSession, routes } from '../app/session-fixture';
import { allEvents } from '../../src/storage/event-repository';

const NOW = 1_700_000_000_000;

function controllerOn(name: string, clock: { t: number } = { t: 0 }) {
  const { session, db } = openSession(`${name}-${Math.random()}`, () => NOW);
  const emitted: Array<{ name: string; detail: unknown }> = [];
  const controller = new WidgetController(
    session,
    (eventName, detail) => {
      emitted.push({ name: eventName, detail });
      return true;
    },
    () => clock.t,
  );
  return { controller, session, db, emitted, clock };
}

describe('TrackLimit', () => {
  it('lets a burst of 100 through, then 20 a second, and counts what it drops', () => {
    const limit = new TrackLimit();
    let passed = 0;
    for (let i = 0; i < 1000; i += 1) if (limit.take(0)) passed += 1;
    expect(passed).toBe(100);
    expect(limit.dropped).toBe(900);
    // Half a second refills ten.
    let later = 0;
    for (let i = 0; i < 50; i += 1) if (limit.take(500)) later += 1;
    expect(later).toBe(10);
    // A quiet minute refills the burst, no more.
    let after = 0;
    for (let i = 0; i < 500; i += 1) if (limit.take(60_500)) after += 1;
    expect(after).toBe(100);
  });

  it('never lets more through than the burst plus the rate over the time, whatever the calls', () => {
    const limit = new TrackLimit();
    let passed = 0;
    let t = 0;
    for (let i = 0; i < 20_000; i += 1) {
      t += (i * 7919) % 13;
      if (limit.take(t)) passed += 1;
    }
    expect(passed).toBeLessThanOrEqual(100 + Math.ceil((t / 1000) * 20));
    expect(passed + limit.dropped).toBe(20_000);
  });
});

describe('PendingReports', () => {
  it('keeps the last ones only, and hands back those that became known', () => {
    const pending = new PendingReports<'open'>(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) pending.add(id, 'open');
    expect(pending.size).toBe(3);
    expect(pending.takeKnown((id) => id === 'd' || id === 'a').map((r) => r.itemId)).toEqual(['d']);
    expect(pending.size).toBe(2);
  });
});

describe('trackProblem', () => {
  it('refuses what the frame would drop: empty, too long, not a string, an unknown kind', () => {
    expect(trackProblem('ml-1', 'like')).toBeNull();
    expect(trackProblem('x'.repeat(MAX_ITEM_ID_LENGTH), 'open')).toBeNull();
    expect(trackProblem('x'.repeat(MAX_ITEM_ID_LENGTH + 1), 'like')).toMatch(/1 to 500/);
    expect(trackProblem('', 'like')).not.toBeNull();
    expect(trackProblem(7, 'like')).not.toBeNull();
    expect(trackProblem('ml-1', 'buy')).toMatch(/kind/);
  });
});

describe('WidgetController', () => {
  it('stores reports about catalogue items only, holds the rest, and drops a flood over the limit', async () => {
    const { controller, session, db } = controllerOn('widget-track');
    await controller.start();
    await controller.track('gravity', 'like');
    expect(session.marks.get('gravity')?.reaction).toBe('liked');
    await controller.track('not-in-the-catalogue', 'like');
    expect(controller.pendingReports).toBe(1);
    const outcomes = await Promise.allSettled(Array.from({ length: 500 }, (_, i) => controller.track(`junk-${i}`, 'open')));
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected).toHaveLength(500 - 98);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(RangeError);
    expect(controller.droppedReports).toBe(402);
    // Held, and bounded.
    expect(controller.pendingReports).toBe(99);
    await session.flush();
    const stored = (await allEvents(db)).map((e) => ('itemId' in e ? e.itemId : ''));
    expect(stored).toContain('gravity');
    expect(stored).not.toContain('not-in-the-catalogue');
    expect(stored.filter((id) => id.startsWith('junk-'))).toHaveLength(0);
    await expect(controller.track('x'.repeat(501), 'like')).rejects.toBeInstanceOf(TypeError);
    db.close();
  });

  it('lays out as many slots as the settings and the catalogue say, whatever the reader turned down', async () => {
    const { controller, session, db, emitted } = controllerOn('widget-slots');
    controller.settings = { ...controller.settings, count: 8 };
    await controller.start();
    // The catalogue has 10 items.
    expect(controller.slots).toBe(8);
    expect(emitted.find((e) => e.name === 'sift-ready')?.detail).toEqual({ count: 8 });
    for (const entry of controller.items.slice(0, 5)) await controller.dismissed(entry);
    // Five turned down: five left to show, but still eight slots.
    expect(controller.items).toHaveLength(5);
    expect(controller.slots).toBe(8);
    // Around an item: everything but the item itself, read or not.
    controller.place({ kind: 'around', itemId: 'alien' }, 'visit');
    await expect.poll(() => controller.status).toBe('ready');
    expect(controller.slots).toBe(8);
    controller.settings = { ...controller.settings, count: 20 };
    expect(controller.slots).toBe(9);
    // The page's own list: the ids the catalogue has, with what was turned down refilled from the feed.
    controller.place({ kind: 'list', ids: ['alien', 'solaris', 'gravity', 'missing'] }, 'visit');
    await expect.poll(() => controller.status).toBe('ready');
    expect(controller.slots).toBe(3);
    const listed = controller.items.map((e) => e.item.id);
    expect(listed).toHaveLength(3);
    await controller.dismissed(controller.items.find((e) => e.item.id === 'solaris')!);
    expect(controller.slots).toBe(3);
    expect(controller.items.map((e) => e.item.id)).not.toContain('solaris');
    expect(controller.items).toHaveLength(3);
    await session.flush();
    db.close();
  });
});

describe('reports about items the catalogue does not have yet', () => {
  it('are recorded once a newer catalogue that has them arrives', async () => {
    const newer = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: [...FILMS, { id: 'premiere', title: 'The Premiere', tags: ['Drama'] }] });
    const { session, db } = openSession(`widget-pending-${Math.random()}`, () => NOW, undefined, { ...routes, 'https://shop.example/films-v2.json': newer });
    const controller = new WidgetController(session, () => true, () => 0);
    await controller.start();
    await controller.track('premiere', 'like');
    expect(controller.pendingReports).toBe(1);
    expect(session.marks.get('premiere')).toBeUndefined();
    await session.loadCatalogue('https://shop.example/films-v2.json');
    await expect.poll(() => session.marks.get('premiere')?.reaction).toBe('liked');
    expect(controller.pendingReports).toBe(0);
    await session.flush();
    db.close();
  });
});

describe('a catalogue the widget cannot load', () => {
  it('is reported with its cause (an HTTP status here), for the host page to show its developer', async () => {
    const { session, db } = openSession(`widget-unavailable-${Math.random()}`, () => NOW, undefined, {});
    const emitted: Array<{ name: string; detail: unknown }> = [];
    const controller = new WidgetController(session, (name, detail) => {
      emitted.push({ name, detail });
      return true;
    });
    await controller.start();
    expect(emitted).toEqual([{ name: 'sift-error', detail: { reason: 'catalogue-unavailable', cause: { kind: 'http', status: 404 } } }]);
    expect(describeCatalogueFailure('https://shop.example/films.json', { kind: 'not-allowed', status: null })).toMatch(/add it to SIFT_CONNECT_ORIGINS and rebuild\. See docs\/widget\.md/);
    expect(describeCatalogueFailure('https://shop.example/films.json', { kind: 'network', status: null })).toMatch(/Access-Control-Allow-Origin/);
    db.close();
  });
});
