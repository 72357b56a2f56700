/**
 * Which stored catalogue a downloaded one is. A catalogue names its own `id`, and anyone can
 * publish a file that names the id of another site's catalogue: if the id alone said which one
 * it is, a link to that file (`/?catalog=<their URL>`) would replace the reader's catalogue and
 * put their profile to work on someone else's titles and links. So a catalogue is its id *and*
 * the origin it comes from: the same id from another origin is another catalogue, stored under
 * its own key (`<id>@<origin>`) with a profile of its own, and the first one is left as it was.
 * The same id from the same origin is the same catalogue (its publisher moved or renamed the
 * file: the origin vouches for it).
 */
export interface StoredSource {
  /** The stored catalogue's key. */
  readonly id: string;
  readonly sourceUrl: string;
}

export interface CatalogueIdentity {
  /** The key to store and rank it under. */
  readonly key: string;
  /** The origin of a stored catalogue with the same id, kept apart from this one; null when there is none. */
  readonly sharesIdWith: string | null;
}

export function catalogueIdentity(id: string, url: string, stored: readonly StoredSource[]): CatalogueIdentity {
  const origin = originOf(url);
  const scoped = `${id}@${origin}`;
  if (stored.some((source) => source.id === scoped)) return { key: scoped, sharesIdWith: null };
  const same = stored.find((source) => source.id === id);
  if (same === undefined) return { key: id, sharesIdWith: null };
  const sameOrigin = originOf(same.sourceUrl);
  return sameOrigin === origin ? { key: id, sharesIdWith: null } : { key: scoped, sharesIdWith: sameOrigin };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
