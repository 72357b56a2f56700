/**
 * The installed-app side of Sift: service worker registration, the "new version" prompt and
 * online/offline state.
 */

/** Where earlier versions' service worker kept a second copy of each catalogue. */
export const LEGACY_CATALOGUE_CACHE = 'sift-catalogues';

export class PwaState {
  /** A new version is installed and waiting; `update()` activates it and reloads. */
  needRefresh = $state(false);
  /** The app shell is cached: Sift now opens without a network. Shown once. */
  offlineReady = $state(false);
  online = $state(true);
  /** 'unsupported' where there is no service worker (old browsers, some private modes). */
  worker = $state<'registering' | 'active' | 'unsupported' | 'failed'>('registering');
  private applyUpdate: (reload?: boolean) => Promise<void> = async () => {};

  /** Follows online/offline state (cheap; call at once). */
  watch(): void {
    this.online = navigator.onLine;
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));
  }

  /**
   * Registers the service worker. Call once the first feed is up: registering (and Workbox's
   * window helper) would otherwise compete with the start for the main thread.
   */
  async register(): Promise<void> {
    // Installed apps of earlier versions still hold that copy (37 MB for a 100k-item catalogue);
    // Workbox's cleanup only removes its own precaches.
    if ('caches' in globalThis) void caches.delete(LEGACY_CATALOGUE_CACHE).catch(() => undefined);
    if (!('serviceWorker' in navigator)) {
      this.worker = 'unsupported';
      return;
    }
    // Workbox's window helper is only needed once the page is up; keep it out of the first script.
    const { registerSW } = await import('virtual:pwa-register');
    this.applyUpdate = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.needRefresh = true),
      onOfflineReady: () => (this.offlineReady = true),
      onRegisteredSW: () => (this.worker = 'active'),
      onRegisterError: () => (this.worker = 'failed'),
    });
  }

  update(): Promise<void> {
    return this.applyUpdate(true);
  }

  dismissUpdate(): void {
    this.needRefresh = false;
  }

  dismissOfflineReady(): void {
    this.offlineReady = false;
  }
}
