import type { StoredRankerState } from '../engines/ranker/ranker-api';
import { countEvents, eventsSince, oldestEvents } from '../storage/event-repository';
import { deleteEvents, dropRebuildableData, isQuotaError, loadSummary, replaceSummary, saveCompaction } from '../storage/history-repository';
import { loadProfile, saveProfile } from '../storage/profile-repository';
import type { StoredEvent, StoredProfile, StoredSummary } from '../storage/records';
import type { FeedRanking } from './feed-ranking.svelte';
import { planForget, type ForgetTarget } from './history-rewrite';
import { describeError, type SessionDeps, type TabChange } from './session-deps';
import type { SerialQueue } from './serial-queue';
import type { SessionView } from './session-view.svelte';
import { restoreRanker } from './restore-ranker';

const PERSIST_AFTER_MS = 800;

export type CompactionResult = { readonly kind: 'compacted'; readonly eventCount: number } | { readonly kind: 'nothing-to-compact' };

/** A catalogue's stored profile as a start reads it: the snapshot to restore and the events after it. */
export interface StoredStart {
  readonly state: StoredRankerState | null;
  readonly throughSeq: number;
  readonly replay: readonly StoredEvent[];
}

/**
 * The user's profile as stored: reading it at a start, saving it after events, taking in other
 * tabs' events, forgetting what the user asks, and compacting the history when storage is short.
 */
export class ProfilePersistence {
  /** Every stored event up to this seq is in the ranker's profile (own and other tabs'). */
  appliedSeq = 0;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private compacting = false;
  /** The content hash of the catalogue on screen: the feed cache saved with the profile is for it only. */
  contentHash: string | null = null;

  constructor(
    private readonly deps: SessionDeps,
    private readonly view: SessionView,
    private readonly queue: SerialQueue,
    private readonly feed: FeedRanking,
  ) {
    deps.tabs?.listen((catalogueId, change) => {
      if (catalogueId === this.view.catalogue?.id) void this.syncTabs(change);
    });
  }

  /** The stored profile of a catalogue: the snapshot if it covers the summary, else the summary, and the events after it. */
  async readStart(catalogueId: string): Promise<StoredStart> {
    const [profile, summary] = await Promise.all([loadProfile(this.deps.db, catalogueId), loadSummary(this.deps.db, catalogueId)]);
    const base = startingPoint(profile, summary);
    return { ...base, replay: await eventsSince(this.deps.db, catalogueId, base.throughSeq) };
  }

  /** The ranker holds this start now. */
  restored(start: StoredStart): void {
    this.appliedSeq = Math.max(start.throughSeq, lastSeqOf(start.replay));
  }

  /** Another tab wrote (or deleted) events: apply that and re-rank, so every open tab shows the same feed. */
  syncTabs(change: TabChange = 'events-written'): Promise<void> {
    return this.queue.run(async () => {
      if (this.view.catalogue === null) return;
      if (change === 'history-rewritten') await this.rebuild(this.view.catalogue.id);
      else if ((await this.applyOtherTabsEvents(this.view.catalogue.id)) > 0) await this.feed.refresh();
    });
  }

  /** Applies stored events of other tabs newer than appliedSeq; own ones are applied already. */
  private async applyOtherTabsEvents(catalogueId: string): Promise<number> {
    const fresh = await eventsSince(this.deps.db, catalogueId, this.appliedSeq);
    if (fresh.length === 0) return 0;
    const foreign = fresh.filter((event) => event.origin !== this.deps.tabId);
    if (foreign.length > 0) await this.deps.ranker.recordEvents(foreign);
    this.appliedSeq = Math.max(this.appliedSeq, lastSeqOf(fresh));
    return foreign.length;
  }

  /** The profile from scratch: the compacted summary (if any) plus every stored event after it. Inside the queue. */
  async rebuild(catalogueId: string): Promise<void> {
    const summary = await loadSummary(this.deps.db, catalogueId);
    const events = await eventsSince(this.deps.db, catalogueId, summary?.throughSeq ?? 0);
    await restoreRanker(this.deps.ranker, summary === undefined ? null : { profile: summary.profile, weights: summary.weights }, events);
    this.appliedSeq = Math.max(summary?.throughSeq ?? 0, lastSeqOf(events));
    this.feed.skippedThisPage.clear();
    await this.feed.refresh();
    await this.persistNow();
  }

  /**
   * Deletes what the user asked Sift to forget from the stored history (and from the compacted
   * summary, if there is one), rebuilds the profile from what is left, and tells other tabs to
   * do the same. Returns how many stored events were deleted.
   */
  forget(target: ForgetTarget): Promise<number> {
    return this.queue.run(async () => {
      const catalogue = this.view.catalogue;
      if (catalogue === null) return 0;
      const { db, ranker } = this.deps;
      await this.deps.events.flush();
      const plan = await planForget(target, await eventsSince(db, catalogue.id, 0), ranker);
      const deleted = await deleteEvents(db, catalogue.id, (event) => event.seq !== undefined && plan.seqs.has(event.seq), this.deps.clock());
      const summary = await loadSummary(db, catalogue.id);
      if (summary !== undefined && (plan.summary.itemIds.length > 0 || plan.summary.tags.length > 0)) {
        const edited = await ranker.forgetInState({ profile: summary.profile, weights: summary.weights }, plan.summary, this.deps.clock());
        await replaceSummary(db, { ...summary, profile: edited.profile, weights: edited.weights });
      }
      await this.rebuild(catalogue.id);
      this.deps.tabs?.announce(catalogue.id, 'history-rewritten');
      return deleted;
    });
  }

  /**
   * Storage is short: drops what can be rebuilt, then folds the oldest half of this catalogue's
   * history into its summary and deletes those events. The profile does not change.
   */
  compactHistory(): Promise<CompactionResult> {
    return this.queue.run(() => this.compactNow());
  }

  /** The event writer could not write a batch; it keeps the batch and retries on the next flush. */
  writeFailed(error: unknown): void {
    if (!isQuotaError(error) || this.compacting) {
      this.view.notice = { kind: 'storage-failed', detail: describeError(error) };
      return;
    }
    this.compacting = true;
    void this.queue
      .run(async () => {
        const result = await this.compactNow();
        if (result.kind === 'compacted') await this.deps.events.flush();
        else this.view.notice = { kind: 'storage-failed', detail: describeError(error) };
      })
      .finally(() => {
        this.compacting = false;
      });
  }

  private async compactNow(): Promise<CompactionResult> {
    const catalogue = this.view.catalogue;
    if (catalogue === null) return { kind: 'nothing-to-compact' };
    const { db, ranker } = this.deps;
    await dropRebuildableData(db, catalogue.id);
    const total = await countEvents(db, catalogue.id);
    const oldest = await oldestEvents(db, catalogue.id, Math.ceil(total / 2));
    const throughSeq = oldest[oldest.length - 1]?.seq;
    // Only what the live profile already holds may be folded (another tab may be ahead).
    if (throughSeq === undefined || throughSeq > this.appliedSeq) return { kind: 'nothing-to-compact' };
    const summary = await loadSummary(db, catalogue.id);
    const folded = await ranker.foldEvents(summary === undefined ? null : { profile: summary.profile, weights: summary.weights }, oldest);
    await saveCompaction(db, {
      catalogueId: catalogue.id,
      throughSeq,
      eventCount: (summary?.eventCount ?? 0) + oldest.length,
      compactedAt: this.deps.clock(),
      profile: folded.profile,
      weights: folded.weights,
    });
    this.view.notice = { kind: 'storage-compacted', eventCount: oldest.length };
    return { kind: 'compacted', eventCount: oldest.length };
  }

  /** Saves a while after the last change (events come in bursts). */
  schedulePersist(): void {
    if (this.persistTimer !== undefined) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      void this.flush();
    }, PERSIST_AFTER_MS);
  }

  /** Writes pending events and the profile now (page hide, before a catalogue switch). */
  flush(): Promise<void> {
    return this.queue.run(() => this.persistNow());
  }

  /** Must run inside the queue: no event can slip between the flush and the snapshot. */
  async persistNow(): Promise<void> {
    const catalogue = this.view.catalogue;
    await this.deps.events.flush();
    if (catalogue === null) return;
    try {
      // Other tabs' events first, so the snapshot covers every event up to the seq it records.
      await this.applyOtherTabsEvents(catalogue.id);
      const seq = this.appliedSeq;
      const state = await this.deps.ranker.state();
      await saveProfile(this.deps.db, { catalogueId: catalogue.id, updatedAt: this.deps.clock(), lastEventSeq: seq, snapshot: state.profile, weights: state.weights });
      if (this.contentHash !== null) await this.feed.saveCache(catalogue.id, this.contentHash, seq);
    } catch (error) {
      this.view.notice = { kind: 'storage-failed', detail: describeError(error) };
    }
  }
}

/** Where a profile starts from: the stored profile if it covers the summary, else the summary. */
function startingPoint(profile: StoredProfile | undefined, summary: StoredSummary | undefined): { state: StoredRankerState | null; throughSeq: number } {
  if (profile !== undefined && profile.lastEventSeq >= (summary?.throughSeq ?? 0)) {
    return { state: { profile: profile.snapshot, ...(profile.weights === undefined ? {} : { weights: profile.weights }) }, throughSeq: profile.lastEventSeq };
  }
  if (summary !== undefined) return { state: { profile: summary.profile, weights: summary.weights }, throughSeq: summary.throughSeq };
  return { state: null, throughSeq: 0 };
}

function lastSeqOf(events: readonly StoredEvent[]): number {
  let last = 0;
  for (const event of events) if (event.seq !== undefined && event.seq > last) last = event.seq;
  return last;
}
