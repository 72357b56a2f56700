import type { SiftDatabase } from './db';
import type { StoredProfile } from './records';

export async function saveProfile(db: SiftDatabase, profile: StoredProfile): Promise<void> {
  await db.profiles.put(profile);
}

export async function loadProfile(db: SiftDatabase, catalogueId: string): Promise<StoredProfile | undefined> {
  return db.profiles.get(catalogueId);
}
