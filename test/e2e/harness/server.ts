import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';

const OUT_DIR = 'test-results/harness';

/**
 * A blank page on its own origin (`harness.localhost`) with the claim-submission module bundled
 * from source, for E2E tests of src/client against the real API.
 */
export async function startClientHarness(): Promise<{ origin: string; close(): Promise<void> }> {
  await build({
    configFile: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      lib: {
        entry: 'test/e2e/harness/client-harness.ts',
        formats: ['iife'],
        name: 'ResolveClientHarnessBundle',
        fileName: () => 'client-harness.js',
      },
    },
  });
  const script = await readFile(`${OUT_DIR}/client-harness.js`);
  const server = createServer((req, res) => {
    if (req.url === '/client-harness.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(script);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>client harness</title><script src="/client-harness.js"></script></head><body><h1>Client harness</h1></body></html>',
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://harness.localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
