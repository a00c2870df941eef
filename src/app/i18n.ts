import i18next, { type TFunction } from 'i18next';
import type { Language } from '../core/languages.js';

/**
 * The flow's strings: the `flow` namespace of `locales/{lang}.json` through i18next. Each language
 * is its own lazily loaded chunk, so a phone downloads one language, not eight. Plurals follow
 * i18next's `_one`/`_few`/`_many`/`_other` suffixes (Intl.PluralRules per language).
 */
type LocaleModule = Record<string, unknown>;
const LOCALES = import.meta.glob<LocaleModule>('../../locales/*.json', { import: 'default' });

export async function loadStrings(language: Language): Promise<LocaleModule> {
  const load = LOCALES[`../../locales/${language}.json`];
  if (!load) throw new Error(`no strings for ${language}`);
  return load();
}

export interface Translator {
  language: Language;
  t: TFunction;
}

export async function createTranslator(language: Language, strings?: LocaleModule): Promise<Translator> {
  const resources = strings ?? (await loadStrings(language));
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: resources } },
    // Preact renders strings as text, never as HTML: escaping here would show `&amp;` to customers.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return { language, t: instance.t.bind(instance) as TFunction };
}
