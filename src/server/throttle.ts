import ipaddr from 'ipaddr.js';
import type { Database } from './db/database.js';

/**
 * Failed order lookups, counted per client and per order number in a sliding window. Past the
 * limit the caller gets `429` with `Retry-After`, so ZIP codes cannot be guessed at speed.
 * The counters live in the database (`lookup_failures`), so the limits hold across every API
 * process on one PostgreSQL; each attempt is taken under a lock before the lookup runs, so
 * concurrent guesses cannot slip past the limit either.
 */
export interface ThrottleLimits {
  /** Failed lookups of one order number (from anywhere) before it is locked for the window. */
  maxFailures: number;
  windowMs: number;
  /**
   * Failed lookups from one client (of any order) before it is locked for the window.
   * Defaults to `maxFailures`; raise it when many customers share an address (offices, CGNAT).
   */
  maxFailuresPerClient?: number;
}

// One order number is locked after 5 wrong ZIP codes; one address after 20 failures of any order,
// since offices and mobile carriers put many honest customers behind one address.
export const DEFAULT_LOOKUP_THROTTLE: ThrottleLimits = {
  maxFailures: 5,
  maxFailuresPerClient: 20,
  windowMs: 15 * 60 * 1000,
};
// Portal sign-ins: one account is locked after 10 wrong passwords in 15 minutes, one address after
// 30 failures of any accounts (password spraying), whatever the outcome of later attempts.
export const DEFAULT_SIGN_IN_THROTTLE: ThrottleLimits = {
  maxFailures: 10,
  maxFailuresPerClient: 30,
  windowMs: 15 * 60 * 1000,
};

/** How often one process sweeps counters of keys nobody has tried again. */
const PRUNE_EVERY_MS = 60_000;

export type LookupAttempt =
  | { allowed: false; retryAfterMs: number }
  | {
      allowed: true;
      /** The lookup found the order with the right ZIP code: it does not count as a failure. */
      succeeded(): Promise<void>;
    };

/**
 * The key failed lookups of one client are counted under: an IPv4 address as it is, an IPv6
 * address by its /64 (one subscriber gets a whole /64 and can pick any address in it), an
 * IPv4-mapped IPv6 address as the IPv4 address it is.
 */
export function throttleClientKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

export class LookupThrottle {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly limits: ThrottleLimits,
    /** Prefix of this throttle's keys, so several throttles share the table without sharing counts (portal sign-ins: `sign-in:`). */
    private readonly scope = '',
  ) {
    const counts = [limits.maxFailures, limits.maxFailuresPerClient ?? limits.maxFailures];
    if (!counts.every((n) => Number.isInteger(n) && n >= 1) || !(limits.windowMs > 0)) {
      throw new Error('lookupThrottle needs maxFailures ≥ 1 (integers) and windowMs > 0');
    }
  }

  /**
   * Takes one lookup attempt for this client and order. Refused when either is at its limit;
   * otherwise the attempt counts as a failure until `succeeded()` says otherwise, so a crash or
   * a burst of concurrent guesses never gets more tries than the limit.
   */
  async attempt(clientAddress: string, order: string): Promise<LookupAttempt> {
    const window = Math.round(this.limits.windowMs);
    const keys = [
      {
        key: `${this.scope}client:${throttleClientKey(clientAddress)}`,
        limit: this.limits.maxFailuresPerClient ?? this.limits.maxFailures,
      },
      { key: `${this.scope}order:${order}`, limit: this.limits.maxFailures },
    ].sort((a, b) => (a.key < b.key ? -1 : 1));
    await this.pruneNowAndThen(window);
    const taken = await this.db.transaction(async (tx) => {
      // One lock per key, always in the same order: concurrent attempts on a key queue here.
      for (const { key } of keys) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      let waitMs = 0;
      for (const { key, limit } of keys) {
        // The failure `limit` places back from the newest: the key is locked until it leaves the window.
        const [row] = await tx.query<{ wait_ms: number }>(
          `SELECT (extract(epoch FROM failed_at - now()) * 1000 + $2::int)::float8 AS wait_ms
             FROM lookup_failures WHERE key = $1 AND failed_at > now() - $2::int * interval '1 millisecond'
             ORDER BY failed_at DESC OFFSET $3::int - 1 LIMIT 1`,
          [key, window, limit],
        );
        waitMs = Math.max(waitMs, row ? Number(row.wait_ms) : 0);
      }
      if (waitMs > 0) return { waitMs, ids: [] };
      const ids: string[] = [];
      for (const { key } of keys) {
        const [row] = await tx.query<{ id: string }>(
          'INSERT INTO lookup_failures (key) VALUES ($1) RETURNING id::text AS id',
          [key],
        );
        if (row) ids.push(row.id);
      }
      return { waitMs: 0, ids };
    });
    if (taken.waitMs > 0) return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(taken.waitMs)) };
    return {
      allowed: true,
      succeeded: async () =>
        void (await this.db.query('DELETE FROM lookup_failures WHERE id = ANY($1::bigint[])', [taken.ids])),
    };
  }

  private async pruneNowAndThen(window: number): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.db.query("DELETE FROM lookup_failures WHERE failed_at <= now() - $1::int * interval '1 millisecond'", [
      window,
    ]);
  }
}
