import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { embedConfigSchema } from '../../src/core/embed-config.js';

const valid = {
  shop_slug: 'demo-shop',
  enabled: true,
  allowed_urls: ['https://help.brand.com/*/articles/*'],
  default_language: 'de',
  languages: ['de', 'en'],
  branding: { primary_color: '#5b3df5', logo_url: 'https://cdn.brand.com/logo.png' },
  tile: { placement: 'auto', position: 'bottom-left', title: { de: 'Problem?' }, subtitle: { en: 'Tell us.' } },
};

describe('embedConfigSchema', () => {
  it('accepts the documented shape, with optional parts absent', () => {
    expect(z.safeParse(embedConfigSchema, valid).success).toBe(true);
    const { languages: _l, tile: _t, ...minimal } = valid;
    expect(z.safeParse(embedConfigSchema, { ...minimal, branding: { primary_color: '#fff' } }).success).toBe(true);
  });

  it.each([
    ['CSS injection in the colour', { branding: { primary_color: 'red;background:url(//evil)' } }],
    ['javascript: logo', { branding: { primary_color: '#000000', logo_url: 'javascript:alert(1)' } }],
    ['http logo on a public host', { branding: { primary_color: '#000000', logo_url: 'http://cdn.example/logo.png' } }],
    ['relative allow-list entry', { allowed_urls: ['/en-US/returns'] }],
    ['allow-list entry with query', { allowed_urls: ['https://help.brand.com/?x=1'] }],
    ['unsupported default language', { default_language: 'sv' }],
    ['unknown position', { tile: { position: 'center' } }],
    ['too long title', { tile: { title: { en: 'x'.repeat(81) } } }],
    ['enabled as a string', { enabled: 'true' }],
    ['invalid slug', { shop_slug: '../x' }],
    ['too many entries', { allowed_urls: Array.from({ length: 201 }, (_, i) => `https://h.example/${i}`) }],
  ])('refuses %s', (_name, patch) => {
    expect(z.safeParse(embedConfigSchema, { ...valid, ...patch }).success).toBe(false);
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const hostile = JSON.parse(
      `{"shop_slug":"demo-shop","enabled":true,"allowed_urls":[],"default_language":"en","branding":{"primary_color":"#000"},"__proto__":{"polluted":true}}`,
    );
    const result = z.safeParse(embedConfigSchema, hostile);
    expect(result.success).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(result.data ?? {})).not.toContain('__proto__');
  });
});
