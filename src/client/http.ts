import * as z from 'zod/mini';
import { apiErrorBodySchema } from '../core/api-error.js';
import { errorFromResponse, ResolveError } from './errors.js';
import { parseRetryAfter } from './retry.js';

export interface HttpOptions {
  fetch: typeof fetch;
  language: string;
}

/**
 * One JSON request to the API: the answer parsed with `schema`, or a typed ResolveError. Network
 * failures (offline, DNS, connection reset) become `network` errors, which are retryable.
 */
export async function requestJson<T>(
  http: HttpOptions,
  url: string,
  init: RequestInit,
  schema: z.ZodMiniType<T>,
): Promise<{ data: T; response: Response }> {
  let response: Response;
  try {
    response = await http.fetch(url, {
      ...init,
      credentials: 'omit',
      headers: { Accept: 'application/json', 'Accept-Language': http.language, ...(init.headers as Record<string, string>) },
    });
  } catch (error) {
    if (init.signal?.aborted) throw new ResolveError('aborted', 'aborted');
    throw new ResolveError('network', error instanceof Error ? error.message : 'network error');
  }
  return { data: await parseResponse(response, schema), response };
}

export async function parseResponse<T>(response: Response, schema: z.ZodMiniType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = z.safeParse(apiErrorBodySchema, body);
    throw errorFromResponse(response.status, error.success ? error.data : undefined, parseRetryAfter(response.headers.get('retry-after')));
  }
  const parsed = z.safeParse(schema, body);
  // A 2xx we cannot read is the server's fault, and retrying an idempotent request is safe.
  if (!parsed.success) throw new ResolveError('server', 'unexpected response from the API', undefined, response.status);
  return parsed.data;
}
