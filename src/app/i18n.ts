import type { Language } from '../core/languages.js';
import { translations, type Strings, type Translator as WebTranslator } from '../web/translator.js';

/**
 * The flow's strings: the `flow` namespace of `locales/{lang}.json` through i18next
 * (`src/web/translator.ts`). Each language is its own lazily loaded chunk, so a phone downloads one
 * language, not eight. Plurals follow i18next's `_one`/`_few`/`_many`/`_other` suffixes
 * (Intl.PluralRules per language).
 */
const LOCALES = import.meta.glob<Strings>('../../locales/*.json', { import: 'default' });

export type Translator = WebTranslator<Language>;

export const { load: loadStrings, create: createTranslator } = translations<Language>(
  LOCALES,
  (language) => `../../locales/${language}.json`,
);
