import { describe, expect, it } from 'vitest';
import { explainUrlAllowed, isUrlAllowed, parseAllowListEntry } from '../../src/core/allow-list.js';

const entries = [
  'https://help.brand.com/en-US/returns-policy-12',
  'https://help.brand.com/*/articles/*',
  'https://brand.gorgias.help/en-US/contact',
];

describe('isUrlAllowed', () => {
  it.each([
    ['exact page', 'https://help.brand.com/en-US/returns-policy-12'],
    ['trailing slash', 'https://help.brand.com/en-US/returns-policy-12/'],
    ['another locale, same page', 'https://help.brand.com/de-DE/returns-policy-12'],
    ['lower-case locale in a hand-written link', 'https://help.brand.com/en-us/returns-policy-12'],
    ['a locale Gorgias does not have yet', 'https://help.brand.com/pl-PL/returns-policy-12'],
    ['query string ignored', 'https://help.brand.com/en-US/returns-policy-12?utm_source=mail'],
    ['hash ignored', 'https://help.brand.com/en-US/returns-policy-12#section'],
    ['host case-insensitive', 'https://HELP.Brand.com/en-US/returns-policy-12'],
    ['default port', 'https://help.brand.com:443/en-US/returns-policy-12'],
    ['wildcard locale + subtree root', 'https://help.brand.com/fr-FR/articles'],
    ['wildcard locale + subtree', 'https://help.brand.com/fr-FR/articles/commandes-4'],
    ['deep subtree', 'https://help.brand.com/da-DK/articles/a/b/c'],
    ['dot segments resolved', 'https://help.brand.com/en-US/x/../returns-policy-12'],
    ['gorgias.help host', 'https://brand.gorgias.help/en-US/contact'],
  ])('allows %s', (_name, url) => {
    expect(isUrlAllowed(url, entries)).toBe(true);
  });

  it.each([
    ['look-alike host suffix', 'https://help.brand.com.evil.com/en-US/returns-policy-12'],
    ['look-alike host prefix', 'https://evilhelp.brand.com/en-US/returns-policy-12'],
    ['subdomain of the host', 'https://x.help.brand.com/en-US/returns-policy-12'],
    ['other scheme', 'http://help.brand.com/en-US/returns-policy-12'],
    ['javascript scheme', 'javascript:alert(1)//https://help.brand.com/en-US/returns-policy-12'],
    ['userinfo trick', 'https://help.brand.com@evil.com/en-US/returns-policy-12'],
    ['userinfo on the right host', 'https://user:pw@help.brand.com/en-US/returns-policy-12'],
    ['query-string injection', 'https://evil.com/?next=https://help.brand.com/en-US/returns-policy-12'],
    ['path injection', 'https://evil.com/https://help.brand.com/en-US/returns-policy-12'],
    ['hash injection', 'https://evil.com/#https://help.brand.com/en-US/returns-policy-12'],
    ['other port', 'https://help.brand.com:8443/en-US/returns-policy-12'],
    ['other page', 'https://help.brand.com/en-US/shipping-13'],
    ['prefix of a path is not a subtree', 'https://help.brand.com/en-US/returns-policy-12/more'],
    ['similar slug', 'https://help.brand.com/en-US/returns-policy-123'],
    ['missing locale', 'https://help.brand.com/returns-policy-12'],
    ['non-locale first segment for wildcard', 'https://help.brand.com/english/articles/x'],
    ['encoded slash', 'https://help.brand.com/en-US%2Freturns-policy-12'],
    ['not a URL', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_name, url) => {
    expect(isUrlAllowed(url, entries)).toBe(false);
  });

  it('ignores invalid entries instead of trusting them', () => {
    const hostile = ['help.brand.com', '*', 'https://*/en-US/*', 'javascript:alert(1)', 'https://help.brand.com/?x=1'];
    expect(isUrlAllowed('https://help.brand.com/en-US/x', hostile)).toBe(false);
  });

  it('treats storefront language prefixes as locales', () => {
    const storefront = ['https://shop.example/*/pages/returns'];
    expect(isUrlAllowed('https://shop.example/de/pages/returns', storefront)).toBe(true);
    expect(isUrlAllowed('https://shop.example/de-at/pages/returns', storefront)).toBe(true);
    expect(isUrlAllowed('https://shop.example/us/pages/returns', storefront)).toBe(false);
  });

  it('matches nothing with an empty list', () => {
    expect(isUrlAllowed('https://help.brand.com/en-US/', [])).toBe(false);
  });

  it('treats an entry of the site root as the home page only, and /* as the whole site', () => {
    expect(isUrlAllowed('https://shop.example/', ['https://shop.example'])).toBe(true);
    expect(isUrlAllowed('https://shop.example/pages/x', ['https://shop.example'])).toBe(false);
    expect(isUrlAllowed('https://shop.example/pages/x', ['https://shop.example/*'])).toBe(true);
  });
});

describe('parseAllowListEntry', () => {
  it.each([
    ['relative', '/en-US/returns'],
    ['ftp', 'ftp://help.brand.com/en-US/'],
    ['data', 'data:text/html,hi'],
    ['userinfo', 'https://a:b@help.brand.com/en-US/'],
    ['query', 'https://help.brand.com/en-US/?a=1'],
    ['fragment', 'https://help.brand.com/en-US/#a'],
    ['inner star', 'https://help.brand.com/en-US/*/returns'],
  ])('refuses a %s entry', (_name, raw) => {
    expect(parseAllowListEntry(raw).ok).toBe(false);
  });

  it('accepts locale and subtree wildcards', () => {
    const parsed = parseAllowListEntry('https://help.brand.com/*/articles/*');
    expect(parsed).toEqual({
      ok: true,
      entry: { origin: 'https://help.brand.com', segments: [null, 'articles'], subtree: true },
    });
  });
});

describe('explainUrlAllowed (the portal tester)', () => {
  const entries = [
    'https://help.brand.com/*/articles/*',
    'https://help.brand.com/en-US/returns-12',
    'https://help.brand.com/a/*/b',
    'http://help.brand.com/en-US',
  ];

  it('names the entry that covers the page, and agrees with isUrlAllowed', () => {
    const verdict = explainUrlAllowed('https://help.brand.com/de-DE/returns-12?x=1', entries);
    expect(verdict).toEqual({ allowed: true, entry: 'https://help.brand.com/en-US/returns-12' });
    expect(isUrlAllowed('https://help.brand.com/de-DE/returns-12?x=1', entries)).toBe(true);
  });

  it('says why each entry does not cover the page', () => {
    const verdict = explainUrlAllowed('https://help.brand.com/en-US/returns-12/more', entries);
    expect(verdict.allowed).toBe(false);
    if (verdict.allowed || verdict.pageInvalid) throw new Error('expected mismatches');
    expect(verdict.mismatches.map((m) => m.mismatch)).toEqual([
      { kind: 'segment', index: 1, expected: 'articles', actual: 'returns-12' },
      { kind: 'deeper' },
      { kind: 'invalid', problem: 'misplaced_wildcard' },
      { kind: 'origin', expected: 'http://help.brand.com', actual: 'https://help.brand.com' },
    ]);
    expect(isUrlAllowed('https://help.brand.com/en-US/returns-12/more', entries)).toBe(false);
    const short = explainUrlAllowed('https://help.brand.com/pages/', ['https://help.brand.com/en-US/returns-12']);
    expect(!short.allowed && !short.pageInvalid && short.mismatches.map((m) => m.mismatch.kind)).toEqual(['shorter']);
    const noLocale = explainUrlAllowed('https://help.brand.com/pages/x', ['https://help.brand.com/*/x']);
    expect(!noLocale.allowed && !noLocale.pageInvalid && noLocale.mismatches.map((m) => m.mismatch)).toEqual([
      { kind: 'locale', actual: 'pages' },
    ]);
  });

  it('refuses pages that are no http(s) URL or carry user info', () => {
    expect(explainUrlAllowed('javascript:alert(1)', entries)).toEqual({ allowed: false, pageInvalid: true });
    expect(explainUrlAllowed('https://help.brand.com@evil.com/en-US', entries)).toMatchObject({ allowed: false });
  });
});
