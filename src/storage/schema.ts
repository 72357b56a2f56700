import type { Transaction } from 'dexie';
import type { Catalogue } from '../core/catalogue/catalogue-types';
import { chunkCount, chunkText } from '../core/catalogue/item-chunks';
import { EVENT_PAGE_SIZE, type SettingKey, type SettingsRecord, type StoredCatalogue, type StoredCatalogueText, type StoredCatalogueV1, type StoredCatalogueV2, type StoredEvent, type StoredEventPage, type StoredItemChunk } from './records';

/**
 * Every schema Sift has shipped, oldest first. Never edit a released entry: add a new version
 * with the new `stores` and an `upgrade` that rewrites old records, and a test that opens a
 * database filled under the previous version (test/storage/migrations.test.ts).
 */
export interface SchemaVersion {
  readonly version: number;
  /** null deletes a table. */
  readonly stores: Record<string, string | null>;
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
  {
    // Catalogues as JSON text (see StoredCatalogue); indexes unchanged.
    version: 2,
    stores: {
      catalogues: 'id',
      events: '++seq, catalogueId, [catalogueId+seq], at, itemId, kind',
      profiles: 'catalogueId',
      settings: 'key',
    },
    upgrade: async (transaction) => {
      const table = transaction.table<StoredCatalogueV1 | StoredCatalogueV2, string>('catalogues');
      const old = (await table.toArray()).filter((record): record is StoredCatalogueV1 => 'catalogue' in record);
      await table.bulkPut(old.map(catalogueRecordV2));
    },
  },
  {
    // Built catalogue indexes, so a start does not re-index an unchanged catalogue; catalogue
    // text apart from its description, so a start need not read it.
    version: 3,
    stores: {
      catalogues: 'id',
      catalogueTexts: 'id',
      events: '++seq, catalogueId, [catalogueId+seq], at, itemId, kind',
      profiles: 'catalogueId',
      settings: 'key',
      indexes: 'catalogueId',
    },
    upgrade: async (transaction) => {
      const catalogues = transaction.table<StoredCatalogueV2 | StoredCatalogue, string>('catalogues');
      const old = (await catalogues.toArray()).filter((record): record is StoredCatalogueV2 => 'json' in record);
      await transaction.table<StoredCatalogueText, string>('catalogueTexts').bulkPut(old.map(({ id, json }) => ({ id, json })));
      await catalogues.bulkPut(old.map(({ json: _json, ...description }) => description));
    },
  },
  {
    // Summaries of compacted history: the profile folded over events that were pruned when
    // storage ran short (see StoredSummary). A new table only; nothing to rewrite.
    version: 4,
    stores: {
      catalogues: 'id',
      catalogueTexts: 'id',
      events: '++seq, catalogueId, [catalogueId+seq], at, itemId, kind',
      profiles: 'catalogueId',
      settings: 'key',
      indexes: 'catalogueId',
      summaries: 'catalogueId',
    },
  },
  {
    // Catalogue vectors embedded in the browser, batch by batch (see StoredVectorBatch), so an
    // interrupted embedding resumes where it stopped. A new table only.
    version: 5,
    stores: {
      catalogues: 'id',
      catalogueTexts: 'id',
      events: '++seq, catalogueId, [catalogueId+seq], at, itemId, kind',
      profiles: 'catalogueId',
      settings: 'key',
      indexes: 'catalogueId',
      summaries: 'catalogueId',
      vectorBatches: '[catalogueId+model+start], [catalogueId+model]',
    },
  },
  {
    // Items in chunks, written and read by the ranking worker (see StoredItemChunk), instead of
    // one text of the whole catalogue; the description keeps the ranking priors, so the index
    // can be rebuilt from the chunks alone.
    version: 6,
    stores: {
      catalogues: 'id',
      catalogueTexts: null,
      catalogueItems: '[catalogueId+chunk], catalogueId',
      events: '++seq, catalogueId, [catalogueId+seq], at, itemId, kind',
      profiles: 'catalogueId',
      settings: 'key',
      indexes: 'catalogueId',
      summaries: 'catalogueId',
      vectorBatches: '[catalogueId+model+start], [catalogueId+model]',
    },
    upgrade: async (transaction) => {
      const catalogues = transaction.table<StoredCatalogue, string>('catalogues');
      const chunks = transaction.table<StoredItemChunk, [string, number]>('catalogueItems');
      for (const { id, json } of await transaction.table<StoredCatalogueText, string>('catalogueTexts').toArray()) {
        const catalogue = JSON.parse(json) as Catalogue;
        const numbers = Array.from({ length: chunkCount(catalogue.items.length) }, (_, k) => k);
        await chunks.bulkPut(numbers.map((chunk) => ({ catalogueId: id, chunk, json: chunkText(catalogue.items, chunk) })));
        const record = await catalogues.get(id);
        if (record !== undefined) await catalogues.put({ ...record, ranking: catalogue.ranking ?? null });
      }
    },
  },
  {
    // Tombstones: the keys of events the reader deleted, so that merging in an export made
    // before the deletion does not bring them back (core/personal/merge-history.ts).
    version: 7,
    stores: {
      catalogues: 'id',
      catalogueItems: '[catalogueId+chunk], catalogueId',
      events: '++seq, catalogueId, [catalogueId+seq], at, itemId, kind',
      profiles: 'catalogueId',
      settings: 'key',
      indexes: 'catalogueId',
      summaries: 'catalogueId',
      vectorBatches: '[catalogueId+model+start], [catalogueId+model]',
      tombstones: '[catalogueId+key], catalogueId',
    },
  },
  {
    // The history in pages of EVENT_PAGE_SIZE events (records.ts, StoredEventPage): one record
    // per event made a 100,000-event import take 11 s in Chromium, pages a tenth of a second.
    // Every event keeps its seq; the counter goes on from the highest.
    version: 8,
    stores: {
      catalogues: 'id',
      catalogueItems: '[catalogueId+chunk], catalogueId',
      events: null,
      eventPages: '[catalogueId+firstSeq], [catalogueId+lastSeq]',
      profiles: 'catalogueId',
      settings: 'key',
      indexes: 'catalogueId',
      summaries: 'catalogueId',
      vectorBatches: '[catalogueId+model+start], [catalogueId+model]',
      tombstones: '[catalogueId+key], catalogueId',
    },
    upgrade: async (transaction) => {
      const events = await transaction.table<StoredEvent, number>('events').toArray();
      await transaction.table<StoredEventPage, [string, number]>('eventPages').bulkPut(pagesFor(events));
      const last = events.at(-1)?.seq;
      if (last !== undefined) await transaction.table<SettingsRecord, SettingKey>('settings').put({ key: 'lastEventSeq', value: String(last) });
    },
  },
];

/** Events (in seq order) as pages: each catalogue's, EVENT_PAGE_SIZE to a page. */
function pagesFor(events: readonly StoredEvent[]): StoredEventPage[] {
  const byCatalogue = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const list = byCatalogue.get(event.catalogueId) ?? [];
    list.push(event);
    byCatalogue.set(event.catalogueId, list);
  }
  return [...byCatalogue].flatMap(([catalogueId, list]) =>
    Array.from({ length: Math.ceil(list.length / EVENT_PAGE_SIZE) }, (_, k) => {
      const page = list.slice(k * EVENT_PAGE_SIZE, (k + 1) * EVENT_PAGE_SIZE);
      return { catalogueId, firstSeq: page[0]!.seq!, lastSeq: page.at(-1)!.seq!, events: page };
    }),
  );
}

export function catalogueRecordV2(record: StoredCatalogueV1): StoredCatalogueV2 {
  const { catalogue, ...rest } = record;
  return { ...rest, title: catalogue.title, itemCount: catalogue.items.length, json: JSON.stringify(catalogue) };
}

export const CURRENT_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;
