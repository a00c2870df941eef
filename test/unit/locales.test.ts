import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../src/core/languages.js';
import { locales } from '../../locales/index.js';

/** Every key path with its string value, e.g. `tile.title`. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(path, leaf);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

describe('locales', () => {
  const reference = flatten(locales.en);

  const PLURAL = /_(zero|one|two|few|many|other)$/;
  /** Key paths with plural suffixes folded into their base key (`flow.items.ordered_one` → `flow.items.ordered`). */
  const bases = (strings: Map<string, unknown>) => [...new Set([...strings.keys()].map((path) => path.replace(PLURAL, '')))].sort();

  it.each(SUPPORTED_LANGUAGES)('%s has exactly the English keys, none empty', (language) => {
    const strings = flatten(locales[language]);
    expect(bases(strings)).toEqual(bases(reference));
    for (const [path, value] of strings) {
      expect(typeof value, path).toBe('string');
      expect((value as string).trim(), `${language}:${path}`).not.toBe('');
    }
  });

  it.each(SUPPORTED_LANGUAGES)('%s has every plural form its language needs (Intl.PluralRules), and no others', (language) => {
    const strings = flatten(locales[language]);
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.map(String).sort();
    const plurals = new Map<string, string[]>();
    for (const path of strings.keys()) {
      const match = PLURAL.exec(path);
      if (match) plurals.set(path.replace(PLURAL, ''), [...(plurals.get(path.replace(PLURAL, '')) ?? []), match[1] as string]);
    }
    expect(plurals.size).toBeGreaterThan(10);
    for (const [base, forms] of plurals) expect(forms.sort(), `${language}:${base}`).toEqual(categories);
  });

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s is actually translated', (language) => {
    expect(locales[language].tile.title).not.toBe(locales.en.tile.title);
    expect(locales[language].tile.subtitle).not.toBe(locales.en.tile.subtitle);
    const strings = flatten(locales[language]);
    const flow = [...flatten(locales.en)].filter(([path]) => path.startsWith('flow.'));
    // Brand-like or numeric strings ("{{count}} × {{title}}", "Description") may coincide; prose must not.
    const same = flow.filter(([path, english]) => strings.get(path) === english && String(english).split(' ').length > 3);
    expect(same.map(([path]) => path)).toEqual([]);
  });

  it('keeps interpolation placeholders identical across languages', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const language of SUPPORTED_LANGUAGES) {
      for (const [path, value] of flatten(locales[language])) {
        // Plural forms differ in key suffix only; compare with the English base key.
        const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
        const english = reference.get(path) ?? reference.get(`${base}_other`) ?? reference.get(base);
        if (english !== undefined) expect(placeholders(value), `${language}:${path}`).toEqual(placeholders(english));
      }
    }
  });
});
