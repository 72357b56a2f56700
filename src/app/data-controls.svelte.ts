import type { PersonalDataProblem } from '../core/personal/personal-data';
import type { SealedFileProblem } from '../core/personal/sealed-file';
import type { FileReading, ProfileFileApi } from '../engines/profile-file/profile-file-engine';
import type { PassphraseStrength } from '../engines/profile-file/passphrase-strength';
import type { SiftDatabase } from '../storage/db';
import { wipeEverything, type ImportMode, type ImportPlan } from '../storage/personal-data-repository';
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
      readonly plan: ImportPlan;
      readonly skippedEvents: number;
      readonly skippedCatalogues: number;
    }
  | { readonly kind: 'reading'; readonly fileName: string }
  /** A sealed export: its passphrase is asked for (again, with why, after a failed try). */
  | { readonly kind: 'locked'; readonly fileName: string; readonly mode: ImportMode; readonly problem: SealedFileProblem | null }
  | { readonly kind: 'unlocking'; readonly fileName: string }
  | { readonly kind: 'importing' }
  | { readonly kind: 'failed'; readonly detail: string };

export interface DataControlsDeps {
  readonly db: SiftDatabase;
  /** Pending events are written before a file is read or made; storage short of space compacts the history. */
  readonly session: Pick<SiftSession, 'flush' | 'compactHistory'>;
  readonly clock: () => number;
  /** After an import or a wipe: start again from what is now stored. */
  readonly reload: () => void;
  readonly storage: StorageManager | undefined;
  readonly indexedDB: IDBFactory;
  readonly caches: CacheStorage | undefined;
  readonly localStorage: Storage | undefined;
  /** Reading, importing and making profile files (in a worker: engines/profile-file). */
  readonly files: ProfileFileApi;
}

/** The "Your data" controls: storage use, persistence, export, import (with a dry run) and wipe. */
export class DataControls {
  usage = $state.raw<{ readonly usage: number; readonly quota: number } | null>(null);
  persist = $state<PersistState>('unknown');
  // Raw: the parsed file goes to IndexedDB as is, and deep proxies cannot be cloned.
  importState = $state.raw<ImportState>({ kind: 'idle' });
  wipeError = $state<string | null>(null);

  constructor(private readonly deps: DataControlsDeps) {}

  /** Starts the profile-file worker (its start is then over before the reader picks a file). */
  prepare(): void {
    this.files();
  }

  private files(): ProfileFileApi {
    this.deps.files.attach(this.deps.db.name);
    return this.deps.files;
  }

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

  /** The export file (plain JSON): everything personal, with pending events written first. */
  async exportFile(): Promise<{ readonly name: string; readonly bytes: Uint8Array }> {
    await this.deps.session.flush();
    const now = this.deps.clock();
    return { name: `${exportName(now)}.json`, bytes: await this.files().exportPlain(now) };
  }

  /** The export sealed with a passphrase (core/personal/sealed-file.ts): what "Export" gives by default. */
  async exportSealed(passphrase: string): Promise<{ readonly name: string; readonly bytes: Uint8Array }> {
    await this.deps.session.flush();
    const now = this.deps.clock();
    return { name: `${exportName(now)}.sift`, bytes: await this.files().exportSealed(passphrase, now) };
  }

  /** How guessable a passphrase being chosen for an export is (rated in the worker). */
  rate(passphrase: string): Promise<PassphraseStrength> {
    return this.files().rate(passphrase);
  }

  /** Reads a chosen file: a sealed one asks for its passphrase first; otherwise, what importing it would do. Nothing is written yet. */
  async chooseImport(fileName: string, bytes: Uint8Array, mode: ImportMode): Promise<void> {
    this.importState = { kind: 'reading', fileName };
    await this.settle(async () => {
      await this.deps.session.flush();
      this.show(fileName, mode, await this.files().read(bytes, mode));
    });
  }

  /** Opens the sealed file with this passphrase; a wrong one (or a changed file) asks again. */
  async unlockImport(passphrase: string): Promise<void> {
    const state = this.importState;
    if (state.kind !== 'locked') return;
    this.importState = { kind: 'unlocking', fileName: state.fileName };
    await this.settle(async () => {
      await this.deps.session.flush();
      this.show(state.fileName, state.mode, await this.files().unlock(passphrase, state.mode));
    });
  }

  /** Runs a step of the import; if it throws (storage refused, the worker failed), the import shows why instead of waiting forever. */
  private async settle(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.importState = { kind: 'failed', detail: describeFailure(error) };
    }
  }

  private show(fileName: string, mode: ImportMode, reading: FileReading): void {
    switch (reading.kind) {
      case 'locked':
        this.importState = { kind: 'locked', fileName, mode, problem: reading.problem };
        return;
      case 'invalid':
        this.importState = { kind: 'invalid', fileName, problem: reading.problem };
        return;
      case 'planned':
        this.importState = { kind: 'planned', fileName, plan: reading.plan, skippedEvents: reading.skippedEvents, skippedCatalogues: reading.skippedCatalogues };
        return;
    }
  }

  async changeImportMode(mode: ImportMode): Promise<void> {
    const state = this.importState;
    if (state.kind === 'locked') this.importState = { ...state, mode };
    if (state.kind !== 'planned') return;
    const plan = await this.files().replan(mode);
    if (plan !== null) this.importState = { ...state, plan };
  }

  async confirmImport(): Promise<void> {
    const state = this.importState;
    if (state.kind !== 'planned') return;
    this.importState = { kind: 'importing' };
    await this.settle(async () => {
      await this.deps.session.flush();
      await this.files().apply(state.plan.mode);
      this.deps.reload();
    });
  }

  cancelImport(): void {
    this.files().drop();
    this.importState = { kind: 'idle' };
  }

  async wipe(keepModels: boolean): Promise<void> {
    try {
      await wipeEverything(this.deps.db, { keepModels, modelCacheName: MODEL_CACHE }, this.deps);
    } catch (error) {
      this.wipeError = describeFailure(error);
      return;
    }
    this.deps.reload();
  }
}

function exportName(now: number): string {
  return `sift-data-${new Date(now).toISOString().slice(0, 10)}`;
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
