import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The package's public entry points exist after `npm run build` (which the test command runs first). */
describe('package exports', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
  };

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

/**
 * Whoever installs the package for `./embed` or `./client` gets exactly what those built files
 * import, nothing of the reference server (PostgreSQL drivers, Hono, file sniffing). The server
 * runs from a checkout, where `npm ci` installs the development dependencies too.
 */
describe('package dependencies', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string> };

  function packageName(specifier: string): string {
    const parts = specifier.split('/');
    return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
  }

  function importedPackages(): Set<string> {
    const names = new Set<string>();
    for (const file of readdirSync('dist/esm').filter((name) => name.endsWith('.js'))) {
      const code = readFileSync(`dist/esm/${file}`, 'utf8');
      const specifiers = [
        ...code.matchAll(
          /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*["']([^"'./][^"']*)["']|\bimport\(\s*["']([^"'./][^"']*)["']\s*\)/gm,
        ),
      ];
      for (const match of specifiers) names.add(packageName(match[1] ?? match[2] ?? ''));
    }
    return names;
  }

  it('lists as dependencies exactly the packages the ESM entry points import', () => {
    expect(new Set(Object.keys(pkg.dependencies ?? {}))).toEqual(importedPackages());
  });

  it('keeps every server-only package out of the dependencies', () => {
    const serverOnly = [
      'pg',
      '@electric-sql/pglite',
      'hono',
      '@hono/node-server',
      'file-type',
      'busboy',
      '@aws-sdk/client-s3',
    ];
    for (const name of serverOnly) expect(Object.keys(pkg.dependencies ?? {})).not.toContain(name);
  });
});
