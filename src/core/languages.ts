/** The languages Resolve ships translations for. Order is the order shown to merchants. */
export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'da', 'pl'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

const supported = new Set<string>(SUPPORTED_LANGUAGES);

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && supported.has(value);
}

// A BCP-47 tag's primary language subtag: 2–3 letters, then optional subtags (`en-GB`, `de_AT`
// from some CMSs, `zh-Hant-TW`). Anything else is not a language tag at all.
const LANGUAGE_TAG = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i;

/** The primary language subtag of a BCP-47-ish tag, lower-cased, or undefined if it is not a tag. */
export function primaryLanguage(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const match = LANGUAGE_TAG.exec(tag.trim());
  return match?.[1]?.toLowerCase();
}

/** Maps any tag onto a shipped language (`en-GB`→en, `fr-CA`→fr, `da-DK`→da); undefined if unsupported. */
export function toSupportedLanguage(tag: string | null | undefined): Language | undefined {
  const primary = primaryLanguage(tag);
  return isLanguage(primary) ? primary : undefined;
}
