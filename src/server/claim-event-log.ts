import { randomUUID } from 'node:crypto';
import type { ClaimEvent } from '../core/claim-events.js';
import type { Queryable } from './db/database.js';

/**
 * The claim event log: every claim event (`claims/created`, `claims/updated`) as the documented
 * envelope, written in the transaction of the change it describes, read by the delivery worker
 * when it sends the event to a webhook. The table is called `outbox` (its name from the first
 * schema); nothing leases from it: delivery jobs (delivery-jobs.ts) are what the worker leases,
 * and its `available_at`, `attempts`, `delivered_at` and `last_error` columns stay unused.
 */

/**
 * Records the event and returns the row's own id (what delivery jobs point at): the envelope's
 * `ref` names the kind of event (`claims/created`) and is the same for every claim.
 */
export async function recordClaimEvent(
  tx: Queryable,
  shopId: string,
  claimId: string,
  event: ClaimEvent,
): Promise<string> {
  const id = randomUUID();
  await tx.query('INSERT INTO outbox (id, shop_id, claim_id, event_name, payload) VALUES ($1, $2, $3, $4, $5)', [
    id,
    shopId,
    claimId,
    event.ref,
    JSON.stringify(event),
  ]);
  return id;
}

/** The stored envelope of event `id` (unchecked: the caller parses it), or undefined. */
export async function readClaimEvent(db: Queryable, id: string): Promise<unknown> {
  const [row] = await db.query<{ payload: unknown }>('SELECT payload FROM outbox WHERE id = $1', [id]);
  return row?.payload;
}
