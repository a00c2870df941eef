import { backoffDelay as policyDelay, parseRetryAfter as parseRetryAfterAt } from '../core/retry-policy.js';
import { AbortedError, isRetryable, NetworkError, retryAfterOf } from './errors.js';
import { CLIENT_DEFAULTS } from './defaults.js';

/**
 * How the client retries a request: the project's retry policy (src/core/retry-policy.ts) —
 * exponential backoff with full jitter (a random delay between 0 and base·2^attempt, capped), so a
 * crowd of phones coming back online does not retry in lockstep, and a Retry-After (429, or 503)
 * as a floor the delay never goes under.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = CLIENT_DEFAULTS.retry;

/** The delay after failed attempt `attempt` (0 for the first). */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  return policyDelay(attempt, { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs }, policy.random ?? Math.random);
}

/**
 * `Retry-After` as delta-seconds (`120`, decimals tolerated) or an HTTP date, in ms from `now`;
 * undefined when absent or unreadable. Capped at a day.
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  return parseRetryAfterAt(header, now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the attempts run out (then the last error).
 * A network error while the browser says it is offline ends the loop at once: retrying into a dead
 * radio only delays telling the customer, and the `online` event resends what the outbox kept.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  options: { signal?: AbortSignal; shouldRetry?: (error: unknown) => boolean } = {},
): Promise<T> {
  const shouldRetry = options.shouldRetry ?? isRetryable;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const offline = error instanceof NetworkError && error.offline;
      if (offline || !shouldRetry(error) || n + 1 >= policy.maxAttempts || options.signal?.aborted) throw error;
      const floor = retryAfterOf(error) ?? 0;
      // Told to come back later than we would ever wait in the foreground: stop here. Callers with
      // an outbox keep the work and schedule it for then (see client.ts), so nothing is lost.
      if (floor > policy.maxDelayMs) throw error;
      const delay = Math.max(floor, backoffDelay(n, policy));
      await sleep(delay, options.signal);
    }
  }
}
