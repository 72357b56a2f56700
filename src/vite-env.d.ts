/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />

/** Set at build time (vite.config.ts): the CSP lets the app fetch models from the Hugging Face hub. */
declare const __SIFT_MODELS_FROM_HUB__: boolean;
