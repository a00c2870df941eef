import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import {
  activityActorSchema,
  CLAIM_ACTIVITY_KINDS,
  type ActivityActor,
  type ClaimActivityEntry,
  type ClaimActivityKind,
} from '../core/claim-detail.js';
import { INTEGRATION_ERROR_KEYS } from '../core/integrations.js';
import type { Principal } from './auth.js';
import type { Queryable } from './db/database.js';

/**
 * A claim's activity (table `claim_activity`, migration 009): who did what to it and when. Every
 * entry is written in the transaction of the change it records, so the list never claims a change
 * that did not happen nor misses one that did. Delivery outcomes are written by the statements of
 * delivery-jobs.ts that change a job's state (see `deliveryActivityInsert`).
 */

export const CUSTOMER: ActivityActor = { kind: 'customer', email: null };
export const SYSTEM: ActivityActor = { kind: 'system', email: null };

/** The merchant behind a request: a portal user by their email, or a program with the shop's API key. */
export function actorOf(principal: Principal): ActivityActor {
  return principal.kind === 'session'
    ? { kind: 'user', email: principal.user.email }
    : { kind: 'api_key', email: null };
}

export interface ActivityRecord {
  shopId: string;
  claimId: string;
  kind: ClaimActivityKind;
  actor: ActivityActor;
  from?: string | null;
  to?: string | null;
}

/** One entry, in the caller's transaction. */
export async function recordActivity(tx: Queryable, entry: ActivityRecord): Promise<void> {
  await tx.query(
    `INSERT INTO claim_activity (id, shop_id, claim_id, kind, actor, from_value, to_value)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      randomUUID(),
      entry.shopId,
      entry.claimId,
      entry.kind,
      JSON.stringify(entry.actor),
      entry.from == null ? null : JSON.stringify(entry.from),
      entry.to == null ? null : JSON.stringify(entry.to),
    ],
  );
}

/**
 * The tail of a statement that changed delivery jobs: `WITH <cte> AS (UPDATE deliveries …
 * RETURNING DELIVERY_ACTIVITY_COLUMNS)` followed by this inserts one entry per changed job, in the
 * same statement (so in the same transaction as the change). `actor`, `from` and `to` name the
 * caller's numbered parameters (JSON text, `from` may be omitted); `error_code` is the key of the
 * job's `last_error` as the UPDATE left it.
 */
export function deliveryActivityInsert(
  cte: string,
  kind: Extract<ClaimActivityKind, `delivery_${string}`>,
  params: { actor: string; from?: string; to: string },
): string {
  return `INSERT INTO claim_activity (id, shop_id, claim_id, kind, actor, from_value, to_value, delivery)
     SELECT gen_random_uuid(), shop_id, claim_id, '${kind}', ${params.actor}::jsonb, ${params.from ?? 'NULL'}::jsonb, ${params.to}::jsonb,
       jsonb_build_object('id', id, 'target', target, 'webhook_id', webhook_id, 'event_name', event_name,
         'error_code', last_error->>'key')
     FROM ${cte}`;
}

/** What a statement feeding deliveryActivityInsert must return from its UPDATE. */
export const DELIVERY_ACTIVITY_COLUMNS = 'id, shop_id, claim_id, target, webhook_id, event_name, last_error';

interface ActivityRow {
  id: string;
  at: Date | string;
  kind: string;
  actor: unknown;
  from_value: unknown;
  to_value: unknown;
  delivery: unknown;
}

const storedDeliverySchema = z.object({
  id: z.string(),
  target: z.string(),
  webhook_id: z.nullable(z.string()),
  event_name: z.string(),
  error_code: z.nullable(z.string()),
});

const asText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The claim's entries, oldest first (entries of one transaction in the order they were written). */
export async function listClaimActivity(db: Queryable, shopId: string, claimId: string): Promise<ClaimActivityEntry[]> {
  const rows = await db.query<ActivityRow>(
    `SELECT id, at, kind, actor, from_value, to_value, delivery FROM claim_activity
     WHERE shop_id = $1 AND claim_id = $2 ORDER BY at, seq`,
    [shopId, claimId],
  );
  return rows.flatMap((row) => {
    const kind = CLAIM_ACTIVITY_KINDS.find((known) => known === row.kind);
    if (!kind) return [];
    const actor = z.safeParse(activityActorSchema, row.actor);
    const delivery = z.safeParse(storedDeliverySchema, row.delivery);
    const errorCode = delivery.success
      ? INTEGRATION_ERROR_KEYS.find((key) => key === delivery.data.error_code)
      : undefined;
    return [
      {
        id: row.id,
        kind,
        at: new Date(row.at).toISOString(),
        actor: actor.success ? actor.data : SYSTEM,
        from: asText(row.from_value),
        to: asText(row.to_value),
        delivery: delivery.success
          ? {
              id: delivery.data.id,
              target:
                delivery.data.target === 'gorgias' || delivery.data.target === 'dixa'
                  ? delivery.data.target
                  : 'webhook',
              webhook_id: delivery.data.webhook_id,
              event_name: delivery.data.event_name,
              error_code: kind === 'delivery_parked' ? (errorCode ?? null) : null,
            }
          : null,
      },
    ];
  });
}
