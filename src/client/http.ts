import * as z from 'zod/mini';
import { apiErrorBodySchema } from '../core/api-error.js';
import { AbortedError, errorFromResponse, NetworkError, ServerError } from './errors.js';
import { parseRetryAfter } from './retry.js';
import { CLIENT_DEFAULTS } from './defaults.js';

export interface HttpOptions {
  fetch: typeof fetch;
  language: string;
  /**
   * Give up on one attempt after this long without an answer. A phone moving between cells can
   * leave a request hanging for minutes; as a `network` error it is retried (same Idempotency-Key).
   */
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = CLIENT_DEFAULTS.timeoutMs;

/**
 * One JSON request to the API: the answer parsed with `schema`, or a typed error. Network
 * failures (offline, DNS, connection reset, timeout) become `network` errors, which are retryable.
 */
export async function requestJson<T>(
  http: HttpOptions,
  url: string,
  init: RequestInit & { headers?: Record<string, string> },
  schema: z.ZodMiniType<T>,
): Promise<{ data: T; response: Response }> {
  const callerSignal = init.signal ?? undefined;
  if (callerSignal?.aborted) throw new AbortedError();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, http.timeoutMs);
  const forward = () => controller.abort();
  callerSignal?.addEventListener('abort', forward, { once: true });
  try {
    let response: Response;
    try {
      response = await http.fetch(url, {
        ...init,
        signal: controller.signal,
        // Sessions are bearer tokens: no cookie ever goes to the API.
        credentials: 'omit',
        headers: { Accept: 'application/json', 'Accept-Language': http.language, ...init.headers },
      });
    } catch (error) {
      if (callerSignal?.aborted) throw new AbortedError();
      if (timedOut) throw new NetworkError(`no answer within ${http.timeoutMs} ms`);
      throw new NetworkError(error instanceof Error ? error.message : 'network error', isOffline());
    }
    return { data: await parseResponse(response, schema), response };
  } catch (error) {
    // The body can stall too (the timer is still running while it streams in).
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw callerSignal?.aborted ? new AbortedError() : new NetworkError(`no answer within ${http.timeoutMs} ms`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', forward);
  }
}

export async function parseResponse<T>(response: Response, schema: z.ZodMiniType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    body = undefined;
  }
  if (!response.ok) {
    const error = z.safeParse(apiErrorBodySchema, body);
    throw errorFromResponse(
      response.status,
      error.success ? error.data : undefined,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  const parsed = z.safeParse(schema, body);
  // A 2xx we cannot read is the server's (or a proxy's) fault; retrying an idempotent request is safe.
  if (!parsed.success) throw new ServerError('unexpected response from the API', undefined, response.status);
  return parsed.data;
}

/** What the browser believes: `navigator.onLine === false` is reliable, `true` only means "maybe". */
export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}
