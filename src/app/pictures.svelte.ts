import { getContext, setContext } from 'svelte';
import { readPictureConsent, writePictureConsent, type PictureConsent } from './picture-consent';

/** The reader's choice about item pictures, as the app's views read and change it (see picture-consent.ts). */
export class PictureSetting {
  consent = $state<PictureConsent>('off');

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined) {
    this.consent = readPictureConsent(storage);
  }

  set(consent: PictureConsent): void {
    this.consent = consent;
    writePictureConsent(this.storage, consent);
  }
}

const KEY = Symbol('sift.pictures');

/** Makes the setting available to every card below the calling component (the app's root). */
export function providePictures(setting: PictureSetting): void {
  setContext(KEY, setting);
}

/** The setting a card follows (read its `consent` reactively); undefined where no component above provided one. */
export function pictureSetting(): PictureSetting | undefined {
  return getContext<PictureSetting | undefined>(KEY);
}
