import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SiftDatabase } from '../../src/storage/db';
import type { StoredEvent } from '../../src/storage/records';
import { allEvents, appendEvents } from '../../src/storage/event-repository';
import { EventWriter, type Timers } from '../../src/storage/event-writer';

class ManualTimers implements Timers {
  private callbacks = new Map<number, () => void>();
  private next = 1;
  setTimeout(callback: () => void): unknown {
    const id = this.next++;
    this.callbacks.set(id, callback);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.callbacks.delete(handle as number);
  }
  fireAll(): void {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of pending) callback();
  }
  get scheduled(): number {
    return this.callbacks.size;
  }
}

const like = (itemId: string, at: number): StoredEvent => ({ kind: 'like', itemId, at, catalogueId: 'c' });

describe('EventWriter', () => {
  it('writes a burst of events as one IndexedDB batch, in order', async () => {
    const db = new SiftDatabase(`writer-${Math.random()}`);
    const batches: number[] = [];
    const timers = new ManualTimers();
    const writer = new EventWriter({
      write: async (events) => {
        batches.push(events.length);
        await appendEvents(db, events);
      },
      flushAfterMs: 100,
      maxBatch: 50,
      timers,
    });
    for (let i = 0; i < 10; i += 1) writer.append(like(`i${i}`, i));
    expect(timers.scheduled).toBe(1);
    expect(await allEvents(db)).toHaveLength(0);
    timers.fireAll();
    await writer.flush();
    expect(batches).toEqual([10]);
    expect((await allEvents(db)).map((e) => ('itemId' in e ? e.itemId : ''))).toEqual(
      Array.from({ length: 10 }, (_, i) => `i${i}`),
    );
    db.close();
  });

  it('flushes at once when the batch is full', async () => {
    const batches: number[] = [];
    const writer = new EventWriter({ write: async (events) => void batches.push(events.length), flushAfterMs: 10_000, maxBatch: 3, timers: new ManualTimers() });
    for (let i = 0; i < 7; i += 1) writer.append(like('x', i));
    await writer.flush();
    expect(batches).toEqual([3, 3, 1]);
  });

  it('keeps a failed batch and writes it with the next flush, nothing lost or reordered', async () => {
    const written: number[] = [];
    let failures = 1;
    const errors: unknown[] = [];
    const writer = new EventWriter({
      write: async (events) => {
        if (failures-- > 0) throw new DOMException('quota', 'QuotaExceededError');
        written.push(...events.map((e) => e.at));
      },
      flushAfterMs: 10,
      maxBatch: 100,
      timers: new ManualTimers(),
      onError: (error) => errors.push(error),
    });
    writer.append(like('a', 1));
    writer.append(like('b', 2));
    await writer.flush();
    expect(written).toEqual([]);
    expect(writer.pending).toBe(2);
    expect(errors).toHaveLength(1);
    writer.append(like('c', 3));
    await writer.flush();
    expect(written).toEqual([1, 2, 3]);
  });
});
