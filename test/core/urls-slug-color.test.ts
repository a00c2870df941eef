import { describe, expect, it } from 'vitest';
import { accessibleSurface, contrastRatio, readableTextColor } from '../../src/core/color.js';
import { isValidShopSlug } from '../../src/core/shop-slug.js';
import { buildEmbedConfigUrl, buildFinderUrl, parseOrigin, parseSafeHttpUrl } from '../../src/core/urls.js';

describe('isValidShopSlug', () => {
  it.each(['my-shop', 'a', 'shop123', '1-2-3', 'a'.repeat(63)])('accepts %s', (slug) => {
    expect(isValidShopSlug(slug)).toBe(true);
  });
  it.each([
    '',
    '-shop',
    'shop-',
    'my--shop',
    'My-Shop',
    'my_shop',
    'my shop',
    '../admin',
    'shop/x',
    'shop%2F',
    'shöp',
    'a'.repeat(64),
    'shop\n',
    null,
    42,
    undefined,
  ])('refuses %j', (slug) => {
    expect(isValidShopSlug(slug)).toBe(false);
  });
});

describe('buildFinderUrl', () => {
  it('builds the finder link with the language', () => {
    expect(buildFinderUrl('https://app.gokarla.io', 'my-shop', 'de')).toBe(
      'https://app.gokarla.io/resolve/my-shop/finder?lang=de',
    );
  });
  it('adds deep-link parameters encoded, and skips empty ones', () => {
    const url = new URL(
      buildFinderUrl('http://app.localhost:5173', 'my-shop', 'fr', {
        orderNumber: '#10 01&x=1',
        zipCode: '',
        flowType: 'notReceived',
      }),
    );
    expect(url.origin).toBe('http://app.localhost:5173');
    expect(url.searchParams.get('orderNumber')).toBe('#10 01&x=1');
    expect(url.searchParams.has('zipCode')).toBe(false);
    expect(url.searchParams.get('flowType')).toBe('notReceived');
    expect(url.searchParams.get('lang')).toBe('fr');
  });
  it('builds the embed config URL', () => {
    expect(buildEmbedConfigUrl('https://api.gokarla.io', 'my-shop')).toBe(
      'https://api.gokarla.io/v1/shops/my-shop/resolve/embed-config',
    );
  });
});

describe('parseOrigin / parseSafeHttpUrl', () => {
  it('keeps only the origin of an attribute', () => {
    expect(parseOrigin('https://api.staging.example/some/path?x=1')).toBe('https://api.staging.example');
    expect(parseOrigin('http://api.localhost:4100')).toBe('http://api.localhost:4100');
  });
  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'http://api.example.com',
    'ftp://x',
    '//api.example',
    'https://u:p@api.example',
    '',
    null,
  ])('refuses %j', (value) => {
    expect(parseOrigin(value)).toBeUndefined();
    expect(parseSafeHttpUrl(value)).toBeUndefined();
  });
});

describe('colour contrast', () => {
  it('picks the more readable text colour', () => {
    expect(readableTextColor('#000000')).toBe('#ffffff');
    expect(readableTextColor('#ffff00')).toBe('#111111');
  });
  it.each(['#5b3df5', '#ff6600', '#00a0a0', '#777777', '#fff', '#ff0000', '#00ff00', '#0000ff', '#8a8a8a'])(
    'keeps WCAG AA on %s',
    (brand) => {
      const { background, text } = accessibleSurface(brand);
      expect(contrastRatio(background, text)).toBeGreaterThanOrEqual(4.5);
    },
  );
  it('leaves an already accessible brand colour unchanged', () => {
    expect(accessibleSurface('#5B3DF5').background).toBe('#5b3df5');
  });
});
