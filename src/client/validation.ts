import * as z from 'zod/mini';
import { toSupportedLanguage, type Language } from '../core/languages.js';
import { ValidationError, type FieldError } from './errors.js';

/**
 * Local validation with the shared schemas, before anything goes out: the customer learns at once
 * which field is wrong, in their language (zod's messages for the client language; messages the
 * schemas spell out themselves, such as "must not repeat a SKU", stay as written), and the API never
 * sees the request. Field paths use the API's names (`selected_items.0.quantity`), the same as the
 * API's own validation errors, so one UI mapping serves both.
 */
type LocaleModule = { default: () => { localeError: z.core.$ZodErrorMap } };
/** One chunk per language (bundlers split dynamic imports): a page loads zod's messages for its language only. */
const LOCALES: Record<Language, () => Promise<LocaleModule>> = {
  da: () => import('zod/v4/locales/da.js'),
  de: () => import('zod/v4/locales/de.js'),
  en: () => import('zod/v4/locales/en.js'),
  es: () => import('zod/v4/locales/es.js'),
  fr: () => import('zod/v4/locales/fr.js'),
  it: () => import('zod/v4/locales/it.js'),
  nl: () => import('zod/v4/locales/nl.js'),
  pl: () => import('zod/v4/locales/pl.js'),
};
const loaded = new Map<Language, Promise<z.core.$ZodErrorMap | undefined>>();

/** zod's error messages in `language` (English for an unsupported one); undefined if the chunk cannot load (offline): zod's defaults then. */
export function localeErrorMap(language: string): Promise<z.core.$ZodErrorMap | undefined> {
  const supported = toSupportedLanguage(language) ?? 'en';
  let map = loaded.get(supported);
  if (!map) {
    map = LOCALES[supported]()
      .then((module) => module.default().localeError)
      .catch(() => {
        loaded.delete(supported); // try again next time
        return undefined;
      });
    loaded.set(supported, map);
  }
  return map;
}

export async function validate<T>(
  schema: z.ZodMiniType<T>,
  value: unknown,
  language: string,
  message: string,
): Promise<T> {
  const errorMap = await localeErrorMap(language);
  const parsed = z.safeParse(schema, value, errorMap ? { error: errorMap } : {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(message, issuesToFields(parsed.error.issues));
}

export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code }));
}
