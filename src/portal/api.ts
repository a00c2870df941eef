import * as z from 'zod/mini';
import { apiErrorBodySchema, type ApiErrorBody } from '../core/api-error.js';

/**
 * The portal's one way to talk to the server: same origin, the session cookie (HttpOnly, never
 * seen here), the CSRF token in `X-CSRF-Token` on every state-changing request, the merchant's
 * language in `Accept-Language` (refusals come back in it), and every answer parsed with the
 * shared schema of `src/core` before a page sees it.
 */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  /** `error` is the platform's error body; undefined when the network failed or the body was not one. */
  | { ok: false; status: number; error: ApiErrorBody | undefined };

export interface ApiOptions {
  language: () => string;
  csrfToken: () => string | undefined;
  /** A 401 on anything but the sign-in itself: the session ended (expired, revoked, signed out elsewhere). */
  onSessionEnded?: () => void;
  fetch?: typeof fetch;
}

export interface RequestOptions<T> {
  body?: unknown;
  schema?: z.ZodMiniType<T>;
  /** Sign-in answers 401 for wrong credentials: that is not a session that ended. */
  expectUnauthorized?: boolean;
}

export type Api = <T = unknown>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options?: RequestOptions<T>,
) => Promise<ApiResult<T>>;

export function createApi(options: ApiOptions): Api {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return async (method, path, request = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': options.language() };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const csrf = options.csrfToken();
    if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
    let response: Response;
    try {
      response = await doFetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
    } catch {
      return { ok: false, status: 0, error: undefined };
    }
    const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    if (!response.ok) {
      if (response.status === 401 && !request.expectUnauthorized) options.onSessionEnded?.();
      const parsed = z.safeParse(apiErrorBodySchema, body);
      return { ok: false, status: response.status, error: parsed.success ? parsed.data : undefined };
    }
    if (!request.schema) return { ok: true, status: response.status, data: body as never };
    const parsed = z.safeParse(request.schema, body);
    // An answer the contract does not describe is the server's fault, shown as one.
    if (!parsed.success) return { ok: false, status: 502, error: undefined };
    return { ok: true, status: response.status, data: parsed.data };
  };
}

/** Something not set up yet (`integration_not_found`, say) is an empty state, not a failure. */
export function missingAsNull<T>(result: ApiResult<T>, key: string): ApiResult<T | null> {
  return !result.ok && result.error?.key === key ? { ok: true, status: result.status, data: null } : result;
}
