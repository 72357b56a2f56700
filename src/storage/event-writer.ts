import type { StoredEvent } from './records';

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
  /** Sealed batches waiting to be written, oldest first; a failed one stays at the head. */
  private readonly batches: StoredEvent[][] = [];
  private timer: unknown = undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly timers: Timers;

  constructor(private readonly options: EventWriterOptions) {
    this.timers = options.timers ?? GLOBAL_TIMERS;
  }

  get pending(): number {
    return this.queue.length + this.batches.reduce((sum, batch) => sum + batch.length, 0);
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

  /** Writes everything queued so far; resolves once it is committed, or has failed and is kept for the next flush. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.queue.length > 0) {
      this.batches.push(this.queue);
      this.queue = [];
    }
    this.inFlight = this.inFlight.then(() => this.writeBatches());
    return this.inFlight;
  }

  private async writeBatches(): Promise<void> {
    while (this.batches.length > 0) {
      try {
        await this.options.write(this.batches[0]!);
      } catch (error) {
        // Stop here so later batches cannot overtake this one; the next flush retries in order.
        this.options.onError?.(error);
        return;
      }
      this.batches.shift();
    }
  }
}
