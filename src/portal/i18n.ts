import { signal } from '@preact/signals';
import { primaryLanguage } from '../core/languages.js';
import { loadStringsFile, translatorFor, type Strings, type Translator as WebTranslator } from '../web/translator.js';

/**
 * The portal's strings: `locales/portal/{lang}.json` through i18next (`src/web/translator.ts`). The
 * portal speaks fewer languages than the customer-facing parts (merchants, not customers); adding
 * one is adding a file and its code here. The language follows the browser until the merchant picks one, which is
 * remembered on this device.
 */
export const PORTAL_LANGUAGES = ['en', 'de'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];
const STORAGE_KEY = 'karla-portal-language';

const LOCALES = import.meta.glob<Strings>('../../locales/portal/*.json', { import: 'default' });

export function isPortalLanguage(value: unknown): value is PortalLanguage {
  return typeof value === 'string' && (PORTAL_LANGUAGES as readonly string[]).includes(value);
}

/** The merchant's earlier choice, else the first browser language the portal speaks, else English. */
export function preferredLanguage(browserLanguages: readonly string[], stored: string | null): PortalLanguage {
  if (isPortalLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const primary = primaryLanguage(tag);
    if (isPortalLanguage(primary)) return primary;
  }
  return 'en';
}

export type Translator = WebTranslator<PortalLanguage>;

export const createTranslator = async (language: PortalLanguage, strings?: Strings): Promise<Translator> =>
  translatorFor(language, strings ?? (await loadStringsFile(LOCALES, `../../locales/portal/${language}.json`)));

/** The translator every component reads; replaced as a whole when the language changes. */
export const translator = signal<Translator | undefined>(undefined);

export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export async function switchLanguage(language: PortalLanguage): Promise<void> {
  translator.value = await createTranslator(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}
