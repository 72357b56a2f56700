import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { SiftDatabase } from '../storage/db';
import type { StoredEvent } from '../storage/records';
import { appendEvents } from '../storage/event-repository';
import { interleaveAsync, type TimingSummary } from './stats';

export interface StorageResult {
  readonly events: number;
  /** Each event in its own transaction, as an unbatched app would write them. */
  readonly single: TimingSummary;
  /** All events in one transaction, as the EventWriter writes a burst. */
  readonly batched: TimingSummary;
}

/** Event append throughput on fake-indexeddb: per-event transactions versus one batch. */
export async function benchStorage(options: { readonly events: number; readonly warmup: number; readonly runs: number; readonly clock: () => number }): Promise<StorageResult> {
  const db = new SiftDatabase(`bench-${options.events}`, { indexedDB, IDBKeyRange });
  await db.open();
  let at = 0;
  const burst = (): StoredEvent[] =>
    Array.from({ length: options.events }, (_, i) => ({ catalogueId: 'bench', kind: 'open' as const, itemId: `item-${i}`, at: (at += 1) }) as StoredEvent);
  const timings = await interleaveAsync(
    [
      {
        name: 'single',
        run: async () => {
          for (const event of burst()) await appendEvents(db, [event]);
        },
      },
      { name: 'batched', run: () => appendEvents(db, burst()) },
    ],
    options,
  );
  db.close();
  await db.delete();
  return { events: options.events, single: timings.get('single')!, batched: timings.get('batched')! };
}
