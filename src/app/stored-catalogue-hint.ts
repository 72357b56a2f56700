/**
 * Which catalogue this browser has stored, readable at once when the page starts (localStorage),
 * before the database has opened: the ranking worker starts downloading the catalogue named in
 * the page's address right away, and parses it on the way only when there is no stored copy to
 * compare it with first. A wrong hint (storage cleared underneath) costs time, never correctness:
 * the download changes course when the page says what it found (CatalogueDownload).
 */
const KEY = 'sift.stored-catalogue-url';

export function rememberStoredCatalogue(storage: Storage | undefined, url: string): void {
  try {
    storage?.setItem(KEY, url);
  } catch {
    // Storage blocked or full: the hint is only a hint.
  }
}

export function hasStoredCatalogue(storage: Storage | undefined, url: string): boolean {
  try {
    return storage?.getItem(KEY) === url;
  } catch {
    return false;
  }
}
