import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { compileHint } from './scripts/vite-compile-hint.mjs';
import { minifyCssLiterals } from './scripts/vite-minify-css-literals.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * `vite build` writes the merchant-facing script: dist/bundle.min.js, one classic-script IIFE
 * (no module loader needed on the host page), minified, with a source map. It is the first of two
 * files: vite.lazy.config.ts writes the second, bundle.lazy.min.js, which this one imports on demand.
 * The entry exports nothing, so the IIFE declares no global of its own: the only global the
 * bundle creates is `window.KarlaResolve`, set explicitly in src/embed.
 */
export default defineConfig({
  plugins: [minifyCssLiterals(), compileHint()],
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
    __KARLA_RESOLVE_VERSION__: JSON.stringify(version),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: false, // dist/esm and dist/types are written by the library build
    // es2020: the first file imports the second with a native import().
    target: 'es2020',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/embed/index.ts',
      formats: ['iife'],
      name: 'KarlaResolveBundle',
      fileName: () => 'bundle.min.js',
    },
    rollupOptions: {
      output: { extend: false },
    },
  },
});
