import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES, type Language } from '../../src/core/languages.js';
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
  const bases = (strings: Map<string, unknown>) =>
    [...new Set([...strings.keys()].map((path) => path.replace(PLURAL, '')))].sort();

  it.each(SUPPORTED_LANGUAGES)('%s has exactly the English keys, none empty', (language) => {
    const strings = flatten(locales[language]);
    expect(bases(strings)).toEqual(bases(reference));
    for (const [path, value] of strings) {
      expect(typeof value, path).toBe('string');
      expect((value as string).trim(), `${language}:${path}`).not.toBe('');
    }
  });

  it.each(SUPPORTED_LANGUAGES)(
    '%s has every plural form its language needs (Intl.PluralRules), and no others',
    (language) => {
      const strings = flatten(locales[language]);
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.map(String).sort();
      const plurals = new Map<string, string[]>();
      for (const path of strings.keys()) {
        const match = PLURAL.exec(path);
        if (match)
          plurals.set(path.replace(PLURAL, ''), [...(plurals.get(path.replace(PLURAL, '')) ?? []), match[1] as string]);
      }
      expect(plurals.size).toBeGreaterThan(10);
      for (const [base, forms] of plurals) expect(forms.sort(), `${language}:${base}`).toEqual(categories);
    },
  );

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s is actually translated', (language) => {
    expect(locales[language].tile.title).not.toBe(locales.en.tile.title);
    expect(locales[language].tile.subtitle).not.toBe(locales.en.tile.subtitle);
    const strings = flatten(locales[language]);
    const flow = [...flatten(locales.en)].filter(([path]) => path.startsWith('flow.'));
    // Brand-like or numeric strings ("{{count}} × {{title}}", "Description") may coincide; prose must not.
    const same = flow.filter(
      ([path, english]) => strings.get(path) === english && String(english).split(' ').length > 3,
    );
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

/** The glossary's machine-readable rules: ```forbidden xx blocks, one `pattern | key globs | why` a line. */
interface ForbiddenRule {
  pattern: RegExp;
  scopes: RegExp[];
  why: string;
}
function glossaryRules(): Map<string, ForbiddenRule[]> {
  const text = readFileSync(new URL('../../locales/GLOSSARY.md', import.meta.url), 'utf8');
  const rules = new Map<string, ForbiddenRule[]>();
  for (const block of text.matchAll(/```forbidden (\w+)\n([\s\S]*?)```/g)) {
    const language = block[1] as string;
    for (const line of (block[2] as string).split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [source = '', globs = '', why = ''] = line.split(' | ');
      const literal = /^\/(.*)\/([a-z]*)$/.exec(source.trim());
      const pattern = literal
        ? new RegExp(literal[1] as string, literal[2])
        : new RegExp(escapeRegExp(source.trim()), 'i');
      const scopes = globs
        .split(',')
        .map((glob) => new RegExp(`^${glob.trim().split('*').map(escapeRegExp).join('.*')}$`));
      rules.set(language, [...(rules.get(language) ?? []), { pattern, scopes, why: why.trim() }]);
    }
  }
  return rules;
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('locales follow the glossary and the typography of each language', () => {
  const rules = glossaryRules();

  it('has a glossary with forbidden terms for every language', () => {
    expect([...rules.keys()].sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
  });

  it.each(SUPPORTED_LANGUAGES)('%s uses none of its glossary’s forbidden terms', (language) => {
    const strings = [...flatten(locales[language])] as [string, string][];
    const offences: string[] = [];
    for (const rule of rules.get(language) ?? []) {
      for (const [path, value] of strings) {
        if (rule.scopes.some((scope) => scope.test(path)) && rule.pattern.test(value))
          offences.push(`${path}: "${value}" (${rule.why})`);
      }
    }
    expect(offences).toEqual([]);
  });

  /** Languages that put a space between number and percent sign; it must be a no-break space. */
  const SPACED_PERCENT: Record<Language, boolean> = {
    en: false,
    de: true,
    fr: true,
    es: true,
    it: false,
    nl: false,
    da: true,
    pl: false,
  };

  it.each(SUPPORTED_LANGUAGES)('%s never lets a percent sign wrap onto its own line', (language) => {
    for (const [path, value] of flatten(locales[language]) as Map<string, string>) {
      if (!value.includes('%')) continue;
      for (const match of value.matchAll(/(.)%/g)) {
        const before = match[1] as string;
        if (SPACED_PERCENT[language]) expect(before, `${language}:${path} "${value}"`).toMatch(/[\u00A0\u202F]/);
        else expect(before, `${language}:${path} "${value}"`).not.toMatch(/\s/);
      }
    }
  });

  it('French puts no-break spaces before ? ; ! : and % and uses typographic apostrophes', () => {
    for (const [path, value] of flatten(locales.fr) as Map<string, string>) {
      expect(value, path).not.toContain("'");
      for (const match of value.matchAll(/(.)([?;!])/g)) expect(match[1], `${path}: "${value}"`).toBe('\u202F');
      // A colon after a word, not the one in "https://".
      for (const match of value.matchAll(/(.):(?!\/\/)/g)) expect(match[1], `${path}: "${value}"`).toBe('\u00A0');
      for (const match of value.matchAll(/(.)%/g)) expect(match[1], `${path}: "${value}"`).toBe('\u00A0');
    }
  });
});
