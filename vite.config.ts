import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { PWA_OPTIONS } from './src/app/pwa-config.ts';

export default defineConfig({
  // Relative base: the built app works from any path (a subfolder, a file server, 127.0.0.1).
  base: './',
  plugins: [svelte(), VitePWA(PWA_OPTIONS)],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/{core,storage,engines,app,cli,widget}/**/*.test.ts'],
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
