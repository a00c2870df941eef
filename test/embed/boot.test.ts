import { afterEach, describe, expect, it, vi } from 'vitest';
import { boot } from '../../src/embed/boot.js';
import { readScriptAttributes } from '../../src/embed/script-attributes.js';

function script(attributes: Record<string, string>): HTMLScriptElement {
  const element = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

afterEach(() => {
  Reflect.deleteProperty(window, 'KarlaResolve');
  document.head.replaceChildren();
  vi.restoreAllMocks();
});

describe('script attributes', () => {
  it('reads a valid tag with defaults', () => {
    const result = readScriptAttributes(script({ 'data-shop-slug': 'my-shop' }));
    expect(result).toEqual({
      ok: true,
      warnings: [],
      options: {
        shopSlug: 'my-shop',
        language: undefined,
        apiOrigin: 'https://api.gokarla.io',
        appOrigin: 'https://app.gokarla.io',
        nonce: undefined,
      },
    });
  });

  it.each<Record<string, string>>([
    {},
    { 'data-shop-slug': '' },
    { 'data-shop-slug': '../admin' },
    { 'data-shop-slug': 'My Shop' },
  ])('refuses %j', (attributes) => {
    expect(readScriptAttributes(script(attributes)).ok).toBe(false);
  });

  it('falls back to the default origins, with a warning, for hostile ones', () => {
    const result = readScriptAttributes(
      script({
        'data-shop-slug': 'my-shop',
        'data-api-origin': 'javascript:alert(1)',
        'data-app-origin': 'http://evil.example',
      }),
    );
    expect(result.ok && result.options.apiOrigin).toBe('https://api.gokarla.io');
    expect(result.ok && result.options.appOrigin).toBe('https://app.gokarla.io');
    expect(result.ok && result.warnings).toHaveLength(2);
  });

  it('keeps only the origin of data-api-origin / data-app-origin', () => {
    const result = readScriptAttributes(
      script({
        'data-shop-slug': 'my-shop',
        'data-api-origin': 'https://api.staging.example/x?y',
        'data-language': 'de-AT',
      }),
    );
    expect(result.ok && result.options).toMatchObject({ apiOrigin: 'https://api.staging.example', language: 'de-AT' });
  });
});

describe('boot', () => {
  it('warns once and renders nothing without a valid slug', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fetchSpy = vi.spyOn(window, 'fetch');
    document.head.append(script({ src: '/bundle.min.js', 'data-shop-slug': 'Not Valid!' }));
    boot(window);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^\[Karla Resolve\] Invalid data-shop-slug/);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(document.querySelector('karla-resolve-tile')).toBeNull();
  });

  it('installs window.KarlaResolve once; a second copy stands down', () => {
    vi.spyOn(window, 'fetch').mockImplementation(() => new Promise(() => {}));
    document.head.append(script({ src: '/bundle.min.js', 'data-shop-slug': 'my-shop' }));
    boot(window);
    const first = (window as unknown as { KarlaResolve: { version: string; loaded: boolean } }).KarlaResolve;
    expect(first.loaded).toBe(true);
    boot(window);
    expect((window as unknown as { KarlaResolve: unknown }).KarlaResolve).toBe(first);
    expect(window.fetch).toHaveBeenCalledTimes(1);
  });
});
