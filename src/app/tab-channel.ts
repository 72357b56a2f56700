import type { StoredEvent } from '../storage/records';
import type { TabChange, TabChannel } from './session-deps';

/**
 * Tabs of the same database tell each other that events were written, over a BroadcastChannel
 * (same origin only, never the network). The message carries only the catalogue id and
 * what changed: the events themselves are read from IndexedDB.
 */
export function broadcastTabChannel(name: string): TabChannel {
  const channel = new BroadcastChannel(name);
  return {
    announce: (catalogueId, change) => channel.postMessage({ kind: change, catalogueId }),
    close: () => channel.close(),
    listen: (listener) => {
      channel.addEventListener('message', (event: MessageEvent<unknown>) => {
        const data = event.data as { kind?: unknown; catalogueId?: unknown } | null;
        if ((data?.kind === 'events-written' || data?.kind === 'history-rewritten') && typeof data.catalogueId === 'string') listener(data.catalogueId, data.kind as TabChange);
      });
    },
  };
}

/** The EventWriter's write: append the batch, then tell the other tabs. */
export function writeAndAnnounce(write: (batch: readonly StoredEvent[]) => Promise<void>, tabs: TabChannel): (batch: readonly StoredEvent[]) => Promise<void> {
  return async (batch) => {
    await write(batch);
    for (const catalogueId of new Set(batch.map((event) => event.catalogueId))) tabs.announce(catalogueId, 'events-written');
  };
}
