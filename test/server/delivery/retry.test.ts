import { describe, expect, it } from 'vitest';
import {
  DeliveryError,
  classifyFetchError,
  isRetryableStatus,
  kindForStatus,
  toDeliveryFailure,
} from '../../../src/server/delivery/errors.js';
import { DEFAULT_MAX_ATTEMPTS, decideRetry, fullJitterBackoff } from '../../../src/server/delivery/retry.js';

describe('exponential backoff with full jitter', () => {
  it('spreads each delay uniformly between the floor and base × 2^(attempt−1)', () => {
    const options = { baseMs: 1_000, capMs: 60_000, minMs: 100 };
    expect(fullJitterBackoff(1, { ...options, random: () => 0 })).toBe(100);
    // Whole milliseconds, rounded down: just under the ceiling.
    expect(fullJitterBackoff(1, { ...options, random: () => 0.999999 })).toBe(999);
    expect(fullJitterBackoff(4, { ...options, random: () => 0.999999 })).toBe(7_999);
    expect(fullJitterBackoff(4, { ...options, random: () => 0.5 })).toBe(4_050);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [10, 30, 1_000]) {
      expect(
        fullJitterBackoff(attempt, { baseMs: 30_000, capMs: 6 * 3_600_000, random: () => 0.999999 }),
      ).toBeLessThanOrEqual(6 * 3_600_000);
    }
  });

  it('actually varies (jitter), with the default random', () => {
    const delays = new Set(Array.from({ length: 20 }, () => fullJitterBackoff(8)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('decideRetry', () => {
  const retryable = { retryable: true, retryAfterMs: null };

  it('stops at once on a permanent failure', () => {
    expect(decideRetry({ retryable: false, retryAfterMs: null }, 1)).toEqual({ retry: false, reason: 'permanent' });
  });

  it('stops after the last attempt', () => {
    expect(decideRetry(retryable, DEFAULT_MAX_ATTEMPTS)).toEqual({ retry: false, reason: 'exhausted' });
    expect(decideRetry(retryable, 3, { maxAttempts: 3 })).toEqual({ retry: false, reason: 'exhausted' });
    expect(decideRetry(retryable, 2, { maxAttempts: 3, random: () => 0 })).toEqual({ retry: true, delayMs: 1_000 });
  });

  it('never comes back earlier than Retry-After asked', () => {
    expect(decideRetry({ retryable: true, retryAfterMs: 120_000 }, 1, { random: () => 0 })).toEqual({
      retry: true,
      delayMs: 120_000,
    });
    expect(decideRetry({ retryable: true, retryAfterMs: 10 }, 5, { baseMs: 1_000, random: () => 0.999999 })).toEqual({
      retry: true,
      delayMs: 15_999,
    });
  });
});

describe('failure classification', () => {
  it.each([
    [500, 'server', true],
    [502, 'server', true],
    [503, 'server', true],
    [408, 'timeout', true],
    [429, 'rate_limited', true],
    [400, 'validation', false],
    [422, 'validation', false],
    [401, 'auth', false],
    [403, 'permission', false],
    [404, 'not_found', false],
    [409, 'conflict', false],
    [413, 'too_large', false],
  ])('%i → %s (retryable: %s)', (status, kind, retryable) => {
    expect(kindForStatus(status)).toBe(kind);
    expect(isRetryableStatus(status)).toBe(retryable);
  });

  it('classifies what fetch throws: timeout, abort, DNS, everything else network', () => {
    expect(classifyFetchError(new DOMException('t', 'TimeoutError'), 'GET /x')).toMatchObject({
      kind: 'timeout',
      key: 'delivery_timeout',
      retryable: true,
    });
    expect(classifyFetchError(new DOMException('a', 'AbortError'), 'GET /x')).toMatchObject({
      kind: 'aborted',
      retryable: true,
    });
    const dns = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }),
    });
    expect(classifyFetchError(dns, 'GET /x')).toMatchObject({
      kind: 'dns',
      retryable: true,
      message: 'GET /x: host not found (ENOTFOUND)',
    });
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyFetchError(refused, 'GET /x')).toMatchObject({
      kind: 'network',
      key: 'delivery_network_error',
      retryable: true,
    });
    expect(classifyFetchError(new TypeError('fetch failed'), 'GET /x')).toMatchObject({
      kind: 'network',
      retryable: true,
    });
  });

  it('turns anything thrown into a storable failure; unknown errors are retried', () => {
    expect(toDeliveryFailure(new DeliveryError({ kind: 'auth', key: 'gorgias_auth_failed', message: 'no' }))).toEqual({
      kind: 'auth',
      key: 'gorgias_auth_failed',
      retryable: false,
      status: null,
      retryAfterMs: null,
      message: 'no',
    });
    expect(toDeliveryFailure(new RangeError('boom'))).toMatchObject({
      kind: 'unexpected',
      retryable: true,
      message: 'RangeError: boom',
    });
    expect(toDeliveryFailure('weird')).toMatchObject({ kind: 'unexpected', message: 'unknown error' });
  });
});
