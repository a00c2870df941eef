import * as z from 'zod/mini';
import { da, de, en, es, fr, it, nl, pl } from 'zod/locales';
import { toSupportedLanguage, type Language } from '../core/languages.js';
import { ValidationError, type FieldError } from './errors.js';

/**
 * Local validation with the shared schemas, before anything goes out: the customer learns at once
 * which field is wrong, in their language (zod's messages for the client language; messages the
 * schemas spell out themselves, such as "must not repeat a SKU", stay as written), and the API never
 * sees the request. Field paths use the API's names (`selected_items.0.quantity`), the same as the
 * API's own validation errors, so one UI mapping serves both.
 */
const LOCALES: Record<Language, () => { localeError: z.core.$ZodErrorMap }> = { da, de, en, es, fr, it, nl, pl };

export function localeErrorMap(language: string): z.core.$ZodErrorMap {
  return LOCALES[toSupportedLanguage(language) ?? 'en']().localeError;
}

export function validate<T>(schema: z.ZodMiniType<T>, value: unknown, language: string, message: string): T {
  const parsed = z.safeParse(schema, value, { error: localeErrorMap(language) });
  if (parsed.success) return parsed.data;
  throw new ValidationError(message, issuesToFields(parsed.error.issues));
}

export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code }));
}
