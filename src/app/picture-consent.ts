/**
 * Whether the reader allowed item pictures. A catalogue's `image` is a URL on some host, and
 * fetching it tells that host which items this reader is being shown (and, after a "Not for me",
 * which one replaced it): their profile, a card at a time. So nothing loads an item's picture
 * until the reader turns pictures on in Settings, knowing that. Kept in this origin's
 * localStorage, which the browser partitions by top-level site: the widget's frame follows the
 * app's choice on the app's own site, and is off everywhere else.
 */
export type PictureConsent = 'off' | 'on';

const KEY = 'sift.pictures';

export function readPictureConsent(storage: Pick<Storage, 'getItem'> | undefined): PictureConsent {
  try {
    return storage?.getItem(KEY) === 'on' ? 'on' : 'off';
  } catch {
    // A frame whose storage is blocked: no consent can have been given here.
    return 'off';
  }
}

export function writePictureConsent(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, consent: PictureConsent): void {
  try {
    if (consent === 'on') storage?.setItem(KEY, 'on');
    else storage?.removeItem(KEY);
  } catch {
    // Storage blocked or full: the choice lasts for this page only.
  }
}
