/**
 * Failed order lookups, counted per client and per order number in a sliding window. Past the
 * limit the caller gets `429` with `Retry-After`, so ZIP codes cannot be guessed at speed.
 * In-process state: a deployment with several API processes throttles per process.
 */
export interface ThrottleLimits {
  /** Failed lookups of one order number (from anywhere) before it is locked for the window. */
  maxFailures: number;
  windowMs: number;
  /**
   * Failed lookups from one client address (of any order) before it is locked for the window.
   * Defaults to `maxFailures`; raise it when many customers share an address (offices, CGNAT).
   */
  maxFailuresPerClient?: number;
}

// One order number is locked after 5 wrong ZIP codes; one address after 20 failures of any order,
// since offices and mobile carriers put many honest customers behind one address.
export const DEFAULT_LOOKUP_THROTTLE: ThrottleLimits = { maxFailures: 5, maxFailuresPerClient: 20, windowMs: 15 * 60 * 1000 };
// Portal sign-ins: one account is locked after 10 wrong passwords in 15 minutes, one address after
// 30 failures of any accounts (password spraying), whatever the outcome of later attempts.
export const DEFAULT_SIGN_IN_THROTTLE: ThrottleLimits = { maxFailures: 10, maxFailuresPerClient: 30, windowMs: 15 * 60 * 1000 };
const MAX_TRACKED_KEYS = 100_000;

export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    const counts = [limits.maxFailures, limits.maxFailuresPerClient ?? limits.maxFailures];
    if (!counts.every((n) => Number.isInteger(n) && n >= 1) || !(limits.windowMs > 0)) {
      throw new Error('lookupThrottle needs maxFailures ≥ 1 (integers) and windowMs > 0');
    }
  }

  /** Milliseconds until this client may look this order up again, or 0 when neither is over its limit. */
  retryAfterMs(client: string, order: string): number {
    const now = this.now();
    const perClient = this.limits.maxFailuresPerClient ?? this.limits.maxFailures;
    return Math.max(this.wait(`client:${client}`, perClient, now), this.wait(`order:${order}`, this.limits.maxFailures, now));
  }

  recordFailure(client: string, order: string): void {
    const now = this.now();
    if (this.failures.size > MAX_TRACKED_KEYS) this.prune(now);
    for (const key of [`client:${client}`, `order:${order}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  private wait(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < limit) return 0;
    const oldest = recent[recent.length - limit] as number;
    return oldest + this.limits.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
  }

  private prune(now: number): void {
    for (const key of this.failures.keys()) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
