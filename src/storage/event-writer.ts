import type { StoredEvent } from './db';

/**
 * Buffers events and writes them in one IndexedDB transaction per batch: a burst of clicks
 * costs one commit, not one per click. Flushes after `flushAfterMs` of quiet, when `maxBatch`
 * events wait, or when asked (on pagehide / visibility change).
 */
export interface EventWriterOptions {
  readonly write: (events: readonly StoredEvent[]) => Promise<void>;
  readonly flushAfterMs: number;
  readonly maxBatch: number;
  readonly timers?: Timers;
  /** Called when a batch fails; the batch is kept and retried with the next flush. */
  readonly onError?: (error: unknown) => void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class EventWriter {
  private queue: StoredEvent[] = [];
  private timer: unknown = undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly timers: Timers;

  constructor(private readonly options: EventWriterOptions) {
    this.timers = options.timers ?? GLOBAL_TIMERS;
  }

  get pending(): number {
    return this.queue.length;
  }

  append(event: StoredEvent): void {
    this.queue.push(event);
    if (this.queue.length >= this.options.maxBatch) {
      void this.flush();
      return;
    }
    if (this.timer === undefined) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.flushAfterMs);
    }
  }

  /** Writes everything queued so far; resolves once it is committed (or has failed and been re-queued). */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Chain batches so they commit in order.
    this.inFlight = this.inFlight.then(async () => {
      if (this.queue.length === 0) return;
      const batch = this.queue;
      this.queue = [];
      try {
        await this.options.write(batch);
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.options.onError?.(error);
      }
    });
    return this.inFlight;
  }
}
