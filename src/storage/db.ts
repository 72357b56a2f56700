import Dexie, { type Table } from 'dexie';
import type { SettingKey, SettingsRecord, StoredCatalogue, StoredEventPage, StoredIndex, StoredItemChunk, StoredProfile, StoredSummary, StoredTombstone, StoredVectorBatch } from './records';
import { SCHEMA_VERSIONS } from './schema';

export const DEFAULT_DATABASE_NAME = 'sift';

export class SiftDatabase extends Dexie {
  catalogues!: Table<StoredCatalogue, string>;
  catalogueItems!: Table<StoredItemChunk, [string, number]>;
  eventPages!: Table<StoredEventPage, [string, number]>;
  profiles!: Table<StoredProfile, string>;
  settings!: Table<SettingsRecord, SettingKey>;
  indexes!: Table<StoredIndex, string>;
  summaries!: Table<StoredSummary, string>;
  vectorBatches!: Table<StoredVectorBatch, [string, string, number]>;
  tombstones!: Table<StoredTombstone, [string, string]>;

  constructor(name: string = DEFAULT_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    for (const schema of SCHEMA_VERSIONS) {
      const version = this.version(schema.version).stores(schema.stores);
      if (schema.upgrade !== undefined) version.upgrade(schema.upgrade);
    }
  }
}
