import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES, toSupportedLanguage } from '../../src/core/languages.js';
import { isLocaleSegment, localeFromPath, resolveLanguage } from '../../src/core/locale-resolution.js';
import { HELP_CENTER_LOCALE } from '../support/help-center-locales.js';

describe('toSupportedLanguage', () => {
  it.each([
    ['en-GB', 'en'],
    ['en-US', 'en'],
    ['fr-CA', 'fr'],
    ['da-DK', 'da'],
    ['de_AT', 'de'],
    ['NL-nl', 'nl'],
    ['pl', 'pl'],
    ['it-IT', 'it'],
    ['es-419', 'es'],
  ])('%s → %s', (tag, expected) => {
    expect(toSupportedLanguage(tag)).toBe(expected);
  });

  it.each(['sv-SE', 'ja-JP', 'no-NO', '', 'english', '<script>', 'e'])('%s is unsupported', (tag) => {
    expect(toSupportedLanguage(tag)).toBeUndefined();
  });
});

/** ISO 639-1, the plain list the compact form in locale-resolution.ts stands for. */
const ISO_639_1 = (
  'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu ' +
  'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km ' +
  'kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om ' +
  'or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ' +
  'ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
).split(' ');

describe('isLocaleSegment', () => {
  it('takes exactly the 184 ISO 639-1 codes as bare language segments, in any case', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const pairs = [...letters].flatMap((first) => [...letters].map((second) => `${first}${second}`));
    expect(ISO_639_1).toHaveLength(184);
    expect(pairs.filter((pair) => isLocaleSegment(pair))).toEqual(ISO_639_1);
    expect(isLocaleSegment('DE')).toBe(true);
    expect(isLocaleSegment('us')).toBe(false);
  });
});

describe('localeFromPath', () => {
  it('reads any xx-XX first segment, case-insensitively', () => {
    expect(localeFromPath('/de-DE/articles/x')).toBe('de-DE');
    expect(localeFromPath('/en-us/')).toBe('en-us');
    expect(localeFromPath('/pl-PL')).toBe('pl-PL');
    expect(localeFromPath('/articles/de-DE')).toBeUndefined();
    expect(localeFromPath('/')).toBeUndefined();
  });
});

describe('storefront locale prefixes', () => {
  it.each([
    ['/de/pages/returns', 'de'],
    ['/de-at/pages/returns', 'de'],
    ['/fr-ca/products/x', 'fr'],
    ['/NL/collections/all', 'nl'],
    ['/da', 'da'],
  ])('%s → %s', (path, language) => {
    expect(resolveLanguage({ pageUrl: `https://shop.example${path}`, htmlLang: 'en', shopDefault: 'en' })).toEqual({
      language,
      source: 'path',
    });
  });

  it('treats an unsupported language prefix like any unsupported page language', () => {
    expect(
      resolveLanguage({ pageUrl: 'https://shop.example/sv/pages/x', htmlLang: 'sv', shopDefault: 'de' }).language,
    ).toBe('de');
  });

  it.each(['/us/pages/x', '/gb/checkout', '/pages/returns', '/products/de'])(
    'does not take %s for a locale',
    (path) => {
      expect(resolveLanguage({ pageUrl: `https://shop.example${path}`, htmlLang: 'it', shopDefault: 'en' })).toEqual({
        language: 'it',
        source: 'html',
      });
    },
  );
});

describe('resolveLanguage', () => {
  const shop = { shopDefault: 'de', browserLanguages: ['fr-FR', 'en'] };

  it('lets data-language win over everything', () => {
    expect(resolveLanguage({ ...shop, forced: 'it', pageUrl: 'https://h.example/nl-NL/x', htmlLang: 'da' })).toEqual({
      language: 'it',
      source: 'attribute',
    });
  });

  it('ignores an unparsable data-language and falls through to the path', () => {
    expect(resolveLanguage({ ...shop, forced: '???', pageUrl: 'https://h.example/nl-NL/x' }).language).toBe('nl');
  });

  it('uses the Help Center locale path segment for each shipped language', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      expect(
        resolveLanguage({
          ...shop,
          pageUrl: `https://h.example/${HELP_CENTER_LOCALE[language]}/articles/a-1`,
          htmlLang: 'en',
        }),
      ).toEqual({ language, source: 'path' });
    }
  });

  it('reads the hcUrl mirror on a storefront page embedding the Help Center', () => {
    const pageUrl = 'https://shop.example/pages/help?hcUrl=%2Fda-DK%2Farticles%2Forders-4';
    expect(resolveLanguage({ ...shop, pageUrl, htmlLang: 'en' })).toEqual({ language: 'da', source: 'hcUrl' });
  });

  it('refuses an absolute URL smuggled into hcUrl', () => {
    const pageUrl = 'https://shop.example/pages/help?hcUrl=https%3A%2F%2Fevil.example%2Fpl-PL%2F';
    expect(resolveLanguage({ ...shop, pageUrl, htmlLang: 'es' }).language).toBe('es');
  });

  it('falls back to <html lang>, then the browser, then the shop default, then en', () => {
    expect(resolveLanguage({ ...shop, pageUrl: 'https://shop.example/', htmlLang: 'es-ES' }).language).toBe('es');
    expect(resolveLanguage({ ...shop, pageUrl: 'https://shop.example/' })).toEqual({
      language: 'fr',
      source: 'browser',
    });
    expect(resolveLanguage({ shopDefault: 'de', browserLanguages: ['ja'] })).toEqual({
      language: 'de',
      source: 'shop',
    });
    expect(resolveLanguage({})).toEqual({ language: 'en', source: 'fallback' });
  });

  it('sends an unsupported page language to the shop default, not the browser', () => {
    expect(resolveLanguage({ ...shop, pageUrl: 'https://h.example/sv-SE/articles/x' })).toEqual({
      language: 'de',
      source: 'shop',
    });
    expect(resolveLanguage({ ...shop, htmlLang: 'sv' }).language).toBe('de');
    expect(resolveLanguage({ ...shop, forced: 'sv-SE' }).language).toBe('de');
  });

  it('only offers the languages the shop enabled', () => {
    const limited = { shopDefault: 'en', shopLanguages: ['en', 'de'] };
    expect(resolveLanguage({ ...limited, pageUrl: 'https://h.example/fr-FR/' }).language).toBe('en');
    expect(resolveLanguage({ ...limited, browserLanguages: ['fr', 'de'] }).language).toBe('de');
  });

  it('survives garbage page URLs', () => {
    expect(resolveLanguage({ pageUrl: '::::', htmlLang: 'nl' }).language).toBe('nl');
  });
});
