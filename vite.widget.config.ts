import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/**
 * The embeddable widget: one ES module, dist/widget/sift-widget.js, plus the ranking worker it
 * starts lazily. Built after the app (npm run build) into dist/widget/. Component styles are
 * injected into the element's shadow root, so the host page's CSS neither leaks in nor out.
 */
export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [svelte({ compilerOptions: { css: 'injected' } })],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist/widget',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: 'src/widget/sift-widget.ts',
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: 'sift-widget.js', chunkFileNames: 'assets/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
    },
  },
});
