import 'fake-indexeddb/auto';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataControls } from '../../src/app/data-controls.svelte';
import { PERSONAL_DATA_FORMAT, PERSONAL_DATA_VERSION } from '../../src/core/personal/personal-data';
import { sealFile } from '../../src/core/personal/sealed-file';
import { ProfileFileEngine, type ProfileFileApi } from '../../src/engines/profile-file/profile-file-engine';
import { SiftDatabase } from '../../src/storage/db';
import { allEvents } from '../../src/storage/event-repository';

// The Your data controls over the profile-file engine the worker hosts (here in-process, on
// fake-indexeddb and Node's WebCrypto), as the app and the widget drive them.

const crypto = webcrypto as unknown as Crypto;
const PASSPHRASE = 'ferry lantern quietly orbit mango';

function controls(files: ProfileFileApi, db: SiftDatabase, reloads: string[]): DataControls {
  let flushed = 0;
  return new DataControls({
    db,
    session: { flush: async () => void (flushed += 1), compactHistory: async () => ({ kind: 'nothing-to-compact' }) },
    clock: () => Date.UTC(2026, 11, 3),
    reload: () => void reloads.push(`reload after ${flushed} flushes`),
    storage: undefined,
    indexedDB,
    caches: undefined,
    localStorage: undefined,
    files,
  });
}

describe('DataControls', () => {
  it('a sealed file: locked, a wrong passphrase asks again, the right one plans, confirming imports and restarts', async () => {
    const db = new SiftDatabase(`controls-${Math.random()}`);
    const reloads: string[] = [];
    const data = controls(new ProfileFileEngine((name) => new SiftDatabase(name), crypto), db, reloads);
    const file = { format: PERSONAL_DATA_FORMAT, version: PERSONAL_DATA_VERSION, exportedAt: '2026-12-01T00:00:00.000Z', catalogues: [{ id: 'films', sourceUrl: '', title: 'Films', events: [{ kind: 'like' as const, itemId: 'solaris', at: 5 }], profile: null }], settings: {} };
    const sealed = await sealFile(new TextEncoder().encode(JSON.stringify(file)), PASSPHRASE, { salt: crypto.getRandomValues(new Uint8Array(16)), iv: crypto.getRandomValues(new Uint8Array(12)) }, crypto.subtle, 100_000);
    await data.chooseImport('mine.sift', sealed, 'merge');
    expect(data.importState).toEqual({ kind: 'locked', fileName: 'mine.sift', mode: 'merge', problem: null });
    await data.unlockImport('wrong');
    expect(data.importState).toMatchObject({ kind: 'locked', problem: { kind: 'wrong-passphrase-or-damaged' } });
    await data.unlockImport(PASSPHRASE);
    expect(data.importState).toMatchObject({ kind: 'planned', fileName: 'mine.sift', plan: { addTotal: 1 } });
    await data.confirmImport();
    // Every step writes pending events first: choose, two unlocks, confirm.
    expect(reloads).toEqual(['reload after 4 flushes']);
    expect((await allEvents(db)).map((e) => e.kind)).toEqual(['like']);
  });

  it('a step that fails says why instead of waiting forever', async () => {
    const db = new SiftDatabase(`controls-${Math.random()}`);
    // Storage refusing mid-read, as a closing database makes it.
    class ClosingStorage extends ProfileFileEngine {
      override async read(): Promise<never> {
        throw new DOMException('The database connection is closing.', 'InvalidStateError');
      }
    }
    const data = controls(new ClosingStorage((name) => new SiftDatabase(name), crypto), db, []);
    await data.chooseImport('mine.json', new TextEncoder().encode('{}'), 'merge');
    expect(data.importState).toEqual({ kind: 'failed', detail: 'InvalidStateError: The database connection is closing.' });
  });
});
