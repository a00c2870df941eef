import { DEFAULT_LANGUAGE, isLanguage, primaryLanguage, type Language } from './languages.js';

// Gorgias Help Centers put an `xx-XX` locale first in every path. Hand-written links use lower case
// (`/en-us/`), and locales Gorgias adds later (`pl-PL`) must work the day they appear: any
// well-formed pair counts, compared case-insensitively. Storefronts prefix paths the same way
// (Shopify Markets: `/de-at/`) or with the bare language (`/de/`).
const REGIONAL_LOCALE_SEGMENT = /^[a-z]{2}-[a-z]{2}$/i;

// A bare two-letter first segment is a locale only when it is an ISO 639-1 language code, so
// `/us/` or `/eu/` are not mistaken for one. The 184 codes are grouped by first letter ("aabe…":
// aa, ab, ae, …): this module is in the embed's first file, where the plain list cost 410 bytes
// gzip and this form under 190. test/core/language.test.ts holds the plain list.
const ISO_639_1 = new Set(
  (
    'aabefkmnrsvyz baeghimnors caehorsuvy daevz eelnostu fafijory gadlnuv haeiortuyz iadegikostu jav ' +
    'kagijklmnorsuvwy labginotuv mghiklnrsty nabdeglnorvy ocjmrs pailst qu rmnouw sacdegiklmnoqrstuvw ' +
    'taeghiklnorstwy ugkrz veio wao xh yio zahu'
  )
    .split(' ')
    .flatMap(([first, ...seconds]) => seconds.map((second) => `${first}${second}`)),
);

/** Whether a path segment is a locale: `en-US`, `de-de`, `de-at`, or a bare language code like `de`. */
export function isLocaleSegment(segment: string): boolean {
  return REGIONAL_LOCALE_SEGMENT.test(segment) || ISO_639_1.has(segment.toLowerCase());
}

/** The locale segment a path starts with (`/fr-FR/articles/x` → `fr-FR`, `/de/pages/x` → `de`), if any. */
export function localeFromPath(pathname: string): string | undefined {
  const first = pathname.split('/')[1] ?? '';
  return isLocaleSegment(first) ? first : undefined;
}

/**
 * The Help Center path a storefront page mirrors in its `hcUrl` query parameter when it embeds the
 * Help Center as an iframe (`?hcUrl=%2Fde-DE%2Farticles%2Forders-4`). Only a path is accepted: an
 * absolute URL there is ignored rather than trusted.
 */
export function helpCenterPathFromQuery(search: string): string | undefined {
  const value = new URLSearchParams(search).get('hcUrl');
  if (!value || !value.startsWith('/') || value.startsWith('//')) return undefined;
  return value;
}

export interface LanguageSignals {
  /** The script's `data-language` attribute. */
  forced?: string | null;
  /** The page URL (Help Center locale path, or `hcUrl` mirror on a storefront). */
  pageUrl?: string | URL | null;
  /** `<html lang>`. */
  htmlLang?: string | null;
  /** `navigator.languages`, most preferred first. */
  browserLanguages?: readonly string[] | null;
  /** The shop's default language from its embed config. */
  shopDefault?: string | null;
  /** The languages the shop offers (all shipped ones when absent). */
  shopLanguages?: readonly string[] | null;
}

export type LanguageSource = 'attribute' | 'path' | 'hcUrl' | 'html' | 'browser' | 'shop' | 'fallback';

export interface ResolvedLanguage {
  language: Language;
  source: LanguageSource;
}

/**
 * Decides the tile's language. The page's own signals come first, in this order: `data-language`,
 * the Help Center locale path segment, the `hcUrl` mirror, `<html lang>`. The first of these that
 * is present decides: a language the shop offers wins, anything else (a Swedish Help Center) falls
 * back to the shop's default rather than guessing from the browser, because the page itself is in
 * another language. Only when the page says nothing do the browser's languages count.
 */
export function resolveLanguage(signals: LanguageSignals): ResolvedLanguage {
  const offered = (signals.shopLanguages ?? []).filter(isLanguage);
  const isOffered = (language: string | undefined): language is Language =>
    isLanguage(language) && (offered.length === 0 || offered.includes(language));

  const shopFallback = (): ResolvedLanguage => {
    const shopDefault = primaryLanguage(signals.shopDefault);
    if (isOffered(shopDefault)) return { language: shopDefault, source: 'shop' };
    if (offered[0]) return { language: offered[0], source: 'shop' };
    return { language: DEFAULT_LANGUAGE, source: 'fallback' };
  };

  const url = toUrl(signals.pageUrl);
  const pageSignals: [LanguageSource, string | undefined][] = [
    ['attribute', signals.forced?.trim() || undefined],
    ['path', url ? localeFromPath(url.pathname) : undefined],
    ['hcUrl', url ? localeFromHcUrl(url.search) : undefined],
    ['html', signals.htmlLang?.trim() || undefined],
  ];
  for (const [source, tag] of pageSignals) {
    if (tag === undefined) continue;
    // An unparsable data-language is a merchant typo, not a page language: skip it.
    if (source === 'attribute' && primaryLanguage(tag) === undefined) continue;
    const language = primaryLanguage(tag);
    return isOffered(language) ? { language, source } : shopFallback();
  }

  for (const tag of signals.browserLanguages ?? []) {
    const language = primaryLanguage(tag);
    if (isOffered(language)) return { language, source: 'browser' };
  }
  return shopFallback();
}

function localeFromHcUrl(search: string): string | undefined {
  const path = helpCenterPathFromQuery(search);
  return path ? localeFromPath(path.split(/[?#]/)[0] ?? '') : undefined;
}

function toUrl(value: string | URL | null | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
