import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { CATALOGUE_ORIGINS_META } from './src/app/catalogue-origins.ts';
import { contentSecurityPolicy, headersFile, modelOrigins, parseConnectOrigins, parseFrameAncestors } from './src/app/content-security-policy.ts';
import { pwaOptions } from './src/app/pwa-config.ts';

/**
 * What the deployment's settings say, read once at build time:
 * - connect-src: the app, the model hub (SIFT_MODEL_ORIGINS replaces it; "none" for a
 *   self-hosted or model-less deployment) and the catalogue hosts in SIFT_CONNECT_ORIGINS;
 * - catalogues load from the app's origin and SIFT_CONNECT_ORIGINS only (never from a model host);
 * - who may frame the widget (SIFT_FRAME_ANCESTORS) and the app (SIFT_APP_FRAME_ANCESTORS).
 */
function readDeployment() {
  const parsed = parseConnectOrigins(process.env.SIFT_CONNECT_ORIGINS);
  if ('kind' in parsed) throw new Error(`SIFT_CONNECT_ORIGINS: "${parsed.value}" is not an http(s) origin`);
  const models = modelOrigins(process.env.SIFT_MODEL_ORIGINS);
  if ('kind' in models) throw new Error(`SIFT_MODEL_ORIGINS: "${models.value}" is not an http(s) origin`);
  const policy = contentSecurityPolicy({ connectOrigins: [...models.origins, ...parsed.origins] });
  const widget = parseFrameAncestors(process.env.SIFT_FRAME_ANCESTORS);
  if ('kind' in widget) throw new Error(`SIFT_FRAME_ANCESTORS: "${widget.value}" is not *, 'self', 'none' or an http(s) origin`);
  const app = parseFrameAncestors(process.env.SIFT_APP_FRAME_ANCESTORS, "'none'");
  if ('kind' in app) throw new Error(`SIFT_APP_FRAME_ANCESTORS: "${app.value}" is not *, 'self', 'none' or an http(s) origin`);
  const headers = headersFile(policy, { widget: widget.sources, app: app.sources });
  return { policy, headers, catalogueOrigins: parsed.origins, headersFingerprint: createHash('sha256').update(headers).digest('hex').slice(0, 16) };
}

const deployment = readDeployment();

/**
 * The Content-Security-Policy as a <meta> in each page and a `_headers` file for every path
 * (workers follow their own script's headers); and the catalogue hosts as a <meta> the pages
 * read before loading a catalogue (src/app/catalogue-origins.ts).
 */
function securityHeaders(): Plugin {
  return {
    name: 'sift-security-headers',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: deployment.policy }, injectTo: 'head-prepend' },
      { tag: 'meta', attrs: { name: CATALOGUE_ORIGINS_META, content: deployment.catalogueOrigins.join(' ') }, injectTo: 'head' },
    ],
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: deployment.headers });
    },
  };
}

/**
 * An empty self-hosted model list when the deployment has none (`npm run models:fetch` writes a
 * real one into public/models/), so that the app's lookup is answered instead of logging a 404 in
 * every visitor's console.
 */
function emptyModelManifest(): Plugin {
  return {
    name: 'sift-empty-model-manifest',
    apply: 'build',
    generateBundle() {
      if (existsSync('public/models/manifest.json')) return;
      this.emitFile({ type: 'asset', fileName: 'models/manifest.json', source: `${JSON.stringify({ format: 'sift-models', models: [] })}\n` });
    },
  };
}

/**
 * Whether the app may offer models from the Hugging Face hub: only when the build's
 * Content-Security-Policy lets it reach the hub (SIFT_MODEL_ORIGINS unset, or naming it). With
 * SIFT_MODEL_ORIGINS=none the app offers only the models the site hosts itself.
 */
function modelsFromHub(): boolean {
  const models = modelOrigins(process.env.SIFT_MODEL_ORIGINS);
  return 'origins' in models && models.origins.includes('https://huggingface.co');
}

export default defineConfig({
  // Relative base: the built app works from any path (a subfolder, a file server, 127.0.0.1).
  base: './',
  define: { __SIFT_MODELS_FROM_HUB__: JSON.stringify(modelsFromHub()) },
  plugins: [svelte(), VitePWA(pwaOptions(deployment.headersFingerprint)), securityHeaders(), emptyModelManifest()],
  worker: { format: 'es' },
  // The model runtimes (web-llm, onnxruntime's WebAssembly) are megabytes by nature and load only
  // when the user turns writing or meaning on; what a first visit loads has its own budget,
  // enforced by src/cli/bundle-size.mjs, so Rollup's generic 500 kB warning says nothing here.
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 8_000,
    rolldownOptions: {
      // The app, and the widget's frame page that `<sift-recs>` embeds on other sites.
      input: { app: 'index.html', widget: 'widget.html' },
      // Rolldown's notice that plugins took seconds (the service worker's precache manifest, the
      // workers' bundles) is timing on two shared cores, not a problem with the build.
      checks: { bundlerTimings: false },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/{core,storage,engines,app,cli,widget,publisher,architecture}/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: the CI machine has 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
