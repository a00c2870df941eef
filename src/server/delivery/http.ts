import * as z from 'zod/mini';
import { createGuardedFetch, guardedFetch } from '../net/guarded-fetch.js';
import { classifyFetchError, DeliveryError, shortText } from './errors.js';
import { parseRetryAfter } from '../../core/retry-policy.js';
import { systemClock, type Clock, type Pacer } from './pacing.js';

/**
 * The one way connectors talk HTTP: paced per account, bounded by a timeout that covers the body
 * too, 429s honoured (short Retry-Afters waited out here, long ones handed to the worker as a
 * retryable failure), one log line per request with the path only (queries carry emails, headers
 * carry credentials: neither is ever logged).
 */

export interface HttpOptions {
  /**
   * Injected by tests and the demo (it does its own DNS: only host names and IP literals are
   * checked). Otherwise Node's fetch through guardedFetch: every connection goes to a public
   * unicast address, checked in the connection's own DNS lookup.
   */
  fetch?: typeof fetch;
  /**
   * Stand-ins on this machine (tests, the demo): loopback addresses and `*.localhost` are allowed
   * too. Never in production; private and other special-purpose addresses stay refused.
   */
  allowInsecureHostsForTesting?: boolean;
  clock?: Clock;
  /** Per request, default 15 s (creates and uploads ask for longer themselves). */
  timeoutMs?: number;
  /**
   * No request waits longer than this, whatever it asks for. Tests and the fault suites set it
   * low so a helpdesk that hangs is given up on in milliseconds rather than a minute.
   */
  maxTimeoutMs?: number;
  /** Aborts everything in flight (worker shutdown). */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  /** `POST /api/tickets`: what logs and error messages call this request. */
  label: string;
  pacer: Pacer;
  timeoutMs?: number;
  /** When a 429 carries no Retry-After. */
  defaultRetryAfterMs: number;
  /** 429s waited out in place before giving the failure to the worker. */
  maxInlineRetries?: number;
  /** Longer Retry-Afters are not waited out in place. */
  maxInlineWaitMs?: number;
  /** Sees every answer's headers (rate-limit bookkeeping). */
  observe?: (headers: Headers) => void;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export async function sendRequest(request: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  const policy = { allowLoopback: options.allowInsecureHostsForTesting === true };
  const fetchImpl = options.fetch ? createGuardedFetch(policy, { base: options.fetch }) : guardedFetch(policy);
  const clock = options.clock ?? systemClock;
  const maxRetries = request.maxInlineRetries ?? 3;
  const maxWait = request.maxInlineWaitMs ?? 30_000;

  for (let attempt = 0; ; attempt++) {
    await request.pacer.acquire(options.signal);
    const started = clock.now();
    const timeout = AbortSignal.timeout(
      Math.min(
        request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        options.maxTimeoutMs ?? Number.POSITIVE_INFINITY,
      ),
    );
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let response: HttpResponse;
    try {
      const res = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
        // A helpdesk API that redirects is misconfigured (or not the helpdesk): never follow
        // credentials to another host.
        redirect: 'manual',
      });
      const text = await res.text();
      response = { status: res.status, headers: res.headers, text, json: parseJson(text) };
    } catch (error) {
      options.log?.(`${request.label} failed ${Math.round(clock.now() - started)}ms`);
      throw classifyFetchError(error, request.label);
    }
    options.log?.(`${request.label} ${response.status} ${Math.round(clock.now() - started)}ms`);
    request.observe?.(response.headers);

    if (response.status !== 429) return response;
    const waitMs = parseRetryAfter(response.headers.get('retry-after'), clock.now()) ?? request.defaultRetryAfterMs;
    request.pacer.pauseFor(waitMs);
    if (attempt < maxRetries && waitMs <= maxWait) continue;
    throw new DeliveryError({
      kind: 'rate_limited',
      key: 'delivery_rate_limited',
      status: 429,
      retryAfterMs: waitMs,
      message: `${request.label}: rate limited, retry in ${Math.ceil(waitMs / 1000)} s`,
    });
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A remote error body's message, defensively: Gorgias `{error: {msg}}`, Dixa `{message}`. */
export function remoteErrorMessage(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const record = json as Record<string, unknown>;
  if (typeof record.message === 'string') return record.message;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as Record<string, unknown>).msg === 'string') {
    return (error as Record<string, string>).msg;
  }
  return undefined;
}

/** A helpdesk's JSON answer parsed with its schema; anything else is an `unexpected` delivery error naming the call. */
export function parseHelpdeskAnswer<T>(
  schema: z.ZodMiniType<T>,
  response: HttpResponse,
  label: string,
  helpdesk: string,
): T {
  const parsed = z.safeParse(schema, response.json);
  if (parsed.success) return parsed.data;
  throw new DeliveryError({
    kind: 'unexpected',
    key: 'delivery_unexpected_response',
    status: response.status,
    message: `${label}: unexpected answer from ${helpdesk} (${shortText(response.text, 120)})`,
  });
}
