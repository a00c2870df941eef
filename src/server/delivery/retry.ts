import type { DeliveryFailure } from './errors.js';

/**
 * When the worker tries a failed delivery again. Exponential backoff with full jitter
 * (a uniformly random delay between a small floor and base × 2^(attempt-1), capped): many
 * deliveries that failed together — a helpdesk outage — spread out instead of returning as one
 * wave. A Retry-After from the remote is a floor: we never come back earlier than asked.
 */
export interface BackoffOptions {
  /** Upper bound of the first delay. */
  baseMs?: number;
  /** No delay longer than this. */
  capMs?: number;
  /** No delay shorter than this (keeps a broken target from spinning the worker). */
  minMs?: number;
  /** [0, 1); injected by tests. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 30_000, capMs: 6 * 60 * 60 * 1000, minMs: 1_000 } as const;

/**
 * Attempts before a delivery is given up (failed, shown to the merchant, retryable by hand). With
 * the defaults the waits add up to about a day on average and at most about two: enough to ride
 * out a helpdesk outage, and well within the 7-day life of the signed file URLs of a claim.
 */
export const DEFAULT_MAX_ATTEMPTS = 18;

/** The delay before attempt `attempt + 1`, after `attempt` (≥ 1) failed attempts. */
export function fullJitterBackoff(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const cap = options.capMs ?? DEFAULT_BACKOFF.capMs;
  const min = Math.min(options.minMs ?? DEFAULT_BACKOFF.minMs, cap);
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 40);
  const ceiling = Math.min(cap, base * 2 ** exponent);
  return Math.round(min + random() * Math.max(0, ceiling - min));
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'permanent' | 'exhausted' };

/**
 * What to do after the `attempt`-th attempt failed with `failure`: permanent failures stop at
 * once; retryable ones wait max(backoff, Retry-After) until `maxAttempts` is reached.
 */
export function decideRetry(
  failure: Pick<DeliveryFailure, 'retryable' | 'retryAfterMs'>,
  attempt: number,
  options: BackoffOptions & { maxAttempts?: number } = {},
): RetryDecision {
  if (!failure.retryable) return { retry: false, reason: 'permanent' };
  if (attempt >= (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return { retry: false, reason: 'exhausted' };
  const backoff = fullJitterBackoff(attempt, options);
  return { retry: true, delayMs: Math.max(backoff, failure.retryAfterMs ?? 0) };
}
