import { defineConfig } from 'vite';

/**
 * `vite build -c vite.app.config.ts` writes the Resolve flow (src/app) to dist/app: hashed,
 * immutable assets under /app/ and a manifest the server reads to write the HTML shell
 * (src/server/flow-host.ts). Each language's strings are their own chunk, loaded on demand.
 */
export default defineConfig({
  base: '/app/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
    manifest: true,
    assetsDir: 'assets',
    rollupOptions: {
      input: 'src/app/main.tsx',
    },
  },
});
