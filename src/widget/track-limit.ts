/**
 * How much a host page may report through `track()`: a token bucket, 20 events a second with
 * bursts of 100. A real page reports a handful per page view (the article read, a like); a
 * script that calls `track()` in a loop would otherwise fill the reader's storage with junk and
 * keep the widget ranking. What is over the limit is dropped and counted, never queued.
 */
export const TRACK_RATE_PER_SECOND = 20;
export const TRACK_BURST = 100;

export class TrackLimit {
  #tokens: number;
  #at: number | null = null;
  /** Reports dropped for being over the limit, since this page view began. */
  dropped = 0;

  constructor(
    private readonly ratePerSecond = TRACK_RATE_PER_SECOND,
    private readonly burst = TRACK_BURST,
  ) {
    this.#tokens = burst;
  }

  /** Whether one more report may go through at `now` (milliseconds); counts it as dropped if not. */
  take(now: number): boolean {
    if (this.#at !== null) this.#tokens = Math.min(this.burst, this.#tokens + (Math.max(now - this.#at, 0) * this.ratePerSecond) / 1000);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    this.dropped += 1;
    return false;
  }
}

/**
 * Reports about items the catalogue does not have (yet: an article published after the
 * catalogue was built). They are not stored; the last `capacity` are kept for this page view and
 * recorded if a newer catalogue that has them arrives meanwhile.
 */
export class PendingReports<K extends string> {
  readonly #reports: Array<{ readonly itemId: string; readonly kind: K }> = [];

  constructor(private readonly capacity = 100) {}

  get size(): number {
    return this.#reports.length;
  }

  add(itemId: string, kind: K): void {
    this.#reports.push({ itemId, kind });
    if (this.#reports.length > this.capacity) this.#reports.splice(0, this.#reports.length - this.capacity);
  }

  /** The items the held reports are about. */
  itemIds(): string[] {
    return [...new Set(this.#reports.map((report) => report.itemId))];
  }

  /** Removes and returns the reports `known` says the catalogue now has, oldest first. */
  takeKnown(known: (itemId: string) => boolean): Array<{ readonly itemId: string; readonly kind: K }> {
    const taken = this.#reports.filter((report) => known(report.itemId));
    const rest = this.#reports.filter((report) => !known(report.itemId));
    this.#reports.splice(0, this.#reports.length, ...rest);
    return taken;
  }
}
