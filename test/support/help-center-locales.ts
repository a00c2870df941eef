import type { Language } from '../../src/core/languages.js';

/**
 * The locale path segment a Gorgias Help Center uses for each language Resolve ships
 * (`/de-DE/articles/...`), as the demo Help Center names its pages.
 */
export const HELP_CENTER_LOCALE: Record<Language, string> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  nl: 'nl-NL',
  da: 'da-DK',
  pl: 'pl-PL',
};
