import type { ManifestEntry, ManifestTransform } from 'workbox-build';
import type { VitePWAOptions } from 'vite-plugin-pwa';

/**
 * The service worker and web app manifest (vite-plugin-pwa, Workbox generateSW). Kept apart
 * from vite.config.ts so tests can check the rules the worker is generated from.
 *
 * - The app shell (HTML, JS, CSS, icons) is precached: the app opens offline.
 * - Catalogues are not cached here: the app keeps each one once, in IndexedDB, and opens from
 *   that copy (offline too). A second copy in Cache Storage doubled the storage of a large
 *   catalogue after the first reload. Updates come from the app's own request at each start,
 *   which revalidates with the server (ETag / Last-Modified: a 304 when unchanged).
 * - Model files are not cached here: the libraries that load them keep them (transformers.js in
 *   Cache Storage `sift-models`, web-llm in its own), and transformers.js keeps a self-hosted file
 *   only once it matched the SHA-256 the deployment's manifest records (model-integrity.ts). A
 *   copy stored here first, unchecked, would be what transformers.js found in that cache.
 * - What a page may do is in its response headers too (frame-ancestors above all), which a
 *   rebuild can change while every file stays byte for byte the same. So the pages' precache
 *   revisions carry a fingerprint of the deployment's `_headers`: a changed header is a new
 *   service worker, as a changed file is. widget.html, which other sites frame, is not
 *   precached at all but asked of the network each time (the last answer kept for offline use),
 *   so who may frame it follows the deployment at once, not after the reader's next update.
 */
export const MODEL_CACHE = 'sift-models';
export const WIDGET_PAGE_CACHE = 'sift-widget-page';

/** Gives each precached page a revision that changes with the deployment's headers (see above). */
export function revisionPagesWith(headersFingerprint: string): ManifestTransform {
  return (entries: Array<ManifestEntry & { size: number }>) => ({
    manifest: entries.map((entry) => (entry.url.endsWith('.html') ? { ...entry, revision: `${entry.revision ?? ''}.${headersFingerprint}` } : entry)),
    warnings: [],
  });
}

/** The service worker's options for a deployment whose `_headers` have this fingerprint. */
export function pwaOptions(headersFingerprint: string): Partial<VitePWAOptions> {
  return { ...PWA_OPTIONS, workbox: { ...PWA_OPTIONS.workbox, manifestTransforms: [revisionPagesWith(headersFingerprint)] } };
}

export const PWA_OPTIONS: Partial<VitePWAOptions> = {
  registerType: 'prompt',
  injectRegister: false,
  filename: 'sw.js',
  manifestFilename: 'manifest.webmanifest',
  manifest: {
    id: './',
    name: 'Sift — private recommendations',
    short_name: 'Sift',
    description: 'Recommendations computed on your device. Nothing you do leaves it.',
    lang: 'en',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#f7f6f2',
    theme_color: '#2f6b4f',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    // The demo catalogue (2.7 MB) and the widget are not part of the app shell, nor is the
    // local language model's code (6 MB each, cached on first use below).
    globIgnores: ['catalog/**', 'widget/**', 'demo/**', 'widget.html', 'assets/generation.worker-*', 'assets/web-llm-module-*', 'assets/embedding.worker-*', 'assets/transformers.web-*'],
    navigateFallback: 'index.html',
    // The first install takes control at once; later versions wait for the user (registerType 'prompt').
    clientsClaim: true,
    navigateFallbackDenylist: [/\/(widget|demo|catalog|models)\//, /\/widget\.html$/],
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        // The widget's page: from the network, with the deployment's current headers; the last
        // copy only when the network does not answer.
        urlPattern: ({ url }) => url.pathname.endsWith('/widget.html'),
        handler: 'NetworkFirst',
        options: { cacheName: WIDGET_PAGE_CACHE, cacheableResponse: { statuses: [200] } },
      },
      {
        // The deployment's list of self-hosted models changes when the deployer adds one: asked
        // of the network each time, the last answer kept for offline starts (not with the models).
        urlPattern: ({ url }) => url.pathname.endsWith('/models/manifest.json'),
        handler: 'NetworkFirst',
        options: { cacheName: 'sift-model-list', cacheableResponse: { statuses: [200] } },
      },
      {
        // The language model's and the embedding model's code and runtime, fetched only when
        // local writing or semantic matching is turned on; kept for offline use.
        urlPattern: ({ url }) => /\/assets\/((generation\.worker|web-llm-module|embedding\.worker|transformers\.web)-[^/]+\.js|ort-wasm-[^/]+\.wasm)$/.test(url.pathname),
        handler: 'CacheFirst',
        options: { cacheName: MODEL_CACHE, cacheableResponse: { statuses: [200] } },
      },
    ],
  },
};
