import Dexie from 'dexie';
import type { InteractionEvent } from '../core/events/interaction-event';
import { eventKey, PERSONAL_DATA_FORMAT, PERSONAL_DATA_VERSION, type PersonalData } from '../core/personal/personal-data';
import { mergeHistories, type HistoryCopy } from '../core/personal/merge-history';
import { withoutStorageFields } from './history-repository';
import { allEvents, appendEvents, pagesOf, removeFromPages } from './event-repository';
import type { SiftDatabase } from './db';
import type { SettingKey, StoredEvent } from './records';

/** Everything personal in the database as a PersonalData file (see src/core/personal). */
export async function exportPersonalData(db: SiftDatabase, now: number): Promise<PersonalData> {
  return db.transaction('r', [db.catalogues, db.eventPages, db.profiles, db.settings, db.summaries, db.tombstones], async () => {
    const [catalogues, events, profiles, settings, summaries, tombstones] = await Promise.all([
      db.catalogues.toArray(),
      allEvents(db),
      db.profiles.toArray(),
      db.settings.toArray(),
      db.summaries.toArray(),
      db.tombstones.toArray(),
    ]);
    const ids = new Set([...catalogues.map((c) => c.id), ...events.map((e) => e.catalogueId), ...profiles.map((p) => p.catalogueId), ...tombstones.map((t) => t.catalogueId)]);
    const setting = (key: SettingKey): string | undefined => settings.find((s) => s.key === key)?.value;
    const catalogueUrl = setting('catalogueUrl');
    const activeCatalogueId = setting('activeCatalogueId');
    const onboardingDismissed = setting('onboardingDismissed');
    return {
      format: PERSONAL_DATA_FORMAT,
      version: PERSONAL_DATA_VERSION,
      exportedAt: new Date(now).toISOString(),
      catalogues: [...ids].sort().map((id) => {
        const description = catalogues.find((c) => c.id === id);
        return {
          id,
          sourceUrl: description?.sourceUrl ?? '',
          title: description?.title ?? id,
          events: events.filter((e) => e.catalogueId === id).map(withoutStorageFields),
          profile: profiles.find((p) => p.catalogueId === id) ?? null,
          summary: summaries.find((summary) => summary.catalogueId === id) ?? null,
          forgotten: tombstones.filter((t) => t.catalogueId === id).map((t) => t.key).sort(),
        };
      }),
      settings: {
        ...(catalogueUrl === undefined ? {} : { catalogueUrl }),
        ...(activeCatalogueId === undefined ? {} : { activeCatalogueId }),
        ...(onboardingDismissed === undefined ? {} : { onboardingDismissed }),
      },
    };
  });
}


export type ImportMode = 'merge' | 'replace';

export interface ImportPlan {
  readonly mode: ImportMode;
  readonly catalogues: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    /** Events the file adds. */
    readonly add: number;
    /** The file's events this browser has already. */
    readonly alreadyHere: number;
    /** Events here that go: all of them for a replace; for a merge, those the file says were deleted. */
    readonly removed: number;
    /** The file's events deleted here before (they stay deleted). */
    readonly stayForgotten: number;
  }>;
  readonly addTotal: number;
  readonly removedTotal: number;
}

/** One catalogue's import, worked out: what to add, delete and remember as deleted (merge-history.ts decides). */
interface CatalogueImport {
  readonly id: string;
  readonly title: string;
  readonly toAdd: readonly InteractionEvent[];
  readonly toDelete: readonly number[];
  readonly tombstones: readonly string[];
  readonly alreadyHere: number;
  readonly stayForgotten: number;
}

/** Each catalogue's import, and how many events this browser holds now (all of which a replace deletes). */
async function workOut(db: SiftDatabase, data: PersonalData, mode: ImportMode): Promise<{ readonly catalogues: CatalogueImport[]; readonly eventsHere: number }> {
  const [events, tombstones] = await Promise.all([allEvents(db), db.tombstones.toArray()]);
  const catalogues = data.catalogues.map((c) => {
    const hereEvents = mode === 'replace' ? [] : events.filter((e) => e.catalogueId === c.id);
    const here: HistoryCopy = { events: hereEvents.map(withoutStorageFields), tombstones: mode === 'replace' ? [] : tombstones.filter((t) => t.catalogueId === c.id).map((t) => t.key) };
    const file: HistoryCopy = { events: c.events, tombstones: c.forgotten ?? [] };
    const merged = mergeHistories(here, file);
    const mergedKeys = new Set(merged.events.map(eventKey));
    const hereKeys = new Set(here.events.map(eventKey));
    const hereDead = new Set(here.tombstones);
    const fileKeys = new Set(file.events.map(eventKey));
    return {
      id: c.id,
      title: c.title,
      toAdd: merged.events.filter((event) => !hereKeys.has(eventKey(event))),
      toDelete: hereEvents.filter((event) => !mergedKeys.has(eventKey(withoutStorageFields(event)))).map((event) => event.seq!),
      tombstones: merged.tombstones.filter((key) => !hereDead.has(key)),
      alreadyHere: [...fileKeys].filter((key) => hereKeys.has(key) && mergedKeys.has(key)).length,
      stayForgotten: [...fileKeys].filter((key) => hereDead.has(key)).length,
    };
  });
  return { catalogues, eventsHere: events.length };
}

/** What an import would do, without doing it (the dry run shown before the user confirms). */
export async function planImport(db: SiftDatabase, data: PersonalData, mode: ImportMode): Promise<ImportPlan> {
  const work = await workOut(db, data, mode);
  return planOf(work.catalogues, mode, work.eventsHere);
}

function planOf(work: readonly CatalogueImport[], mode: ImportMode, replaced: number): ImportPlan {
  const catalogues = work.map((c) => ({ id: c.id, title: c.title, add: c.toAdd.length, alreadyHere: c.alreadyHere, removed: c.toDelete.length, stayForgotten: c.stayForgotten }));
  const removedMerge = catalogues.reduce((sum, c) => sum + c.removed, 0);
  return { mode, catalogues, addTotal: catalogues.reduce((sum, c) => sum + c.add, 0), removedTotal: mode === 'replace' ? replaced : removedMerge };
}

/**
 * Applies an import in one transaction (a failure, a full disk or a closed tab leaves the old
 * state whole): 'replace' clears all events, tombstones and profiles first; 'merge' takes the
 * union of both histories (core/personal/merge-history.ts): events added, events the file says
 * were deleted removed, and every deletion remembered. Profiles of the affected catalogues are
 * dropped, so the next start rebuilds them (and the learnt weights) by replaying every event in order.
 */
export async function applyImport(db: SiftDatabase, data: PersonalData, mode: ImportMode): Promise<ImportPlan> {
  return db.transaction('rw', [db.eventPages, db.profiles, db.settings, db.tombstones], async () => {
    const { catalogues: work, eventsHere } = await workOut(db, data, mode);
    if (mode === 'replace') {
      await Promise.all([db.eventPages.clear(), db.profiles.clear(), db.tombstones.clear(), db.settings.delete('feedCache')]);
    }
    const toAdd: StoredEvent[] = work.flatMap((c) => c.toAdd.map((event) => ({ ...event, catalogueId: c.id })));
    // Insertion order is replay order: oldest first across the whole import.
    toAdd.sort((a, b) => a.at - b.at);
    for (const c of work) {
      if (c.toDelete.length === 0) continue;
      const doomed = new Set(c.toDelete);
      await removeFromPages(db, await pagesOf(db, c.id).toArray(), (event) => doomed.has(event.seq!));
    }
    await appendEvents(db, toAdd);
    const deletedAt = Date.parse(data.exportedAt);
    await db.tombstones.bulkPut(work.flatMap((c) => c.tombstones.map((key) => ({ catalogueId: c.id, key, deletedAt: Number.isFinite(deletedAt) ? deletedAt : 0 }))));
    await db.profiles.bulkDelete(data.catalogues.map((c) => c.id));
    await db.settings.delete('feedCache');
    if (mode === 'replace' && data.settings.onboardingDismissed !== undefined) {
      await db.settings.put({ key: 'onboardingDismissed', value: data.settings.onboardingDismissed });
    }
    return planOf(work, mode, eventsHere);
  });
}

export interface WipeOptions {
  /** Keep downloaded models (Cache Storage `sift-models`): they are not personal, only large. */
  readonly keepModels: boolean;
  readonly modelCacheName: string;
}

/**
 * Deletes every Sift database of this origin (the app's and any widget's), every cache except
 * the model cache when kept, and localStorage. The page should reload afterwards.
 */
export async function wipeEverything(db: SiftDatabase, options: WipeOptions, scope: { indexedDB: IDBFactory; caches?: CacheStorage; localStorage?: Storage }): Promise<void> {
  // Closing with auto-open disabled: a live query re-opening the database would block the delete.
  await db.delete({ disableAutoOpen: true });
  const names = typeof scope.indexedDB.databases === 'function' ? (await scope.indexedDB.databases()).flatMap((d) => (d.name?.startsWith('sift') === true ? [d.name] : [])) : [];
  for (const name of names) await Dexie.delete(name);
  if (scope.caches !== undefined) {
    for (const key of await scope.caches.keys()) if (!(options.keepModels && key === options.modelCacheName)) await scope.caches.delete(key);
  }
  scope.localStorage?.clear();
}
