import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The package's public entry points exist after `npm run build` (which the test command runs first). */
describe('package exports', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | Record<string, string>> };

  it('points every export at a built file', () => {
    for (const [name, target] of Object.entries(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        expect(existsSync(file), `${name} → ${file}`).toBe(true);
      }
    }
  });

  it('exposes the claim-submission client as ESM with types', async () => {
    const client = (await import('../../dist/esm/client.js' as string)) as Record<string, unknown>;
    expect(typeof client.createResolveClient).toBe('function');
    expect(typeof client.ResolveError).toBe('function');
    const types = readFileSync('dist/types/src/client/index.d.ts', 'utf8');
    expect(types).toContain('createResolveClient');
    expect(types).toContain('ResolveSession');
  });
});
