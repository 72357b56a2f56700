import { parsePersonalData, type PersonalData, type PersonalDataProblem } from '../core/personal/personal-data';
import { isSealedFile, openFile, sealFile, type SealedFileProblem } from '../core/personal/sealed-file';
import type { SiftDatabase } from '../storage/db';
import { applyImport, exportPersonalData, planImport, wipeEverything, type ImportMode, type ImportPlan } from '../storage/personal-data-repository';
import { MODEL_CACHE } from './pwa-config';
import type { SiftSession } from './session.svelte';

/** Share of the quota in use above which the history is compacted before writes start failing. */
export const NEARLY_FULL = 0.9;

export type PersistState = 'unknown' | 'persisted' | 'not-persisted' | 'refused' | 'unsupported';

export type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'invalid'; readonly fileName: string; readonly problem: PersonalDataProblem }
  | {
      readonly kind: 'planned';
      readonly fileName: string;
      readonly data: PersonalData;
      readonly plan: ImportPlan;
      readonly skippedEvents: number;
      readonly skippedCatalogues: number;
    }
  /** A sealed export: its passphrase is asked for (again, with why, after a failed try). */
  | { readonly kind: 'locked'; readonly fileName: string; readonly bytes: Uint8Array; readonly mode: ImportMode; readonly problem: SealedFileProblem | null }
  | { readonly kind: 'unlocking'; readonly fileName: string }
  | { readonly kind: 'importing' }
  | { readonly kind: 'failed'; readonly detail: string };

export interface DataControlsDeps {
  readonly db: SiftDatabase;
  readonly session: SiftSession;
  readonly clock: () => number;
  /** After an import or a wipe: start again from what is now stored. */
  readonly reload: () => void;
  readonly storage: StorageManager | undefined;
  readonly indexedDB: IDBFactory;
  readonly caches: CacheStorage | undefined;
  readonly localStorage: Storage | undefined;
  /** WebCrypto: sealing and opening exports, and the random salt and nonce of each. */
  readonly crypto: Pick<Crypto, 'subtle' | 'getRandomValues'>;
}

/** The "Your data" controls: storage use, persistence, export, import (with a dry run) and wipe. */
export class DataControls {
  usage = $state.raw<{ readonly usage: number; readonly quota: number } | null>(null);
  persist = $state<PersistState>('unknown');
  // Raw: the parsed file goes to IndexedDB as is, and deep proxies cannot be cloned.
  importState = $state.raw<ImportState>({ kind: 'idle' });
  wipeError = $state<string | null>(null);

  constructor(private readonly deps: DataControlsDeps) {}

  async refreshStorage(): Promise<void> {
    const storage = this.deps.storage;
    if (storage === undefined) {
      this.persist = 'unsupported';
      return;
    }
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted()]);
    this.usage = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
    this.persist = persisted ? 'persisted' : 'not-persisted';
    if (this.usage.quota > 0 && this.usage.usage / this.usage.quota >= NEARLY_FULL) {
      await this.deps.session.compactHistory();
      const after = await storage.estimate();
      this.usage = { usage: after.usage ?? 0, quota: after.quota ?? 0 };
    }
  }

  /** Asks the browser not to evict Sift's storage under pressure (it may decide on its own). */
  async requestPersistence(): Promise<void> {
    const storage = this.deps.storage;
    if (storage === undefined) {
      this.persist = 'unsupported';
      return;
    }
    this.persist = (await storage.persist()) ? 'persisted' : 'refused';
  }

  /** The export file: everything personal, with pending events written first. */
  async exportFile(): Promise<{ readonly name: string; readonly text: string }> {
    await this.deps.session.flush();
    const now = this.deps.clock();
    const data = await exportPersonalData(this.deps.db, now);
    return { name: `sift-data-${new Date(now).toISOString().slice(0, 10)}.json`, text: `${JSON.stringify(data, null, 2)}\n` };
  }

  /** The export sealed with a passphrase (core/personal/sealed-file.ts): what "Export" gives by default. */
  async exportSealed(passphrase: string): Promise<{ readonly name: string; readonly bytes: Uint8Array }> {
    const plain = await this.exportFile();
    const { crypto } = this.deps;
    const bytes = await sealFile(new TextEncoder().encode(plain.text), passphrase, { salt: crypto.getRandomValues(new Uint8Array(16)), iv: crypto.getRandomValues(new Uint8Array(12)) }, crypto.subtle);
    return { name: plain.name.replace(/\.json$/, '.sift'), bytes };
  }

  /** Reads a chosen file: a sealed one asks for its passphrase first; otherwise, what importing it would do. Nothing is written yet. */
  async chooseImport(fileName: string, bytes: Uint8Array, mode: ImportMode): Promise<void> {
    if (isSealedFile(bytes)) {
      this.importState = { kind: 'locked', fileName, bytes, mode, problem: null };
      return;
    }
    await this.planFrom(fileName, new TextDecoder().decode(bytes), mode);
  }

  /** Opens the sealed file with this passphrase; a wrong one (or a changed file) asks again. */
  async unlockImport(passphrase: string): Promise<void> {
    const state = this.importState;
    if (state.kind !== 'locked') return;
    this.importState = { kind: 'unlocking', fileName: state.fileName };
    const opened = await openFile(state.bytes, passphrase, this.deps.crypto.subtle);
    if (opened.kind === 'invalid') {
      this.importState = { ...state, problem: opened.problem };
      return;
    }
    await this.planFrom(state.fileName, new TextDecoder().decode(opened.payload), state.mode);
  }

  private async planFrom(fileName: string, text: string, mode: ImportMode): Promise<void> {
    const parsed = parsePersonalData(text);
    if (parsed.kind === 'invalid') {
      this.importState = { kind: 'invalid', fileName, problem: parsed.problem };
      return;
    }
    await this.deps.session.flush();
    const plan = await planImport(this.deps.db, parsed.data, mode);
    this.importState = { kind: 'planned', fileName, data: parsed.data, plan, skippedEvents: parsed.skippedEvents, skippedCatalogues: parsed.skippedCatalogues };
  }

  async changeImportMode(mode: ImportMode): Promise<void> {
    const state = this.importState;
    if (state.kind === 'locked') this.importState = { ...state, mode };
    if (state.kind !== 'planned') return;
    this.importState = { ...state, plan: await planImport(this.deps.db, state.data, mode) };
  }

  async confirmImport(): Promise<void> {
    const state = this.importState;
    if (state.kind !== 'planned') return;
    this.importState = { kind: 'importing' };
    try {
      await this.deps.session.flush();
      await applyImport(this.deps.db, state.data, state.plan.mode);
      this.deps.reload();
    } catch (error) {
      this.importState = { kind: 'failed', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }

  cancelImport(): void {
    this.importState = { kind: 'idle' };
  }

  async wipe(keepModels: boolean): Promise<void> {
    try {
      await wipeEverything(this.deps.db, { keepModels, modelCacheName: MODEL_CACHE }, this.deps);
    } catch (error) {
      this.wipeError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return;
    }
    this.deps.reload();
  }
}
