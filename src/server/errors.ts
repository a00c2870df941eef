import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody, ApiErrorDetail } from '../core/api-error.js';
import { errorMessage, languageFromAcceptLanguage, type ErrorKey } from './i18n.js';

/**
 * Every refusal speaks the platform's error body: `{ errors, key, message, type }` with `message`
 * in the caller's language. Thrown anywhere in a handler, `ApiError` becomes that response.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly key: ErrorKey,
    readonly details: ApiErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(key);
  }
}

export function errorBody(c: Context, status: number, key: ErrorKey, details: ApiErrorDetail[] = []): ApiErrorBody {
  const language = languageFromAcceptLanguage(c.req.header('accept-language'));
  return {
    errors: details,
    key,
    message: errorMessage(key, language),
    type: status >= 500 ? 'api_error' : 'invalid_request_error',
  };
}

export function sendError(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  c.header('Content-Language', languageFromAcceptLanguage(c.req.header('accept-language')));
  return c.json(errorBody(c, error.status, error.key, error.details), error.status);
}

/** zod issues → `errors[]` with field paths. */
export function issuesToDetails(
  issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[],
): ApiErrorDetail[] {
  return issues.slice(0, 50).map((issue) => ({
    loc: ['body', ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
    msg: issue.message,
    type: issue.code,
  }));
}
