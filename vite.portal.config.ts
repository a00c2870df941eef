import { defineConfig } from 'vite';

/**
 * `vite build -c vite.portal.config.ts` writes the merchant portal (src/portal) to dist/portal:
 * hashed, immutable assets under /portal/assets/ and a manifest the server reads to write the
 * HTML shell (src/server/portal-host.ts). Each portal language is its own chunk.
 */
export default defineConfig({
  base: '/portal/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  build: {
    outDir: 'dist/portal',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
    manifest: true,
    assetsDir: 'assets',
    rollupOptions: {
      input: 'src/portal/main.tsx',
    },
  },
});
