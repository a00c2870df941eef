import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffCeiling,
  backoffDelay,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryDelay,
  type Backoff,
} from '../../src/core/retry-policy.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['1.5', 1_500],
    ['0.29', 290],
    ['0.0001', 1],
    ['Mon, 23 Nov 2026 10:00:30 GMT', 30_000],
    ['Monday, 23-Nov-26 10:00:30 GMT', 30_000],
    ['Mon, 23 Nov 2026 09:00:00 GMT', 0],
    ['999999', MAX_RETRY_AFTER_MS],
  ])('%j → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([null, undefined, '', 'soon', '-5', '1e3', '.5', '5.', '0x10', '2026-11-23'])('cannot read %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it('reads whole delta-seconds exactly, capped', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 * 86_400 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), NOW)).toBe(Math.min(seconds * 1000, MAX_RETRY_AFTER_MS));
      }),
    );
  });

  it('reads decimal seconds rounded up to the millisecond', () => {
    fc.assert(
      fc.property(fc.nat({ max: 86_399 }), fc.nat({ max: 999_999 }), (whole, micros) => {
        const text = `${whole}.${String(micros).padStart(6, '0')}`;
        expect(parseRetryAfter(text, NOW)).toBe(whole * 1000 + Math.ceil(micros / 1000));
      }),
    );
  });

  it('reads an HTTP-date relative to the given now: the wait until then, 0 when past', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -86_400, max: 86_400 }),
        fc.integer({ min: 0, max: 2_000_000_000 }),
        (offsetSeconds, nowSeconds) => {
          const now = nowSeconds * 1000;
          const header = new Date(now + offsetSeconds * 1000).toUTCString();
          expect(parseRetryAfter(header, now)).toBe(Math.max(0, offsetSeconds * 1000));
        },
      ),
    );
  });

  it('answers a whole number of milliseconds within [0, cap] or nothing, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: MAX_RETRY_AFTER_MS }), (value, cap) => {
        const ms = parseRetryAfter(value, NOW, cap);
        if (ms !== undefined) {
          expect(Number.isInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(ms).toBeLessThanOrEqual(cap);
        }
      }),
    );
  });
});

describe('backoff', () => {
  const backoffs = fc.record({
    baseMs: fc.integer({ min: 1, max: 60_000 }),
    capMs: fc.integer({ min: 1, max: 24 * 3_600_000 }),
    minMs: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    jitter: fc.constantFrom<Backoff['jitter']>('full', 'equal', undefined),
  });
  const randoms = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

  it('doubles the ceiling per retry up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((retry) => backoffCeiling(retry, { baseMs: 500, capMs: 8_000 }))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000,
    ]);
    expect(backoffCeiling(1_000, { baseMs: 30_000, capMs: 6 * 3_600_000 })).toBe(6 * 3_600_000);
  });

  it('full jitter: anywhere from the floor to the ceiling', () => {
    const backoff = { baseMs: 1_000, capMs: 60_000, minMs: 100 };
    expect(backoffDelay(3, backoff, () => 0)).toBe(100);
    expect(backoffDelay(3, backoff, () => 0.5)).toBe(4_050);
    expect(backoffDelay(3, backoff, () => 0.999999)).toBe(7_999);
    expect(backoffDelay(0, { baseMs: 500, capMs: 8_000 }, () => 0.999)).toBe(499);
  });

  it('equal jitter: at least half the ceiling', () => {
    expect(backoffDelay(2, { baseMs: 1_000, capMs: 60_000, jitter: 'equal' }, () => 0)).toBe(2_000);
    expect(backoffDelay(2, { baseMs: 1_000, capMs: 60_000, jitter: 'equal' }, () => 0.5)).toBe(3_000);
  });

  it('stays within its bounds for any retry, settings and random value', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), backoffs, randoms, (retry, backoff, r) => {
        const delay = backoffDelay(retry, backoff, () => r);
        const ceiling = backoffCeiling(retry, backoff);
        const floor = Math.min(backoff.minMs ?? 0, backoff.capMs);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(Math.min(floor, ceiling)));
        expect(delay).toBeLessThanOrEqual(Math.max(floor, ceiling));
        if (backoff.jitter === 'equal') expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      }),
    );
  });

  it('a broken random source cannot push a delay out of bounds', () => {
    for (const r of [-1, 2, Number.NaN, Number.POSITIVE_INFINITY]) {
      const delay = backoffDelay(4, { baseMs: 1_000, capMs: 10_000 }, () => r);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(10_000);
    }
  });

  it('never comes back before the Retry-After', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 30 }),
        backoffs,
        randoms,
        fc.option(fc.nat({ max: MAX_RETRY_AFTER_MS }), { nil: undefined }),
        (retry, backoff, r, retryAfter) => {
          const delay = retryDelay(retry, backoff, () => r, retryAfter);
          expect(delay).toBeGreaterThanOrEqual(retryAfter ?? 0);
          expect(delay).toBe(
            Math.max(
              backoffDelay(retry, backoff, () => r),
              retryAfter ?? 0,
            ),
          );
        },
      ),
    );
  });
});
