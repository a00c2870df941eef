import type { Language } from '../core/languages.js';

/**
 * The flow's strings: the `flow` namespace of `locales/{lang}.json`. Each language is its own lazily
 * loaded chunk holding that namespace only, so a phone downloads one language, not eight; the
 * server also writes the language a link asks for into the page (`readInlineStrings`).
 *
 * A translator of its own, not i18next (15 KB gzip, a third of the first load): the flow uses two
 * of its features, and `test/app/i18n.test.ts` holds this one to i18next's answers for every key
 * of every language. Keys are dotted paths; `{{name}}` takes a value (inserted as written, never
 * read again, so a value cannot inject a placeholder); a `count` picks the plural form
 * `key_{zero|one|two|few|many|other}` with Intl.PluralRules for the language (`_zero` first for 0,
 * as i18next does), else the key itself. A missing key answers the key. Preact renders the result
 * as text, never as HTML.
 */
export type Strings = Record<string, unknown>;
export type TranslateFn = (key: string, values?: Record<string, unknown>) => string;

const LOCALES = import.meta.glob<Strings>('../../locales/*.json', { import: 'flow' });

export async function loadStrings(language: Language): Promise<Strings> {
  const load = LOCALES[`../../locales/${language}.json`];
  if (!load) throw new Error(`no strings for ${language}`);
  return { flow: await load() };
}

export interface Translator {
  language: Language;
  t: TranslateFn;
}

/** A translator for `language`, with its strings when at hand (else their chunk is loaded). */
export async function createTranslator(language: Language, strings?: Strings): Promise<Translator> {
  return translatorFor(language, strings ?? (await loadStrings(language)));
}

export function translatorFor(language: Language, strings: Strings): Translator {
  const plurals = new Intl.PluralRules(language);
  const lookup = (key: string): string | undefined => {
    let node: unknown = strings;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return typeof node === 'string' ? node : undefined;
  };
  const t: TranslateFn = (key, values) => {
    const count = values?.count;
    let text: string | undefined;
    if (typeof count === 'number') {
      text = (count === 0 ? lookup(`${key}_zero`) : undefined) ?? lookup(`${key}_${plurals.select(count)}`);
    }
    text ??= lookup(key);
    if (text === undefined) return key;
    if (!values) return text;
    return text.replace(/\{\{(.+?)\}\}/g, (placeholder, name: string) => {
      const trimmed = name.trim();
      if (!Object.prototype.hasOwnProperty.call(values, trimmed)) return placeholder;
      const value = values[trimmed];
      return value === undefined || value === null ? '' : String(value);
    });
  };
  return { language, t };
}
