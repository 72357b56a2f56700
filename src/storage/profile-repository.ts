import type { SiftDatabase, StoredProfile } from './db';

export async function saveProfile(db: SiftDatabase, profile: StoredProfile): Promise<void> {
  await db.profiles.put(profile);
}

export async function loadProfile(db: SiftDatabase, catalogueId: string): Promise<StoredProfile | undefined> {
  return db.profiles.get(catalogueId);
}
