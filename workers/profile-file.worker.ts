/// <reference lib="webworker" />
import { expose, transfer } from 'comlink';
import { ProfileFileEngine, type ProfileFileApi } from '../src/engines/profile-file/profile-file-engine';
import { SiftDatabase } from '../src/storage/db';

// Opening, checking and importing a profile file, and making one, away from the page (which
// froze for seconds on a long history). Started on the first import or export.
const engine = new ProfileFileEngine((name) => new SiftDatabase(name), self.crypto);
// An export's bytes move to the page rather than being copied (megabytes for a long history).
const moved = (bytes: Uint8Array): Uint8Array => transfer(bytes, [bytes.buffer as ArrayBuffer]);
const api: ProfileFileApi = {
  attach: (name) => engine.attach(name),
  read: (bytes, mode) => engine.read(bytes, mode),
  unlock: (passphrase, mode) => engine.unlock(passphrase, mode),
  replan: (mode) => engine.replan(mode),
  apply: (mode) => engine.apply(mode),
  drop: () => engine.drop(),
  exportPlain: async (now) => moved(await engine.exportPlain(now)),
  exportSealed: async (passphrase, now) => moved(await engine.exportSealed(passphrase, now)),
  rate: (passphrase) => engine.rate(passphrase),
};
expose(api);
