import type { Transaction } from 'dexie';

/**
 * Every schema Sift has shipped, oldest first. Never edit a released entry: add a new version
 * with the new `stores` and an `upgrade` that rewrites old records, and a test that opens a
 * database filled under the previous version (test/storage/migrations.test.ts).
 */
export interface SchemaVersion {
  readonly version: number;
  readonly stores: Record<string, string>;
  readonly upgrade?: (transaction: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      catalogues: 'id',
      events: '++seq, catalogueId, [catalogueId+seq], at, itemId, kind',
      profiles: 'catalogueId',
      settings: 'key',
    },
  },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;
