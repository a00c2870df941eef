import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { ClaimEventName } from '../core/claim-events.js';
import { maskSecret } from '../core/integrations.js';
import {
  webhookWantsEvent,
  WEBHOOK_EVENT_FILTERS,
  type Webhook,
  type WebhookEventFilter,
  type WebhookStatus,
} from '../core/webhooks.js';
import type { Queryable } from './db/database.js';
import type { SecretKeyring } from './secrets.js';

/**
 * Merchant webhooks (table `webhooks`). The signing secret is sealed with the keyring bound to its
 * row (`webhook:<id>`) and shown only once, in the answer that created or replaced it; every other
 * answer carries its preview. The delivery worker opens it when it signs.
 */

export interface WebhookRow {
  id: string;
  shop_id: string;
  url: string;
  description: string | null;
  enabled_events: unknown;
  status: WebhookStatus;
  secret_sealed: string;
  secret_preview: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const WEBHOOK_COLUMNS =
  'id, shop_id, url, description, enabled_events, status, secret_sealed, secret_preview, created_at, updated_at';
export const webhookSecretContext = (webhookId: string) => `webhook:${webhookId}`;

function webhookEvents(value: unknown): WebhookEventFilter[] {
  const parsed = z.safeParse(z.array(z.enum(WEBHOOK_EVENT_FILTERS)), value);
  return parsed.success ? parsed.data : [];
}

export function webhookView(row: WebhookRow): Webhook {
  return {
    uuid: row.id,
    url: row.url,
    description: row.description ?? null,
    enabled_events: webhookEvents(row.enabled_events),
    status: row.status,
    secret_preview: row.secret_preview,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export async function createWebhook(
  db: Queryable,
  keyring: SecretKeyring,
  shopId: string,
  values: {
    url: string;
    description: string | null;
    enabledEvents: WebhookEventFilter[];
    status: WebhookStatus;
    secret: string;
  },
): Promise<WebhookRow> {
  const id = randomUUID();
  const [row] = await db.query<WebhookRow>(
    `INSERT INTO webhooks (id, shop_id, url, enabled_events, status, secret_sealed, secret_preview, description)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${WEBHOOK_COLUMNS}`,
    [
      id,
      shopId,
      values.url,
      JSON.stringify(values.enabledEvents),
      values.status,
      await keyring.seal(values.secret, webhookSecretContext(id)),
      maskSecret(values.secret),
      values.description,
    ],
  );
  if (!row) throw new Error('webhook insert returned nothing');
  return row;
}

export async function findWebhook(db: Queryable, shopId: string, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE shop_id = $1 AND id = $2`, [
    shopId,
    id,
  ]);
  return row;
}

export async function listWebhooks(
  db: Queryable,
  shopId: string,
  page: number,
  perPage: number,
): Promise<{ rows: WebhookRow[]; total: number }> {
  const [count] = await db.query<{ total: string | number }>(
    'SELECT count(*) AS total FROM webhooks WHERE shop_id = $1',
    [shopId],
  );
  const rows = await db.query<WebhookRow>(
    `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE shop_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
    [shopId, perPage, (page - 1) * perPage],
  );
  return { rows, total: Number(count?.total ?? 0) };
}

export async function updateWebhook(
  db: Queryable,
  keyring: SecretKeyring,
  shopId: string,
  id: string,
  update: {
    url?: string | undefined;
    /** undefined keeps it, null clears it. */
    description?: string | null | undefined;
    enabledEvents?: WebhookEventFilter[] | undefined;
    status?: WebhookStatus | undefined;
    secret?: string | undefined;
  },
): Promise<WebhookRow | undefined> {
  const sealed = update.secret === undefined ? null : await keyring.seal(update.secret, webhookSecretContext(id));
  const [row] = await db.query<WebhookRow>(
    `UPDATE webhooks SET
       url = COALESCE($3, url),
       enabled_events = COALESCE($4::jsonb, enabled_events),
       status = COALESCE($5, status),
       secret_sealed = COALESCE($6, secret_sealed),
       secret_preview = COALESCE($7, secret_preview),
       description = CASE WHEN $8::boolean THEN $9 ELSE description END,
       updated_at = now()
     WHERE shop_id = $1 AND id = $2 RETURNING ${WEBHOOK_COLUMNS}`,
    [
      shopId,
      id,
      update.url ?? null,
      update.enabledEvents === undefined ? null : JSON.stringify(update.enabledEvents),
      update.status ?? null,
      sealed,
      update.secret === undefined ? null : maskSecret(update.secret),
      update.description !== undefined,
      update.description ?? null,
    ],
  );
  return row;
}

export async function deleteWebhook(db: Queryable, shopId: string, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>('DELETE FROM webhooks WHERE shop_id = $1 AND id = $2 RETURNING id', [
    shopId,
    id,
  ]);
  return rows.length > 0;
}

/** The active webhooks of a shop subscribed to `eventName`, oldest first. */
export async function subscribedWebhooks(db: Queryable, shopId: string, eventName: ClaimEventName): Promise<string[]> {
  const rows = await db.query<{ id: string; enabled_events: unknown }>(
    "SELECT id, enabled_events FROM webhooks WHERE shop_id = $1 AND status = 'active' ORDER BY created_at, id",
    [shopId],
  );
  return rows.filter((row) => webhookWantsEvent(webhookEvents(row.enabled_events), eventName)).map((row) => row.id);
}
