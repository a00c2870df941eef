import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { ClaimEventName } from '../core/claim-events.js';
import {
  deliveryErrorSchema,
  type Delivery,
  type DeliveryErrorRecord,
  type DeliveryState,
} from '../core/integrations.js';
import { DELIVERY_ACTIVITY_COLUMNS, deliveryActivityInsert, SYSTEM } from './claim-activity.js';
import type { ActivityActor } from '../core/claim-detail.js';
import type { Database, Queryable } from './db/database.js';
import { enabledProviders } from './integration-settings.js';
import type { Shop } from './shops.js';
import { subscribedWebhooks } from './webhook-store.js';

/**
 * Delivery jobs (table `deliveries`): one claim event for one target — a helpdesk (`gorgias`,
 * `dixa`) or a webhook (`webhook:<id>`). Written in the transaction of the claim change, leased
 * and updated by the delivery worker (delivery/worker.ts), shown to merchants as `Delivery`
 * records and re-queued by their retry.
 */

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * Queues the jobs for one claim event, inside the transaction that wrote the claim (or its status
 * change) and the event: `claims/created` goes to every enabled helpdesk, and every event to
 * every active webhook subscribed to it. Returns how many jobs were queued.
 */
export async function queueDeliveryJobs(
  tx: Queryable,
  shop: Shop,
  claimId: string,
  eventRef: string,
  eventName: ClaimEventName,
): Promise<number> {
  const targets: { target: string; webhookId: string | null }[] = [];
  if (eventName === 'claims/created') {
    for (const provider of await enabledProviders(tx, shop.id)) targets.push({ target: provider, webhookId: null });
  }
  for (const webhookId of await subscribedWebhooks(tx, shop.id, eventName))
    targets.push({ target: `webhook:${webhookId}`, webhookId });
  for (const { target, webhookId } of targets) {
    await tx.query(
      `INSERT INTO deliveries (id, shop_id, claim_id, event_ref, event_name, target, webhook_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [randomUUID(), shop.id, claimId, eventRef, eventName, target, webhookId],
    );
  }
  return targets.length;
}

export interface DeliveryRow {
  id: string;
  shop_id: string;
  claim_id: string;
  event_ref: string;
  event_name: string;
  target: string;
  webhook_id: string | null;
  state: DeliveryState;
  attempts: number;
  attempts_at_requeue: number;
  next_attempt_at: Date | string;
  lease_token: string | null;
  last_error: unknown;
  remote_id: string | null;
  remote_url: string | null;
  progress: unknown;
  warnings: unknown;
  delivered_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export const DELIVERY_COLUMNS =
  'id, shop_id, claim_id, event_ref, event_name, target, webhook_id, state, attempts, attempts_at_requeue, next_attempt_at, lease_token, last_error, remote_id, remote_url, progress, warnings, delivered_at, created_at, updated_at';

export function deliveryView(row: DeliveryRow): Delivery {
  const lastError = z.safeParse(deliveryErrorSchema, row.last_error);
  const warnings = z.safeParse(z.array(z.object({ code: z.string(), message: z.string() })), row.warnings);
  const target = row.target === 'gorgias' || row.target === 'dixa' ? row.target : 'webhook';
  return {
    id: row.id,
    claim_id: row.claim_id,
    event_ref: row.event_ref,
    event_name: row.event_name,
    target,
    webhook_id: row.webhook_id,
    state: row.state,
    attempts: row.attempts,
    remote_id: row.remote_id,
    remote_url: row.remote_url,
    last_error: lastError.success ? lastError.data : null,
    warnings: warnings.success ? warnings.data : [],
    next_attempt_at: row.state === 'delivered' || row.state === 'parked' ? null : iso(row.next_attempt_at),
    delivered_at: iso(row.delivered_at),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export async function listClaimDeliveries(db: Queryable, shopId: string, claimId: string): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE shop_id = $1 AND claim_id = $2 ORDER BY created_at, target`,
    [shopId, claimId],
  );
}

export type RequeueResult =
  { ok: true; row: DeliveryRow } | { ok: false; reason: 'not_found' | 'delivered' | 'in_progress' };

/**
 * A merchant's retry: a parked job (or one waiting for its next attempt) is due now with a fresh
 * retry budget. Its progress stays: a ticket that an earlier attempt may have created is still
 * looked up before anything is created. A job a worker holds right now is left alone. The retry
 * is listed in the claim's activity with who asked and the state it came from.
 */
export async function requeueDelivery(
  db: Database,
  shopId: string,
  claimId: string,
  id: string,
  actor: ActivityActor,
): Promise<RequeueResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ state: DeliveryState }>(
      'SELECT state FROM deliveries WHERE shop_id = $1 AND claim_id = $2 AND id = $3 FOR UPDATE',
      [shopId, claimId, id],
    );
    if (!current) return { ok: false, reason: 'not_found' };
    const [row] = await tx.query<DeliveryRow>(
      `UPDATE deliveries SET state = 'pending', next_attempt_at = now(), attempts_at_requeue = attempts, lease_token = NULL, updated_at = now()
       WHERE shop_id = $1 AND claim_id = $2 AND id = $3
         AND (state IN ('pending', 'parked') OR (state = 'in_progress' AND next_attempt_at <= now()))
       RETURNING ${DELIVERY_COLUMNS}`,
      [shopId, claimId, id],
    );
    if (!row) return { ok: false, reason: current.state === 'delivered' ? 'delivered' : 'in_progress' };
    await tx.query(
      `WITH retried AS (SELECT ${DELIVERY_ACTIVITY_COLUMNS} FROM deliveries WHERE id = $1)
       ${deliveryActivityInsert('retried', 'delivery_retried', { actor: '$2', from: '$3', to: '$4' })}`,
      [id, JSON.stringify(actor), JSON.stringify(current.state), JSON.stringify('pending')],
    );
    return { ok: true, row };
  });
}

export type { DeliveryErrorRecord };

// The worker's side. Every write after the lease carries the lease token: a worker whose lease
// ran out (another one took the job over) changes nothing.

/**
 * Leases up to `limit` due jobs for `leaseMs` (`FOR UPDATE SKIP LOCKED`: several processes on one
 * PostgreSQL take disjoint jobs), counting the attempt. `except` are jobs the caller is still
 * attempting: never handed to it twice, even when their lease ran out.
 */
export async function leaseDueJobs(
  db: Database,
  options: { limit: number; leaseMs: number; token: string; except?: readonly string[] },
): Promise<DeliveryRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx.query<{ id: string }>(
      `SELECT id FROM deliveries
       WHERE state IN ('pending', 'in_progress') AND next_attempt_at <= now() AND NOT (id = ANY($2::uuid[]))
       ORDER BY next_attempt_at, created_at, id
       LIMIT $1
       FOR UPDATE SKIP LOCKED`,
      [options.limit, [...(options.except ?? [])]],
    );
    if (due.length === 0) return [];
    return tx.query<DeliveryRow>(
      `UPDATE deliveries SET state = 'in_progress', lease_token = $2, attempts = attempts + 1,
         next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
       WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))
       RETURNING ${DELIVERY_COLUMNS}`,
      [JSON.stringify(due.map((row) => row.id)), options.token, options.leaseMs / 1000],
    );
  });
}

/** Saves the connector's progress and renews the lease; false when the lease was lost. */
export async function saveJobProgress(
  db: Queryable,
  id: string,
  token: string,
  progress: unknown,
  leaseMs: number,
): Promise<boolean> {
  const saved = await db.query<{ id: string }>(
    `UPDATE deliveries SET progress = $3, next_attempt_at = now() + make_interval(secs => $4), updated_at = now()
     WHERE id = $1 AND lease_token = $2 RETURNING id`,
    [id, token, JSON.stringify(progress), leaseMs / 1000],
  );
  return saved.length > 0;
}

/** Records success, and lists it in the claim's activity; false when the lease was lost meanwhile (nothing recorded). */
export async function markJobDelivered(
  db: Queryable,
  id: string,
  token: string,
  result: { remoteId: string; remoteUrl: string | null; progress: unknown; warnings: unknown },
): Promise<boolean> {
  const done = await db.query<{ id: string }>(
    `WITH done AS (
       UPDATE deliveries SET state = 'delivered', remote_id = $3, remote_url = $4, progress = $5, warnings = $6,
         last_error = NULL, delivered_at = now(), lease_token = NULL, updated_at = now()
       WHERE id = $1 AND lease_token = $2 RETURNING ${DELIVERY_ACTIVITY_COLUMNS})
     ${deliveryActivityInsert('done', 'delivery_succeeded', { actor: '$7', to: '$8' })}
     RETURNING id`,
    [
      id,
      token,
      result.remoteId || null,
      result.remoteUrl,
      JSON.stringify(result.progress),
      JSON.stringify(result.warnings),
      JSON.stringify(SYSTEM),
      JSON.stringify('delivered'),
    ],
  );
  return done.length > 0;
}

/** A shutdown cut the attempt short: due again at once, and the cut attempt does not count. */
export async function releaseInterruptedJob(db: Queryable, id: string, token: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET state = 'pending', attempts = greatest(attempts - 1, 0), next_attempt_at = now(), lease_token = NULL, updated_at = now()
     WHERE id = $1 AND lease_token = $2`,
    [id, token],
  );
}

/** The attempt failed and another one follows after `delayMs`. */
export async function scheduleJobRetry(
  db: Queryable,
  id: string,
  token: string,
  error: DeliveryErrorRecord,
  delayMs: number,
): Promise<void> {
  await db.query(
    `UPDATE deliveries SET state = 'pending', last_error = $3, next_attempt_at = now() + make_interval(secs => $4), lease_token = NULL, updated_at = now()
     WHERE id = $1 AND lease_token = $2`,
    [id, token, JSON.stringify(error), delayMs / 1000],
  );
}

/** No more attempts until a merchant retries: the error stays for them to read, and the claim's activity says so. */
export async function parkJob(db: Queryable, id: string, token: string, error: DeliveryErrorRecord): Promise<void> {
  await db.query(
    `WITH parked AS (
       UPDATE deliveries SET state = 'parked', last_error = $3, lease_token = NULL, updated_at = now()
       WHERE id = $1 AND lease_token = $2 RETURNING ${DELIVERY_ACTIVITY_COLUMNS})
     ${deliveryActivityInsert('parked', 'delivery_parked', { actor: '$4', to: '$5' })}`,
    [id, token, JSON.stringify(error), JSON.stringify(SYSTEM), JSON.stringify('parked')],
  );
}
