/**
 * The one retry policy of the project, for the browser client (resending a claim) and the server's
 * delivery worker (a helpdesk or webhook that failed) alike: exponential backoff with jitter, and
 * a `Retry-After` from the remote as a floor we never come back before. Pure: the clock (`nowMs`)
 * and the random source are the caller's, so tests run on fixed values.
 */

/** A `Retry-After` longer than this is read as this: a silly value must not park work for ever. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * `Retry-After` in milliseconds from `nowMs`, or undefined when absent or unreadable.
 *
 * - delta-seconds (`120`); decimals are tolerated (`1.5` → 1500), rounded up to the millisecond;
 * - an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, also the obsolete RFC 850 and asctime forms),
 *   relative to `nowMs`; a date in the past is 0.
 *
 * Negative numbers and anything else are unreadable. The result is capped at `capMs`.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
  capMs: number = MAX_RETRY_AFTER_MS,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const seconds = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  let ms: number;
  if (seconds) {
    const fraction = seconds[2] ?? '';
    // Exact to the millisecond, rounded up: `0.29` is 290 ms, not the float 290.00000000000006.
    ms =
      Number(seconds[1]) * 1000 +
      Number(fraction.slice(0, 3).padEnd(3, '0')) +
      (/[1-9]/.test(fraction.slice(3)) ? 1 : 0);
  } else {
    // Only HTTP-dates, which start with the day's name: Date.parse alone would read `-5` as a year.
    if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return undefined;
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    ms = Math.ceil(date - nowMs);
  }
  return Math.min(Math.max(0, ms), capMs);
}

/** A source of numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

export interface Backoff {
  /** The ceiling of the first delay; each retry doubles it. */
  baseMs: number;
  /** No delay above this. */
  capMs: number;
  /** No delay below this (keeps a broken target from being hammered); default 0. */
  minMs?: number;
  /**
   * `full` (default): uniformly anywhere up to the ceiling — spreads a crowd that failed together
   * the most. `equal`: at least half the ceiling, the other half random.
   */
  jitter?: 'full' | 'equal';
}

/** The ceiling of the delay before retry number `retry` (0 for the first retry). */
export function backoffCeiling(retry: number, backoff: Backoff): number {
  const exponent = Math.min(Math.max(0, Math.floor(retry)), 40);
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent);
}

/** The delay before retry number `retry` (0 for the first), in whole milliseconds. */
export function backoffDelay(retry: number, backoff: Backoff, random: RandomSource): number {
  const ceiling = backoffCeiling(retry, backoff);
  const floor = Math.min(backoff.minMs ?? 0, backoff.capMs);
  const low = backoff.jitter === 'equal' ? Math.max(floor, ceiling / 2) : floor;
  return Math.floor(low + unit(random) * Math.max(0, ceiling - low));
}

/** The backoff delay, but never earlier than the remote asked (`retryAfterMs`). */
export function retryDelay(
  retry: number,
  backoff: Backoff,
  random: RandomSource,
  retryAfterMs?: number | null,
): number {
  return Math.max(backoffDelay(retry, backoff, random), retryAfterMs ?? 0);
}

/** A random source that strays outside [0, 1) must not push a delay outside its bounds. */
function unit(random: RandomSource): number {
  const value = random();
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
