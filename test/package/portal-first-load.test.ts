import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { portalSizes } from '../../scripts/bundle-size.mjs';

/**
 * The portal's first-load budget counts what a browser fetches before the portal runs: a shared
 * chunk the entry imports statically loads first, so it counts; a lazily loaded page does not.
 */
describe('portal first load (scripts/bundle-size.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-dist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the static chunks of the entry, and of those chunks, but not lazy ones', () => {
    mkdirSync(join(dir, '.vite'), { recursive: true });
    mkdirSync(join(dir, 'assets'));
    const files: Record<string, string> = {
      'assets/main.js': 'm'.repeat(100),
      'assets/main.css': 'c'.repeat(10),
      'assets/shared.js': 's'.repeat(1000),
      'assets/deep.js': 'd'.repeat(500),
      'assets/lazy.js': 'l'.repeat(7000),
      'assets/en.js': 'e'.repeat(20),
    };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    const manifest = {
      'src/portal/main.tsx': {
        file: 'assets/main.js',
        css: ['assets/main.css'],
        imports: ['_shared.js'],
        dynamicImports: ['src/portal/pages/Lazy.tsx'],
      },
      '_shared.js': { file: 'assets/shared.js', imports: ['_deep.js'] },
      '_deep.js': { file: 'assets/deep.js' },
      'src/portal/pages/Lazy.tsx': { file: 'assets/lazy.js', imports: ['_shared.js'] },
      'locales/portal/en.json': { file: 'assets/en.js' },
    };
    writeFileSync(join(dir, '.vite/manifest.json'), JSON.stringify(manifest));
    const sizes = portalSizes(dir);
    expect([...sizes.files].sort()).toEqual(
      ['assets/deep.js', 'assets/en.js', 'assets/main.css', 'assets/main.js', 'assets/shared.js'].sort(),
    );
    expect(sizes.raw).toBe(100 + 10 + 1000 + 500 + 20);
  });
});
