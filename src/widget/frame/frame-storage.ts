import { SiftDatabase } from '../../storage/db';
import type { FrameStorage } from '../frame-protocol';

/**
 * Whether this frame may keep anything: some browsers' strict modes block storage for embedded
 * content entirely (opening IndexedDB throws or fails). Then the widget ranks for this page
 * view only, from an in-memory database, and says so.
 */
export async function probeStorage(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<FrameStorage> {
  if (factory === undefined) return 'memory';
  try {
    const request = factory.open('sift-storage-probe');
    const opened = await new Promise<boolean>((resolve) => {
      request.onsuccess = () => {
        request.result.close();
        resolve(true);
      };
      request.onerror = () => resolve(false);
      request.onblocked = () => resolve(true);
    });
    return opened ? 'persistent' : 'memory';
  } catch {
    return 'memory';
  }
}

/** The widget's database: IndexedDB when the frame may store, else one that lives in memory for this page view. */
export async function openWidgetDatabase(name: string, storage: FrameStorage): Promise<SiftDatabase> {
  if (storage === 'persistent') return new SiftDatabase(name);
  const { IDBFactory, IDBKeyRange } = await import('fake-indexeddb');
  return new SiftDatabase(name, { indexedDB: new IDBFactory(), IDBKeyRange });
}
