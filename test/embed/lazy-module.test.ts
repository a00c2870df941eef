import { describe, expect, it } from 'vitest';
import { LAZY_FILE as BUILT_LAZY_FILE } from '../../scripts/bundle-size.mjs';
import { LAZY_FILE, lazyModuleUrl } from '../../src/embed/lazy-module.js';
import { VERSION } from '../../src/embed/public-api.js';

describe('the second file’s URL', () => {
  it('sits next to the script that loaded the first, with the version against stale caches', () => {
    expect(lazyModuleUrl('https://cdn.shop.example/resolve/v1/bundle.min.js?x=1', 'https://app.gokarla.io')).toBe(
      `https://cdn.shop.example/resolve/v1/bundle.lazy.min.js?v=${VERSION}`,
    );
  });

  it('comes from the app origin when the script has no usable src (injected code)', () => {
    for (const src of [undefined, '', 'not a url']) {
      expect(lazyModuleUrl(src, 'https://app.gokarla.io')).toBe(
        `https://app.gokarla.io/embed/bundle.lazy.min.js?v=${VERSION}`,
      );
    }
  });

  it('names the file the build writes', () => {
    expect(LAZY_FILE).toBe(BUILT_LAZY_FILE);
  });
});
