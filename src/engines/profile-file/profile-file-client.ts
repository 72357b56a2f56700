import { transfer, wrap, type Remote } from 'comlink';
import profileFileWorkerUrl from '../../../workers/profile-file.worker.ts?worker&url';
import { startModuleWorker } from '../module-worker';
import type { FileReading, ProfileFileApi } from './profile-file-engine';

/**
 * The page's handle on the profile-file worker, started on first use (the data panel opening:
 * rare, so nothing is loaded for it at start). Calls reach it in order, so one made after
 * `attach` finds the database attached.
 */
export function profileFileWorker(): ProfileFileApi {
  let remote: Remote<ProfileFileApi> | null = null;
  let attached: string | null = null;
  const engine = (): Remote<ProfileFileApi> => {
    remote ??= wrap<ProfileFileApi>(startModuleWorker(new URL(profileFileWorkerUrl, import.meta.url), 'sift-profile-file'));
    return remote;
  };
  return {
    attach(databaseName) {
      if (attached === databaseName) return;
      attached = databaseName;
      void engine().attach(databaseName);
    },
    // The file's bytes move to the worker rather than being copied; the caller is done with them.
    read: (bytes, mode): Promise<FileReading> => engine().read(transfer(bytes, [bytes.buffer]), mode),
    unlock: (passphrase, mode) => engine().unlock(passphrase, mode),
    replan: (mode) => engine().replan(mode),
    apply: (mode) => engine().apply(mode),
    drop: () => void engine().drop(),
    exportPlain: (now) => engine().exportPlain(now),
    exportSealed: (passphrase, now) => engine().exportSealed(passphrase, now),
    rate: (passphrase) => engine().rate(passphrase),
  };
}
