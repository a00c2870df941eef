import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedError, ResolveError, ValidationError } from '../../src/client/errors.js';
import { backoffDelay, parseRetryAfter, withRetry } from '../../src/client/retry.js';

describe('backoffDelay', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000 };
  it('grows exponentially with full jitter, capped', () => {
    expect(backoffDelay(0, { ...policy, random: () => 0.999 })).toBe(499);
    expect(backoffDelay(3, { ...policy, random: () => 0.999 })).toBe(3996);
    expect(backoffDelay(10, { ...policy, random: () => 0.999 })).toBe(7992);
    expect(backoffDelay(10, { ...policy, random: () => 0 })).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('withRetry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 1 };

  it('retries server and network errors with growing delays, then succeeds', async () => {
    const attempt = vi
      .fn()
      .mockRejectedValueOnce(new ResolveError('server', '503', undefined, 503))
      .mockRejectedValueOnce(new ResolveError('network', 'offline'))
      .mockResolvedValueOnce('ok');
    const result = withRetry(attempt, policy);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempt).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempt).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(result).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('waits at least Retry-After on a rate limit', async () => {
    const attempt = vi
      .fn()
      .mockRejectedValueOnce(new RateLimitedError('slow down', 30_000))
      .mockResolvedValueOnce('ok');
    const result = withRetry(attempt, { ...policy, random: () => 0 });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(attempt).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
  });

  it.each([
    ['validation', new ValidationError('bad', [], 'validation_failed', 422)],
    ['not found', new ResolveError('not_found', 'nope', 'order_not_found', 404)],
    ['conflict', new ResolveError('conflict', 'taken', 'idempotency_conflict', 409)],
    ['session expired', new ResolveError('session_expired', 'expired', 'session_invalid', 401)],
  ])('never retries %s', async (_name, error) => {
    const attempt = vi.fn().mockRejectedValue(error);
    await expect(withRetry(attempt, policy)).rejects.toBe(error);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('gives up after the last attempt with the last error', async () => {
    const attempt = vi.fn().mockRejectedValue(new ResolveError('server', '500', undefined, 500));
    const result = withRetry(attempt, policy);
    const assertion = expect(result).rejects.toMatchObject({ kind: 'server' });
    await vi.advanceTimersByTimeAsync(60_000);
    await assertion;
    expect(attempt).toHaveBeenCalledTimes(4);
  });
});
