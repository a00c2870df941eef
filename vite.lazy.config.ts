import { defineConfig } from 'vite';
import { minifyCssLiterals } from './scripts/vite-minify-css-literals.mjs';

/**
 * The script-tag bundle's second file, dist/bundle.lazy.min.js: an ES module the first file imports
 * from next to itself when a visitor needs it (the overlay, with Preact and zod). One file, no
 * chunks, so the first file has exactly one URL to know.
 */
export default defineConfig({
  plugins: [minifyCssLiterals()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/embed/lazy.ts',
      formats: ['es'],
      fileName: () => 'bundle.lazy.min.js',
    },
  },
});
