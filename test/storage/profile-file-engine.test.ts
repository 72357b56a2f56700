import 'fake-indexeddb/auto';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA_FORMAT, PERSONAL_DATA_VERSION, type PersonalData } from '../../src/core/personal/personal-data';
import { sealFile } from '../../src/core/personal/sealed-file';
import { ProfileFileEngine } from '../../src/engines/profile-file/profile-file-engine';
import { SiftDatabase } from '../../src/storage/db';
import { appendEvents, eventsSince } from '../../src/storage/event-repository';
import { T0 } from '../core/catalogue-fixture';

// The engine the profile-file worker hosts, run here in-process on fake-indexeddb with Node's
// WebCrypto: the page's import and export go through exactly these calls.

const crypto = webcrypto as unknown as Crypto;
const PASSPHRASE = 'ferry lantern quietly orbit mango';
const FEW_ROUNDS = 100_000;

function fileWith(events: PersonalData['catalogues'][number]['events']): PersonalData {
  return { format: PERSONAL_DATA_FORMAT, version: PERSONAL_DATA_VERSION, exportedAt: new Date(T0 + 100).toISOString(), catalogues: [{ id: 'films', sourceUrl: '', title: 'Films', events, profile: null, forgotten: [] }], settings: {} };
}

async function engineOnNewDatabase(): Promise<{ engine: ProfileFileEngine; db: SiftDatabase }> {
  const name = `files-${Math.random()}`;
  const db = new SiftDatabase(name);
  await appendEvents(db, [{ kind: 'like', itemId: 'solaris', at: T0, catalogueId: 'films' }]);
  const engine = new ProfileFileEngine((n) => new SiftDatabase(n), crypto);
  engine.attach(name);
  return { engine, db };
}

async function sealed(data: PersonalData): Promise<Uint8Array> {
  return sealFile(new TextEncoder().encode(JSON.stringify(data)), PASSPHRASE, { salt: crypto.getRandomValues(new Uint8Array(16)), iv: crypto.getRandomValues(new Uint8Array(12)) }, crypto.subtle, FEW_ROUNDS);
}

describe('ProfileFileEngine', () => {
  it('a sealed file asks for its passphrase, refuses a wrong one, and then plans and merges', async () => {
    const { engine, db } = await engineOnNewDatabase();
    const file = await sealed(fileWith([{ kind: 'like', itemId: 'solaris', at: T0 }, { kind: 'open', itemId: 'alien', at: T0 + 1 }]));
    expect(await engine.read(file, 'merge')).toEqual({ kind: 'locked', problem: null });
    expect(await engine.unlock('not it', 'merge')).toEqual({ kind: 'locked', problem: { kind: 'wrong-passphrase-or-damaged' } });
    const reading = await engine.unlock(PASSPHRASE, 'merge');
    expect(reading).toMatchObject({ kind: 'planned', plan: { mode: 'merge', addTotal: 1, catalogues: [{ id: 'films', add: 1, alreadyHere: 1 }] } });
    expect(await engine.replan('replace')).toMatchObject({ mode: 'replace', addTotal: 2, removedTotal: 1 });
    await engine.apply('merge');
    expect((await eventsSince(db, 'films', 0)).map((e) => ('itemId' in e ? e.itemId : e.kind))).toEqual(['solaris', 'alien']);
    // Let go once applied: a second confirm has nothing to write.
    await expect(engine.apply('merge')).rejects.toThrow(/No checked file/);
  });

  it('plain JSON is planned at once; what is not an export is refused and nothing is held', async () => {
    const { engine } = await engineOnNewDatabase();
    const plain = new TextEncoder().encode(JSON.stringify(fileWith([{ kind: 'open', itemId: 'alien', at: T0 + 1 }])));
    expect(await engine.read(plain, 'merge')).toMatchObject({ kind: 'planned', plan: { addTotal: 1 } });
    expect(await engine.read(new TextEncoder().encode('{"hello": 1}'), 'merge')).toMatchObject({ kind: 'invalid', problem: { kind: 'wrong-format' } });
    expect(await engine.replan('merge')).toBeNull();
  });

  it('an export, sealed, opens in another browser with the same history', async () => {
    const { engine } = await engineOnNewDatabase();
    const bytes = await engine.exportSealed(PASSPHRASE, T0 + 500);
    const other = await engineOnNewDatabase();
    await other.db.eventPages.clear();
    expect(await other.engine.read(bytes, 'merge')).toEqual({ kind: 'locked', problem: null });
    expect(await other.engine.unlock(PASSPHRASE, 'merge')).toMatchObject({ kind: 'planned', plan: { addTotal: 1 } });
    const plain = JSON.parse(new TextDecoder().decode(await engine.exportPlain(T0 + 500))) as PersonalData;
    expect(plain.catalogues[0]!.events).toEqual([{ kind: 'like', itemId: 'solaris', at: T0 }]);
  });
});
