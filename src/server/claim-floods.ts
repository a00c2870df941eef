import type { Queryable } from './db/database.js';
import { ApiError } from './errors.js';

/**
 * What keeps one order from flooding the shop's helpdesk with claims. All of it is decided in the
 * database, inside the claim's transaction and under a per-order advisory lock, so it holds for
 * concurrent requests and for several API processes on one PostgreSQL alike.
 *
 * - An identical claim (same order, same draft) within `duplicateWindowSeconds` is the same claim:
 *   the request is answered with the existing one, and no second claim, event or ticket is made.
 * - At most `perOrder` new claims per order in 24 hours and `perSession` per customer session;
 *   beyond that `429 too_many_claims` with `Retry-After`. `0` turns a limit off.
 */
export interface ClaimLimits {
  /** New claims per order in any 24 hours (0: no limit). */
  perOrder: number;
  /** New claims per customer session (0: no limit); a session lasts 2 hours. */
  perSession: number;
  /** How long an identical claim of the same order is answered with the first one (0: never). */
  duplicateWindowSeconds: number;
}

export const DEFAULT_CLAIM_LIMITS: ClaimLimits = { perOrder: 10, perSession: 5, duplicateWindowSeconds: 600 };

const ORDER_WINDOW_SECONDS = 24 * 3600;

/** Serializes claim intake of one order until the transaction ends (every process, every connection). */
export async function lockOrderIntake(tx: Queryable, orderId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('claim-intake:' || $1::text, 0))", [orderId]);
}

/** The claim of this order with the same draft made within the window, if any. */
export async function findRecentDuplicate<Row extends object>(
  tx: Queryable,
  columns: string,
  orderId: string,
  requestHash: string,
  limits: ClaimLimits,
): Promise<Row | undefined> {
  if (limits.duplicateWindowSeconds <= 0) return undefined;
  const [row] = await tx.query<Row>(
    `SELECT ${columns} FROM claims
      WHERE order_id = $1 AND request_hash = $2 AND created_at > now() - make_interval(secs => $3)
      ORDER BY created_at LIMIT 1`,
    [orderId, requestHash, limits.duplicateWindowSeconds],
  );
  return row;
}

/** Remembers that `idempotencyKey` was answered with `claimId`, so a retry with it gets the same claim. */
export async function rememberDuplicateKey(
  tx: Queryable,
  entry: { shopId: string; idempotencyKey: string; claimId: string; orderId: string; requestHash: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO claim_duplicate_keys (shop_id, idempotency_key, claim_id, order_id, request_hash)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (shop_id, idempotency_key) DO NOTHING`,
    [entry.shopId, entry.idempotencyKey, entry.claimId, entry.orderId, entry.requestHash],
  );
}

/** The claim an earlier request with this key was answered with as a duplicate. */
export async function findDuplicateKey(
  db: Queryable,
  shopId: string,
  idempotencyKey: string,
): Promise<{ claim_id: string; order_id: string; request_hash: string } | undefined> {
  const [row] = await db.query<{ claim_id: string; order_id: string; request_hash: string }>(
    'SELECT claim_id, order_id, request_hash FROM claim_duplicate_keys WHERE shop_id = $1 AND idempotency_key = $2',
    [shopId, idempotencyKey],
  );
  return row;
}

/**
 * Refuses a new claim over either limit with `429 too_many_claims`. `Retry-After` is when the
 * order's oldest claim of the last 24 hours leaves the window, or when the session ends (a new
 * lookup gives a new session, still under the order's limit).
 */
export async function checkClaimRate(
  tx: Queryable,
  limits: ClaimLimits,
  claim: { orderId: string; sessionId: string; sessionExpiresAt: Date },
): Promise<void> {
  if (limits.perOrder > 0) {
    const [row] = await tx.query<{ count: string | number; wait: string | number | null }>(
      `SELECT count(*) AS count,
              ceil(extract(epoch FROM min(created_at) + make_interval(secs => $2) - now())) AS wait
         FROM (SELECT created_at FROM claims
                WHERE order_id = $1 AND created_at > now() - make_interval(secs => $2)
                ORDER BY created_at DESC LIMIT $3) AS recent`,
      [claim.orderId, ORDER_WINDOW_SECONDS, limits.perOrder],
    );
    if (Number(row?.count ?? 0) >= limits.perOrder)
      throw tooManyClaims(Number(row?.wait ?? ORDER_WINDOW_SECONDS), 'order');
  }
  if (limits.perSession > 0) {
    const [row] = await tx.query<{ count: string | number }>(
      'SELECT count(*) AS count FROM claims WHERE session_id = $1',
      [claim.sessionId],
    );
    if (Number(row?.count ?? 0) >= limits.perSession)
      throw tooManyClaims((claim.sessionExpiresAt.getTime() - Date.now()) / 1000, 'session');
  }
}

function tooManyClaims(waitSeconds: number, scope: 'order' | 'session'): ApiError {
  const seconds = Math.max(1, Math.ceil(waitSeconds));
  return new ApiError(
    429,
    'too_many_claims',
    [
      {
        loc: ['body'],
        msg: scope === 'order' ? 'too many claims for this order in 24 hours' : 'too many claims in this session',
        type: `claim_limit_${scope}`,
      },
    ],
    { 'Retry-After': String(seconds) },
  );
}
