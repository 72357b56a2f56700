import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { parseEvent, parsePersonalData } from '../../src/core/personal/personal-data';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { SiftDatabase } from '../../src/storage/db';
import { allEvents, appendEvents, countEvents, eventsSince } from '../../src/storage/event-repository';
import { applyImport, exportPersonalData, planImport, wipeEverything } from '../../src/storage/personal-data-repository';
import { saveProfile } from '../../src/storage/profile-repository';
import { deleteEvents } from '../../src/storage/history-repository';
import { FILMS, T0 } from '../core/catalogue-fixture';

const films = { format: 'sift-catalog' as const, version: 1 as const, id: 'films', title: 'Films', language: 'en', items: FILMS };

const HISTORY: InteractionEvent[] = [
  { kind: 'stated-interest', text: 'space films', at: T0 },
  { kind: 'like', itemId: 'solaris', at: T0 + 1, shown: { popularity: 0.4, neighbors: 0.1 } },
  { kind: 'skip', itemId: 'notebook', at: T0 + 2, shown: { popularity: 0.9 } },
  { kind: 'open', itemId: 'alien', at: T0 + 3 },
  { kind: 'dwell', itemId: 'alien', at: T0 + 4, seconds: 95 },
  { kind: 'dislike', itemId: 'amelie', at: T0 + 5 },
  { kind: 'search', query: 'ridley scott', at: T0 + 6 },
];

async function filledDatabase(): Promise<SiftDatabase> {
  const db = new SiftDatabase(`data-${Math.random()}`);
  await db.catalogues.put({ id: 'films', sourceUrl: 'https://x/films.json', fetchedAt: 1, contentHash: 'h', title: 'Films', itemCount: FILMS.length });
  await appendEvents(db, HISTORY.map((e) => ({ ...e, catalogueId: 'films' })));
  await appendEvents(db, [{ kind: 'like', itemId: 'b1', at: T0, catalogueId: 'books' }]);
  const engine = new RankerEngine();
  engine.setCatalogue(films);
  engine.restore(null, HISTORY);
  const state = engine.state();
  await saveProfile(db, { catalogueId: 'films', updatedAt: 9, lastEventSeq: 7, snapshot: state.profile, weights: state.weights });
  await db.settings.bulkPut([
    { key: 'catalogueUrl', value: 'https://x/films.json' },
    { key: 'onboardingDismissed', value: '123' },
  ]);
  return db;
}

const replayed = (events: readonly InteractionEvent[]) => {
  const engine = new RankerEngine();
  engine.setCatalogue(films);
  engine.restore(null, events);
  return engine.state();
};

describe('export, import and wipe of personal data', () => {
  it('exports every event, profile and setting; a replace import elsewhere rebuilds the same profile', async () => {
    const db = await filledDatabase();
    const exported = await exportPersonalData(db, T0 + 100);
    expect(exported.catalogues.map((c) => [c.id, c.events.length])).toEqual([['books', 1], ['films', HISTORY.length]]);
    expect(exported.catalogues[1]!.events).toEqual(HISTORY);
    expect(exported.catalogues[1]!.profile).not.toBeNull();
    expect(exported.settings).toEqual({ catalogueUrl: 'https://x/films.json', onboardingDismissed: '123' });

    const parsed = parsePersonalData(JSON.stringify(exported));
    if (parsed.kind !== 'ok') throw new Error(JSON.stringify(parsed));
    expect(parsed.skippedEvents).toBe(0);

    const other = new SiftDatabase(`data-${Math.random()}`);
    await appendEvents(other, [{ kind: 'like', itemId: 'stale', at: 1, catalogueId: 'films' }]);
    const dry = await planImport(other, parsed.data, 'replace');
    expect(dry).toMatchObject({ mode: 'replace', addTotal: HISTORY.length + 1, removedTotal: 1 });
    expect((await allEvents(other)).length).toBe(1); // a dry run changes nothing
    await applyImport(other, parsed.data, 'replace');
    const imported = (await eventsSince(other, 'films', 0)).map(({ seq: _seq, catalogueId: _c, ...e }) => e);
    expect(imported).toEqual(HISTORY);
    expect(await other.profiles.count()).toBe(0);
    expect(replayed(imported as InteractionEvent[])).toEqual(replayed(HISTORY));
    expect((await other.settings.get('onboardingDismissed'))?.value).toBe('123');
    db.close();
    other.close();
  });

  it('a merge adds only what is not there yet, and says so before doing it', async () => {
    const db = await filledDatabase();
    const exported = await exportPersonalData(db, T0);
    const target = new SiftDatabase(`data-${Math.random()}`);
    await appendEvents(target, HISTORY.slice(0, 3).map((e) => ({ ...e, catalogueId: 'films' })));
    const plan = await planImport(target, exported, 'merge');
    expect(plan.catalogues.find((c) => c.id === 'films')).toMatchObject({ add: HISTORY.length - 3, alreadyHere: 3, removed: 0 });
    await applyImport(target, exported, 'merge');
    expect(await countEvents(target, 'films')).toBe(HISTORY.length);
    await applyImport(target, exported, 'merge');
    expect((await allEvents(target)).length).toBe(HISTORY.length + 1);
    db.close();
    target.close();
  });

  it('what was deleted stays deleted: an export made before a deletion does not bring it back, and a file\'s deletions reach this browser', async () => {
    // Device A exports, then forgets its like of Solaris.
    const a = await filledDatabase();
    const before = await exportPersonalData(a, T0);
    expect(await deleteEvents(a, 'films', (e) => e.kind === 'like' && e.itemId === 'solaris', T0 + 100)).toBe(1);
    const plan = await planImport(a, before, 'merge');
    expect(plan.catalogues.find((c) => c.id === 'films')).toMatchObject({ add: 0, stayForgotten: 1, removed: 0 });
    await applyImport(a, before, 'merge');
    expect((await allEvents(a)).some((e) => e.kind === 'like' && e.itemId === 'solaris')).toBe(false);
    // A's new export carries the deletion; device B, which still has the like, loses it on import.
    const after = await exportPersonalData(a, T0 + 200);
    expect(after.catalogues.find((c) => c.id === 'films')?.forgotten).toHaveLength(1);
    const b = await filledDatabase();
    const planB = await planImport(b, after, 'merge');
    expect(planB.catalogues.find((c) => c.id === 'films')).toMatchObject({ add: 0, removed: 1 });
    expect(planB.removedTotal).toBe(1);
    await applyImport(b, after, 'merge');
    expect((await allEvents(b)).some((e) => e.kind === 'like' && e.itemId === 'solaris')).toBe(false);
    // And B remembers it: its old export merged back in changes nothing.
    await applyImport(b, before, 'merge');
    expect((await allEvents(b)).some((e) => e.kind === 'like' && e.itemId === 'solaris')).toBe(false);
    expect(await b.tombstones.count()).toBe(1);
    a.close();
    b.close();
  });

  it('an import that fails midway leaves everything as it was (one transaction)', async () => {
    const db = await filledDatabase();
    const exported = await exportPersonalData(db, T0);
    const target = new SiftDatabase(`data-${Math.random()}`);
    await appendEvents(target, [
      { kind: 'like', itemId: 'alien', at: T0 - 50, catalogueId: 'films' },
      { kind: 'save', itemId: 'stalker', at: T0 - 40, catalogueId: 'films' },
    ]);
    await deleteEvents(target, 'films', (e) => e.kind === 'save', T0);
    const snapshot = async () => ({ events: await allEvents(target), tombstones: await target.tombstones.toArray() });
    const was = await snapshot();
    expect([was.events.length, was.tombstones.length]).toEqual([1, 1]);
    // The disk fills on the second page of events written (the first is films', the second books').
    let written = 0;
    const fill = (): void => {
      written += 1;
      if (written === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    target.eventPages.hook('creating', fill);
    target.eventPages.hook('updating', fill);
    await expect(applyImport(target, exported, 'merge')).rejects.toThrow(/quota/i);
    expect(await snapshot()).toEqual(was);
    written = 0;
    await expect(applyImport(target, exported, 'replace')).rejects.toThrow(/quota/i);
    expect(await snapshot()).toEqual(was);
    db.close();
    target.close();
  });

  it('the parser skips bad events and catalogues, refuses bad envelopes, and never throws', () => {
    const good = { format: 'sift-personal-data', version: 1, exportedAt: 'x', settings: {}, catalogues: [{ id: 'c', title: 'C', sourceUrl: 'https://x', events: HISTORY }] };
    const noisy = {
      ...good,
      catalogues: [
        { ...good.catalogues[0], events: [...HISTORY, { kind: 'like' }, { kind: 'like', itemId: 'a', at: 'yesterday' }, { kind: 'teleport', itemId: 'a', at: 1 }, { kind: 'like', itemId: 'a', at: 1, shown: { bogus: 1 } }, null] },
        { id: '', events: [] },
        'nope',
      ],
    };
    const result = parsePersonalData(JSON.stringify(noisy));
    expect(result).toMatchObject({ kind: 'ok', skippedEvents: 5, skippedCatalogues: 2 });
    if (result.kind === 'ok') expect(result.data.catalogues[0]!.events).toEqual(HISTORY);
    expect(parsePersonalData('{')).toMatchObject({ kind: 'invalid', problem: { kind: 'not-json' } });
    expect(parsePersonalData('[]')).toMatchObject({ kind: 'invalid', problem: { kind: 'malformed' } });
    expect(parsePersonalData(JSON.stringify({ ...good, format: 'other' }))).toMatchObject({ kind: 'invalid', problem: { kind: 'wrong-format' } });
    expect(parsePersonalData(JSON.stringify({ ...good, version: 2 }))).toMatchObject({ kind: 'invalid', problem: { kind: 'unsupported-version' } });

    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        const r = parsePersonalData(text);
        expect(['ok', 'invalid']).toContain(r.kind);
      }),
      { numRuns: 300 },
    );
    // Any value in the events list: kept events are exactly the valid ones, the rest counted.
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom<unknown>(...HISTORY))), (events) => {
        const r = parsePersonalData(JSON.stringify({ ...good, catalogues: [{ id: 'c', events }] }));
        if (r.kind !== 'ok') throw new Error('envelope is valid');
        const valid = (JSON.parse(JSON.stringify(events)) as unknown[]).filter((e) => parseEvent(e) !== null);
        expect(r.data.catalogues[0]!.events.length).toBe(valid.length);
        expect(r.skippedEvents).toBe(events.length - valid.length);
      }),
      { numRuns: 200 },
    );
  });

  it('importing arbitrary files never corrupts stored state: what is stored afterwards is valid and complete', async () => {
    const db = await filledDatabase();
    const before = (await allEvents(db)).length;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom<unknown>(...HISTORY)), { maxLength: 20 }), async (events) => {
        const r = parsePersonalData(JSON.stringify({ format: 'sift-personal-data', version: 1, catalogues: [{ id: 'films', events }] }));
        if (r.kind !== 'ok') return;
        await applyImport(db, r.data, 'merge');
        for (const stored of await allEvents(db)) expect(parseEvent(stored)).not.toBeNull();
      }),
      { numRuns: 40 },
    );
    expect((await allEvents(db)).length).toBeGreaterThanOrEqual(before);
    db.close();
  });

  it('wipe deletes every Sift database of the origin and localStorage', async () => {
    const db = await filledDatabase();
    const widget = new Dexie('sift-widget:https://x/films.json');
    widget.version(1).stores({ things: 'id' });
    await widget.open();
    widget.close();
    const store = new Map<string, string>([['k', 'v']]);
    const localStorage = { clear: () => store.clear() } as unknown as Storage;
    await wipeEverything(db, { keepModels: true, modelCacheName: 'sift-models' }, { indexedDB, localStorage });
    const left = (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('sift') && (n === db.name || n.startsWith('sift-widget')));
    expect(left).toEqual([]);
    expect(store.size).toBe(0);
  });
});
