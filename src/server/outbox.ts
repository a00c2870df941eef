import type { Database } from './db/database.js';

/**
 * The consuming side of the outbox, for the delivery worker (a later issue) and for tests. Events
 * are written by the claim services in the transaction of the change they describe; workers lease
 * batches of them. `FOR UPDATE SKIP LOCKED` lets several workers (several API processes on one
 * PostgreSQL) take disjoint batches without waiting on each other; a lease pushes `available_at`
 * forward, so a worker that dies mid-delivery only delays its events until the lease runs out.
 * Delivery is at-least-once: receivers deduplicate on the event's `ref` (= `id` here).
 */
export interface OutboxEvent {
  id: string;
  shopId: string;
  claimId: string | null;
  eventName: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
}

interface OutboxRow {
  id: string;
  shop_id: string;
  claim_id: string | null;
  event_name: string;
  payload: unknown;
  attempts: number;
  created_at: Date | string;
}

/** Leases up to `limit` due events for `leaseMs` and returns them, oldest first. */
export async function leaseOutboxEvents(db: Database, options: { limit: number; leaseMs: number }): Promise<OutboxEvent[]> {
  const limit = Math.max(1, Math.min(500, Math.floor(options.limit)));
  const leaseSeconds = Math.max(1, Math.ceil(options.leaseMs / 1000));
  return db.transaction(async (tx) => {
    const due = await tx.query<{ id: string }>(
      `SELECT id FROM outbox
       WHERE delivered_at IS NULL AND available_at <= now()
       ORDER BY available_at, created_at, id
       LIMIT $1
       FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id);
    const rows = await tx.query<OutboxRow>(
      `UPDATE outbox SET available_at = now() + make_interval(secs => $2), attempts = attempts + 1
       WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))
       RETURNING id, shop_id, claim_id, event_name, payload, attempts, created_at`,
      [JSON.stringify(ids), leaseSeconds],
    );
    return rows
      .map((row) => ({
        id: row.id,
        shopId: row.shop_id,
        claimId: row.claim_id,
        eventName: row.event_name,
        payload: row.payload,
        attempts: row.attempts,
        createdAt: new Date(row.created_at),
      }))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  });
}

export async function markOutboxDelivered(db: Database, id: string): Promise<void> {
  await db.query('UPDATE outbox SET delivered_at = now(), last_error = NULL WHERE id = $1', [id]);
}

/** Records a failed attempt; the event becomes due again after `retryInMs` (the caller's back-off). */
export async function markOutboxFailed(db: Database, id: string, error: string, retryInMs: number): Promise<void> {
  await db.query(
    'UPDATE outbox SET last_error = $2, available_at = now() + make_interval(secs => $3) WHERE id = $1 AND delivered_at IS NULL',
    [id, error.slice(0, 2000), Math.max(0, retryInMs / 1000)],
  );
}
