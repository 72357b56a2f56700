import Dexie from 'dexie';
import type { InteractionEvent } from '../core/events/interaction-event';
import { eventKey, PERSONAL_DATA_FORMAT, PERSONAL_DATA_VERSION, type PersonalData } from '../core/personal/personal-data';
import type { SiftDatabase } from './db';
import type { SettingKey, StoredEvent } from './records';

/** Everything personal in the database as a PersonalData file (see src/core/personal). */
export async function exportPersonalData(db: SiftDatabase, now: number): Promise<PersonalData> {
  return db.transaction('r', [db.catalogues, db.events, db.profiles, db.settings, db.summaries], async () => {
    const [catalogues, events, profiles, settings, summaries] = await Promise.all([
      db.catalogues.toArray(),
      db.events.toArray(),
      db.profiles.toArray(),
      db.settings.toArray(),
      db.summaries.toArray(),
    ]);
    const ids = new Set([...catalogues.map((c) => c.id), ...events.map((e) => e.catalogueId), ...profiles.map((p) => p.catalogueId)]);
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

function withoutStorageFields(event: StoredEvent): InteractionEvent {
  const { seq: _seq, catalogueId: _catalogueId, origin: _origin, ...rest } = event;
  return rest as InteractionEvent;
}

export type ImportMode = 'merge' | 'replace';

export interface ImportPlan {
  readonly mode: ImportMode;
  readonly catalogues: ReadonlyArray<{ readonly id: string; readonly title: string; readonly add: number; readonly alreadyHere: number; readonly removed: number }>;
  readonly addTotal: number;
  readonly removedTotal: number;
}

/** What an import would do, without doing it (the dry run shown before the user confirms). */
export async function planImport(db: SiftDatabase, data: PersonalData, mode: ImportMode): Promise<ImportPlan> {
  const existing = await db.events.toArray();
  const catalogues = data.catalogues.map((c) => {
    const here = existing.filter((e) => e.catalogueId === c.id);
    const keys = new Set(mode === 'replace' ? [] : here.map(eventKey));
    const unique = new Set<string>();
    let add = 0;
    for (const event of c.events) {
      const key = eventKey(event);
      if (keys.has(key) || unique.has(key)) continue;
      unique.add(key);
      add += 1;
    }
    return { id: c.id, title: c.title, add, alreadyHere: mode === 'replace' ? 0 : c.events.length - add, removed: mode === 'replace' ? here.length : 0 };
  });
  const removedTotal = mode === 'replace' ? existing.length : 0;
  return { mode, catalogues, addTotal: catalogues.reduce((s, c) => s + c.add, 0), removedTotal };
}

/**
 * Applies an import in one transaction: 'replace' clears all events and profiles first; 'merge'
 * adds only events not already here. Profiles of the affected catalogues are dropped, so the
 * next start rebuilds them (and the learnt weights) by replaying every event in order.
 */
export async function applyImport(db: SiftDatabase, data: PersonalData, mode: ImportMode): Promise<ImportPlan> {
  return db.transaction('rw', [db.events, db.profiles, db.settings], async () => {
    const plan = await planImport(db, data, mode);
    if (mode === 'replace') {
      await Promise.all([db.events.clear(), db.profiles.clear(), db.settings.delete('feedCache')]);
    }
    const existing = new Set((mode === 'replace' ? [] : await db.events.toArray()).map((e) => JSON.stringify([e.catalogueId, eventKey(e)])));
    const toAdd: StoredEvent[] = [];
    for (const catalogue of data.catalogues) {
      for (const event of catalogue.events) {
        const key = JSON.stringify([catalogue.id, eventKey(event)]);
        if (existing.has(key)) continue;
        existing.add(key);
        toAdd.push({ ...event, catalogueId: catalogue.id });
      }
    }
    // Insertion order is replay order: oldest first across the whole import.
    toAdd.sort((a, b) => a.at - b.at);
    await db.events.bulkAdd(toAdd);
    await db.profiles.bulkDelete(data.catalogues.map((c) => c.id));
    await db.settings.delete('feedCache');
    if (mode === 'replace' && data.settings.onboardingDismissed !== undefined) {
      await db.settings.put({ key: 'onboardingDismissed', value: data.settings.onboardingDismissed });
    }
    return plan;
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
