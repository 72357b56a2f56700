import { getContext, setContext } from 'svelte';
import type { CatalogueThumbnailsRef } from '../core/catalogue/catalogue-types';
import { decodeThumbnailFile } from '../core/catalogue/thumbnail-file';

/**
 * The catalogue's thumbnails for the cards: one request for the whole file (thumbnails.bin,
 * beside the catalogue, on its origin), after the first cards are painted; each picture is then
 * a blob: URL and its placeholder a data: URL, neither of which goes to any host. So showing a
 * card's picture tells nobody which card it is. A file that cannot be had or read leaves the
 * cards as they were (no pictures), and the console says why once.
 */
export interface ThumbPicture {
  /** blob: URL of the small WebP. */
  readonly src: string;
  /** data: URL of the ThumbHash placeholder (a blurred PNG, shown until the picture decodes). */
  readonly placeholder: string;
}

export type ThumbnailState = { readonly kind: 'none' } | { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly count: number } | { readonly kind: 'failed'; readonly reason: string };

export class ThumbnailShelf {
  pictures = $state.raw<ReadonlyMap<string, ThumbPicture>>(new Map());
  state = $state.raw<ThumbnailState>({ kind: 'none' });
  private followed: string | null = null;
  private urls: string[] = [];

  constructor(
    private readonly fetchImpl: typeof fetch,
    /** Runs work once the page is idle (after the first paint). */
    private readonly whenIdle: (run: () => void) => void = idle,
  ) {}

  /** The catalogue now shown: its thumbnails are loaded once, later, and dropped when it changes. */
  follow(catalogue: { readonly sourceUrl: string; readonly thumbnails: CatalogueThumbnailsRef | null } | null): void {
    const ref = catalogue?.thumbnails ?? null;
    const key = ref === null || catalogue === null ? null : `${catalogue.sourceUrl} ${ref.url} ${ref.count}`;
    if (key === this.followed) return;
    this.followed = key;
    this.release();
    if (ref === null || catalogue === null) return;
    // Only the catalogue's own origin: a catalogue cannot send the reader's browser elsewhere for them.
    if (new URL(ref.url).origin !== new URL(catalogue.sourceUrl).origin) {
      this.fail(`thumbnails at ${ref.url} are not on the catalogue's origin`);
      return;
    }
    this.state = { kind: 'loading' };
    this.whenIdle(() => void this.load(ref.url, key!));
  }

  get(itemId: string): ThumbPicture | undefined {
    return this.pictures.get(itemId);
  }

  private async load(url: string, key: string): Promise<void> {
    try {
      const response = await this.fetchImpl(url, { credentials: 'omit' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const decoded = decodeThumbnailFile(new Uint8Array(await response.arrayBuffer()));
      if (decoded.kind === 'invalid') throw new Error(`not a thumbnail file (${decoded.problem.kind})`);
      if (key !== this.followed) return;
      const { thumbHashToDataURL } = await import('thumbhash');
      const pictures = new Map<string, ThumbPicture>();
      for (const thumb of decoded.file.thumbnails) {
        const src = URL.createObjectURL(new Blob([thumb.webp.slice()], { type: 'image/webp' }));
        this.urls.push(src);
        let placeholder = '';
        try {
          placeholder = thumbHashToDataURL(thumb.hash);
        } catch {
          // A malformed hash: the picture shows without a placeholder.
        }
        pictures.set(thumb.id, { src, placeholder });
      }
      this.pictures = pictures;
      this.state = { kind: 'ready', count: pictures.size };
    } catch (error) {
      if (key === this.followed) this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  private fail(reason: string): void {
    this.state = { kind: 'failed', reason };
    console.warn(`Sift: the catalogue's thumbnails are not shown: ${reason}`);
  }

  private release(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
    this.pictures = new Map();
    this.state = { kind: 'none' };
  }
}

function idle(run: () => void): void {
  // After the next frame is painted, then when the main thread has nothing else to do.
  requestAnimationFrame(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 2_000 }) : setTimeout(run, 0)));
}

const KEY = Symbol('sift.thumbnails');

export function provideThumbnails(shelf: ThumbnailShelf): void {
  setContext(KEY, shelf);
}

/** The shelf a card reads (undefined where no component above provided one). */
export function thumbnailShelf(): ThumbnailShelf | undefined {
  return getContext<ThumbnailShelf | undefined>(KEY);
}
