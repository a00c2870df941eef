import { DEFAULT_LANGUAGE, type Language, toSupportedLanguage } from '../core/languages.js';
import { locales } from '../../locales/index.js';

import type { IntegrationErrorKey } from '../core/integrations.js';

/**
 * An API error key (`errors` namespace) or a helpdesk/integration key (`delivery.errors`): a
 * refused Gorgias key is answered as `gorgias_auth_failed`, not as a generic validation error.
 */
export type ErrorKey = keyof (typeof locales)['en']['errors'] | IntegrationErrorKey;

/**
 * The best shipped language for an `Accept-Language` header (`de-AT,de;q=0.9,en;q=0.5`), by
 * q-value, English when nothing matches.
 */
export function languageFromAcceptLanguage(header: string | null | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .slice(0, 512)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = toSupportedLanguage(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

export function errorMessage(key: ErrorKey, language: Language): string {
  const { errors, delivery } = locales[language];
  return key in errors ? errors[key as keyof typeof errors] : delivery.errors[key as IntegrationErrorKey];
}
