import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { embedConfigSchema } from '../../src/core/embed-config.js';
import { checkEmbedConfig } from '../../src/core/embed-config-check.js';
import {
  MAX_ALLOWED_URLS,
  MAX_TILE_SUBTITLE,
  MAX_TILE_TITLE,
  MAX_URL_LENGTH,
} from '../../src/core/embed-config-limits.js';
import { SUPPORTED_LANGUAGES } from '../../src/core/languages.js';

/**
 * The tile's hand-written config check must agree with the zod schema the API validates with:
 * same verdict on every input, and the same value when both accept it. The inputs are built to sit
 * near the schema's edges (limits, look-alike values, wrong types, unknown keys), where a
 * hand-written check would drift first.
 */

/** A value of a wrong type, for any field. */
const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.constant([]),
  fc.constant({}),
);
/** Mostly `valid`, so that whole configs are often valid and a verdict on one field decides. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: invalid });
const orJunk = <T>(arbitrary: fc.Arbitrary<T>) => mostly(arbitrary, junk);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

const slug = mostly(
  fc.constantFrom('demo-shop', 'a', 'shop-1', 'x'.repeat(63)),
  fc.constantFrom('Demo', '-a', 'a-', 'a--b', 'x'.repeat(64), '', 'a b', '../x'),
);
const language = mostly(fc.constantFrom(...SUPPORTED_LANGUAGES), fc.constantFrom('sv', 'EN', 'en-GB', '', 'de '));
const allowListEntry = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      'https://help.brand.com/*/articles/*',
      'https://help.brand.com/en-US',
      'http://localhost:3000/*',
      'https://shop.example/*',
    ),
  },
  fc.constantFrom(
    '/en-US/returns',
    'https://help.brand.com/?x=1',
    'https://help.brand.com/#x',
    'ftp://x.example/',
    'https://a*b.example/',
    'https://u@help.brand.com/',
  ),
  fc.constant(`https://help.brand.com/${'a'.repeat(MAX_URL_LENGTH - 23)}`),
  fc.constant(`https://help.brand.com/${'a'.repeat(MAX_URL_LENGTH)}`),
);
const allowedUrls = fc.oneof(
  { weight: 12, arbitrary: fc.array(orJunk(allowListEntry), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(MAX_ALLOWED_URLS, MAX_ALLOWED_URLS + 1)
      .map((n) => Array.from({ length: n }, () => 'https://shop.example/*')),
  },
);
const color = mostly(
  fc.constantFrom('#5b3df5', '#FFF', '#000000'),
  fc.constantFrom('red', '#12345', '#ggg', '5b3df5', '#5b3df5;x'),
);
const logo = fc.oneof(
  fc.constant(null),
  { weight: 4, arbitrary: fc.constantFrom('https://cdn.brand.com/logo.png', 'http://localhost:4200/logo.svg') },
  fc.constantFrom('http://cdn.example/logo.png', 'javascript:alert(1)', 'logo.png'),
  fc.constant(`https://cdn.brand.com/${'a'.repeat(MAX_URL_LENGTH)}`),
);
/** Texts around the limits, with the surrounding spaces the schema trims away. */
const text = (max: number) =>
  fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(' ', '  x  ', '\n\t'), {
    weight: 3,
    arbitrary: fc
      .constantFrom(max - 1, max, max + 1)
      .chain((n) => fc.constantFrom('x'.repeat(n), ` ${'x'.repeat(n)} `, `${'x'.repeat(n)}  `)),
  });
const localized = (max: number) => fc.dictionary(language, orJunk(text(max)), { maxKeys: 3 });
const tile = fc.record(
  {
    placement: maybe(orJunk(fc.constantFrom('auto', 'inline', 'floating', 'Auto', 'center'))),
    position: maybe(orJunk(fc.constantFrom('bottom-left', 'bottom-right', 'top-left', 'top-right', 'middle'))),
    title: maybe(orJunk(localized(MAX_TILE_TITLE))),
    subtitle: maybe(orJunk(localized(MAX_TILE_SUBTITLE))),
    extra: junk,
  },
  { requiredKeys: [] },
);
const config = fc.record(
  {
    shop_slug: orJunk(slug),
    enabled: orJunk(fc.boolean()),
    allowed_urls: orJunk(allowedUrls),
    default_language: orJunk(language),
    languages: maybe(orJunk(fc.array(orJunk(language), { maxLength: 3 }))),
    branding: orJunk(
      fc.record(
        { primary_color: orJunk(color), logo_url: maybe(logo), extra: junk },
        { requiredKeys: ['primary_color'] },
      ),
    ),
    tile: maybe(orJunk(tile)),
    unknown_key: junk,
  },
  { requiredKeys: ['shop_slug', 'enabled', 'allowed_urls', 'default_language', 'branding'] },
);

function expectAgreement(input: unknown): void {
  const schema = z.safeParse(embedConfigSchema, input);
  const checked = checkEmbedConfig(input);
  expect(checked !== undefined, JSON.stringify(input)?.slice(0, 500)).toBe(schema.success);
  if (schema.success) expect(checked).toEqual(schema.data);
}

describe('checkEmbedConfig agrees with embedConfigSchema', () => {
  it('on configs near the schema’s edges', () => {
    fc.assert(fc.property(config, expectAgreement), { numRuns: 3000 });
  });

  it('on anything at all, JSON or not', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), expectAgreement), {
      numRuns: 1000,
    });
    fc.assert(fc.property(fc.jsonValue(), expectAgreement), { numRuns: 1000 });
  });

  it('accepts a valid config (so the properties above are not vacuous)', () => {
    const valid = {
      shop_slug: 'demo-shop',
      enabled: true,
      allowed_urls: ['https://help.brand.com/*'],
      default_language: 'de',
      branding: { primary_color: '#5b3df5', logo_url: null },
      tile: { title: { de: '  Problem?  ' } },
    };
    expectAgreement(valid);
    expect(checkEmbedConfig(valid)?.tile?.title?.de).toBe('Problem?');
  });
});
