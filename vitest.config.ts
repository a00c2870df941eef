import { defineConfig } from 'vitest/config';

/** Set-up of the jsdom projects that render Preact components (see each file for why). */
const PREACT_DOM_SETUP = ['test/support/dom-waits.ts', 'test/support/preact-paint.ts'];

/**
 * One project per layer: the tree under test/ mirrors src/ (test/core tests src/core, test/server/delivery
 * tests src/server/delivery, test/demo tests the demo's stand-ins), so a test's folder says what it tests
 * and which environment it runs in. `npx vitest run --project <layer>` runs one layer.
 */
export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  test: {
    // Vitest's default is one worker fewer than the cores: on a 2-core CI machine that is one file
    // at a time for every project. Two workers run the quick browser-side files beside the server
    // files (which stay one at a time among themselves: `fileParallelism: false` below).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['test/core/**/*.test.ts'],
          environment: 'node',
          // Property tests walk hundreds of generated inputs; on a busy machine that outlasts 5 s.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        // The translation files themselves: keys, plural forms, glossary terms, typography.
        test: { name: 'locales', include: ['test/locales/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        // The published package: exports point at built files, dependencies match what the ESM imports.
        test: { name: 'package', include: ['test/package/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['test/client/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['fake-indexeddb/auto', 'test/support/dom-waits.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'embed',
          include: ['test/embed/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: PREACT_DOM_SETUP,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'app',
          include: ['test/app/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: PREACT_DOM_SETUP,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'portal',
          include: ['test/portal/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: PREACT_DOM_SETUP,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          exclude: ['test/server/delivery/**'],
          environment: 'node',
          // One migrated store of each kind per run; each suite's fresh store is a copy of it.
          globalSetup: ['test/server/store-templates.ts'],
          // The files share one worker's module graph instead of importing the server again for
          // each (about 1 s a file). Safe because no server test mocks or stubs a module, and the
          // server keeps its state per started API, not in modules.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'delivery',
          include: ['test/server/delivery/**/*.test.ts'],
          environment: 'node',
          // Real HTTP on loopback against the helpdesk stand-ins; virtual clocks, so no long waits.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: { name: 'demo', include: ['test/demo/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
      },
    ],
  },
});
