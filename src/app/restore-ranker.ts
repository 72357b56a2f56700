import type { InteractionEvent } from '../core/events/interaction-event';
import type { AsyncRanker, StoredRankerState } from '../engines/ranker/ranker-api';

/**
 * Events sent to the ranking worker in one message. Structured-cloning a long history in one
 * message held the page for 70 ms after an import of 100,000 events; in slices each message is a
 * few milliseconds, and the worker applies them in order exactly as one `restore` would.
 */
export const REPLAY_SLICE = 4_096;

/** The ranker starts from `state` and replays `replay`, a slice at a time. */
export async function restoreRanker(ranker: Pick<AsyncRanker, 'restore' | 'recordEvents'>, state: StoredRankerState | null, replay: readonly InteractionEvent[]): Promise<void> {
  await ranker.restore(state, replay.slice(0, REPLAY_SLICE));
  for (let start = REPLAY_SLICE; start < replay.length; start += REPLAY_SLICE) await ranker.recordEvents(replay.slice(start, start + REPLAY_SLICE));
}
