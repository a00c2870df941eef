import type { Language } from '../core/languages.js';
import { loadStringsFile, translatorFor, type Strings, type Translator as WebTranslator } from '../web/translator.js';

/**
 * The flow's strings: the `flow` namespace of `locales/{lang}.json` through i18next
 * (`src/web/translator.ts`). Each language is its own lazily loaded chunk, so a phone downloads one
 * language, not eight. Plurals follow i18next's `_one`/`_few`/`_many`/`_other` suffixes
 * (Intl.PluralRules per language).
 */
const LOCALES = import.meta.glob<Strings>('../../locales/*.json', { import: 'default' });

export type Translator = WebTranslator<Language>;

export const loadStrings = (language: Language) => loadStringsFile(LOCALES, `../../locales/${language}.json`);

export const createTranslator = async (language: Language, strings?: Strings): Promise<Translator> =>
  translatorFor(language, strings ?? (await loadStrings(language)));
