import { defineConfig } from 'vite';
import { minifyCssLiterals } from './scripts/vite-minify-css-literals.mjs';

/**
 * The package's ESM build for merchants and apps that bundle: `dist/esm/client.js` (the
 * claim-submission module) and `dist/esm/embed.js` (mountTile, open, on/off, and the client). Dependencies (zod, idb-keyval) stay external so the host's bundler
 * de-duplicates them. Types come from `tsconfig.types.json` into `dist/types`.
 */
export default defineConfig({
  plugins: [minifyCssLiterals()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist/esm',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
    minify: false,
    lib: {
      entry: { client: 'src/client/index.ts', embed: 'src/embed/esm.ts' },
      formats: ['es'],
    },
    rollupOptions: {
      external: [/^zod/, /^idb-keyval/, /^preact/, /^@preact\//],
    },
  },
});
