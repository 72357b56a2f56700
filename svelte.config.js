// Svelte 5 compiles TypeScript in <script lang="ts"> natively; runes everywhere.
export default {
  compilerOptions: { runes: true },
};
