import { parsePersonalData, type PersonalData, type PersonalDataProblem } from '../../core/personal/personal-data';
import { isSealedFile, openFile, sealFile, type SealedFileProblem } from '../../core/personal/sealed-file';
import type { SiftDatabase } from '../../storage/db';
import { passphraseStrength, type PassphraseStrength } from './passphrase-strength';
import { applyImport, exportPersonalData, planImport, type ImportMode, type ImportPlan } from '../../storage/personal-data-repository';

/** What a chosen file turned out to be. */
export type FileReading =
  /** Sealed: its passphrase is needed (again, with why, after a failed try). */
  | { readonly kind: 'locked'; readonly problem: SealedFileProblem | null }
  | { readonly kind: 'invalid'; readonly problem: PersonalDataProblem }
  /** Read and checked: what importing it would do, nothing written yet. */
  | { readonly kind: 'planned'; readonly plan: ImportPlan; readonly skippedEvents: number; readonly skippedCatalogues: number };

/**
 * The profile file's heavy work, off the page (workers/profile-file.worker.ts): deriving the
 * key, decrypting, parsing and checking a file of 100,000 events, reading this browser's history
 * to plan the merge, writing it in one transaction, and serialising and sealing an export. Each
 * of these took hundreds of milliseconds to seconds on the page, where they froze it; so did
 * setting up the passphrase-strength dictionaries. The file chosen stays here between the
 * steps; the page holds only what it shows.
 */
export interface ProfileFileApi {
  /** Which database this browser's profile is in (the app's, or a widget's per catalogue). */
  attach(databaseName: string): void;
  read(bytes: Uint8Array, mode: ImportMode): Promise<FileReading>;
  unlock(passphrase: string, mode: ImportMode): Promise<FileReading>;
  /** The plan for the file held, in another mode (null when none is held). */
  replan(mode: ImportMode): Promise<ImportPlan | null>;
  /** Imports the file held, in one transaction; it is let go whether this succeeds or not. */
  apply(mode: ImportMode): Promise<ImportPlan>;
  /** Lets go of the file held. */
  drop(): void;
  /** Everything personal as JSON (UTF-8). */
  exportPlain(now: number): Promise<Uint8Array>;
  /** The same, sealed with the passphrase (core/personal/sealed-file.ts). */
  exportSealed(passphrase: string, now: number): Promise<Uint8Array>;
  /** How guessable a passphrase being chosen is (its dictionaries take the page 100 ms and more to set up). */
  rate(passphrase: string): Promise<PassphraseStrength>;
}

type HeldFile = { readonly kind: 'sealed'; readonly bytes: Uint8Array } | { readonly kind: 'parsed'; readonly data: PersonalData };

export class ProfileFileEngine implements ProfileFileApi {
  private db: SiftDatabase | null = null;
  private held: HeldFile | null = null;

  constructor(
    private readonly openDatabase: (name: string) => SiftDatabase,
    /** WebCrypto: the key derivation and cipher, and each export's random salt and nonce. */
    private readonly crypto: Pick<Crypto, 'subtle' | 'getRandomValues'>,
  ) {}

  attach(databaseName: string): void {
    if (this.db?.name === databaseName) return;
    this.db?.close();
    this.db = this.openDatabase(databaseName);
  }

  async read(bytes: Uint8Array, mode: ImportMode): Promise<FileReading> {
    if (isSealedFile(bytes)) {
      this.held = { kind: 'sealed', bytes };
      return { kind: 'locked', problem: null };
    }
    return this.planFrom(new TextDecoder().decode(bytes), mode);
  }

  async unlock(passphrase: string, mode: ImportMode): Promise<FileReading> {
    const held = this.held;
    if (held?.kind !== 'sealed') throw new Error('No sealed file is waiting for its passphrase.');
    const opened = await openFile(held.bytes, passphrase, this.crypto.subtle);
    if (opened.kind === 'invalid') return { kind: 'locked', problem: opened.problem };
    return this.planFrom(new TextDecoder().decode(opened.payload), mode);
  }

  async replan(mode: ImportMode): Promise<ImportPlan | null> {
    return this.held?.kind === 'parsed' ? planImport(this.database(), this.held.data, mode) : null;
  }

  async apply(mode: ImportMode): Promise<ImportPlan> {
    const held = this.held;
    if (held?.kind !== 'parsed') throw new Error('No checked file is waiting to be imported.');
    this.held = null;
    return applyImport(this.database(), held.data, mode);
  }

  drop(): void {
    this.held = null;
  }

  async exportPlain(now: number): Promise<Uint8Array> {
    const data = await exportPersonalData(this.database(), now);
    return new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`);
  }

  async exportSealed(passphrase: string, now: number): Promise<Uint8Array> {
    const plain = await this.exportPlain(now);
    const random = { salt: this.crypto.getRandomValues(new Uint8Array(16)), iv: this.crypto.getRandomValues(new Uint8Array(12)) };
    return sealFile(plain, passphrase, random, this.crypto.subtle);
  }

  rate(passphrase: string): Promise<PassphraseStrength> {
    return passphraseStrength(passphrase);
  }

  private async planFrom(text: string, mode: ImportMode): Promise<FileReading> {
    const parsed = parsePersonalData(text);
    if (parsed.kind === 'invalid') {
      this.held = null;
      return { kind: 'invalid', problem: parsed.problem };
    }
    this.held = { kind: 'parsed', data: parsed.data };
    const plan = await planImport(this.database(), parsed.data, mode);
    return { kind: 'planned', plan, skippedEvents: parsed.skippedEvents, skippedCatalogues: parsed.skippedCatalogues };
  }

  private database(): SiftDatabase {
    if (this.db === null) throw new Error('The profile file engine was not attached to a database.');
    return this.db;
  }
}
