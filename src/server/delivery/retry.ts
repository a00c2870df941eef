import { backoffDelay, retryDelay, type Backoff } from '../../core/retry-policy.js';
import type { DeliveryFailure } from './errors.js';

/**
 * When the worker tries a failed delivery again, by the project's retry policy
 * (src/core/retry-policy.ts, shared with the browser client). Exponential backoff with full jitter
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
  return backoffDelay(Math.max(attempt, 1) - 1, backoffOf(options), options.random ?? Math.random);
}

function backoffOf(options: BackoffOptions): Backoff {
  return {
    baseMs: options.baseMs ?? DEFAULT_BACKOFF.baseMs,
    capMs: options.capMs ?? DEFAULT_BACKOFF.capMs,
    minMs: options.minMs ?? DEFAULT_BACKOFF.minMs,
  };
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: 'permanent' | 'exhausted' };

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
  return {
    retry: true,
    delayMs: retryDelay(
      Math.max(attempt, 1) - 1,
      backoffOf(options),
      options.random ?? Math.random,
      failure.retryAfterMs,
    ),
  };
}
