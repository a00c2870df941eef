import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { ClaimEventName } from '../core/claim-events.js';
import {
  DEFAULT_HELPDESK_TAGS,
  deliveryErrorSchema,
  dixaAttributeMappingSchema,
  gorgiasFieldMappingSchema,
  helpdeskTagSettingsSchema,
  maskSecret,
  type Delivery,
  type DeliveryErrorRecord,
  type DeliveryState,
  type DixaAttributeMapping,
  type DixaSettings,
  type GorgiasFieldMapping,
  type GorgiasSettings,
  type HelpdeskTagSettings,
} from '../core/integrations.js';
import { webhookWantsEvent, WEBHOOK_EVENT_FILTERS, type Webhook, type WebhookEventFilter, type WebhookStatus } from '../core/webhooks.js';
import type { Queryable } from './db/database.js';
import type { SecretKeyring } from './secrets.js';
import type { Shop } from './shops.js';

/**
 * Storage of helpdesk integration settings, merchant webhooks and delivery jobs. Secrets are sealed
 * with the keyring before they reach SQL and opened only by the worker when it sends; answers carry
 * previews (`••••3f9a`). Sealed values are bound to their row (`<shop>:gorgias`, `webhook:<id>`),
 * so a sealed value copied into another row does not open.
 */

export type Provider = 'gorgias' | 'dixa';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

// ---------------------------------------------------------------------------------------------
// Integration settings

interface IntegrationRow {
  shop_id: string;
  provider: Provider;
  enabled: boolean;
  config: Record<string, unknown>;
  secret_sealed: string;
  secret_preview: string;
  tags: unknown;
  field_mappings: unknown;
  verified_at: Date | string | null;
}

export interface StoredGorgias {
  enabled: boolean;
  endpoint: string;
  email: string;
  sealedKey: string;
  keyPreview: string;
  tags: HelpdeskTagSettings;
  customFields: GorgiasFieldMapping[];
  verifiedAt: string | null;
}

export interface StoredDixa {
  enabled: boolean;
  emailIntegrationId: string | null;
  defaultAgentId: string | null;
  sealedToken: string;
  tokenPreview: string;
  tags: HelpdeskTagSettings;
  customAttributes: DixaAttributeMapping[];
  verifiedAt: string | null;
}

/** The context a provider's secret is sealed with: it only opens in its own row. */
export const integrationSecretContext = (shopId: string, provider: Provider) => `${shopId}:${provider}`;

function parseTags(value: unknown): HelpdeskTagSettings {
  const parsed = z.safeParse(helpdeskTagSettingsSchema, value);
  return parsed.success ? parsed.data : DEFAULT_HELPDESK_TAGS;
}

function parseList<T>(schema: z.ZodMiniType<T>, value: unknown): T[] {
  const parsed = z.safeParse(z.array(schema), value);
  return parsed.success ? parsed.data : [];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

async function readRow(db: Queryable, shopId: string, provider: Provider): Promise<IntegrationRow | undefined> {
  const [row] = await db.query<IntegrationRow>(
    `SELECT shop_id, provider, enabled, config, secret_sealed, secret_preview, tags, field_mappings, verified_at
     FROM integration_settings WHERE shop_id = $1 AND provider = $2`,
    [shopId, provider],
  );
  return row;
}

export async function readGorgias(db: Queryable, shopId: string): Promise<StoredGorgias | undefined> {
  const row = await readRow(db, shopId, 'gorgias');
  if (!row) return undefined;
  return {
    enabled: row.enabled,
    endpoint: text(row.config.endpoint) ?? '',
    email: text(row.config.email) ?? '',
    sealedKey: row.secret_sealed,
    keyPreview: row.secret_preview,
    tags: parseTags(row.tags),
    customFields: parseList(gorgiasFieldMappingSchema, row.field_mappings),
    verifiedAt: iso(row.verified_at),
  };
}

export async function readDixa(db: Queryable, shopId: string): Promise<StoredDixa | undefined> {
  const row = await readRow(db, shopId, 'dixa');
  if (!row) return undefined;
  return {
    enabled: row.enabled,
    emailIntegrationId: text(row.config.email_integration_id),
    defaultAgentId: text(row.config.default_agent_id),
    sealedToken: row.secret_sealed,
    tokenPreview: row.secret_preview,
    tags: parseTags(row.tags),
    customAttributes: parseList(dixaAttributeMappingSchema, row.field_mappings),
    verifiedAt: iso(row.verified_at),
  };
}

export function gorgiasView(stored: StoredGorgias): GorgiasSettings {
  return {
    endpoint: stored.endpoint,
    email: stored.email,
    api_key_preview: stored.keyPreview,
    enabled: stored.enabled,
    verified_at: stored.verifiedAt,
    tags: stored.tags,
    custom_fields: stored.customFields,
  };
}

export function dixaView(stored: StoredDixa): DixaSettings {
  return {
    api_token_preview: stored.tokenPreview,
    email_integration_id: stored.emailIntegrationId,
    default_agent_id: stored.defaultAgentId,
    enabled: stored.enabled,
    verified_at: stored.verifiedAt,
    tags: stored.tags,
    custom_attributes: stored.customAttributes,
  };
}

/**
 * Saves verified settings. `secret` is the plaintext when the merchant sent a new one (sealed
 * here), or undefined to keep the stored one. `verified` stamps verified_at.
 */
export async function writeIntegration(
  db: Queryable,
  keyring: SecretKeyring,
  shopId: string,
  provider: Provider,
  values: {
    enabled: boolean;
    config: Record<string, string | null>;
    secret: string | undefined;
    tags: HelpdeskTagSettings;
    fieldMappings: readonly (GorgiasFieldMapping | DixaAttributeMapping)[];
    verified: boolean;
  },
): Promise<void> {
  const existing = await readRow(db, shopId, provider);
  const sealed = values.secret === undefined ? existing?.secret_sealed : await keyring.seal(values.secret, integrationSecretContext(shopId, provider));
  const preview = values.secret === undefined ? existing?.secret_preview : maskSecret(values.secret);
  if (sealed === undefined || preview === undefined) throw new Error(`no ${provider} secret to keep`);
  await db.query(
    `INSERT INTO integration_settings (shop_id, provider, enabled, config, secret_sealed, secret_preview, tags, field_mappings, verified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::boolean THEN now() ELSE NULL END)
     ON CONFLICT (shop_id, provider) DO UPDATE SET
       enabled = EXCLUDED.enabled, config = EXCLUDED.config, secret_sealed = EXCLUDED.secret_sealed,
       secret_preview = EXCLUDED.secret_preview, tags = EXCLUDED.tags, field_mappings = EXCLUDED.field_mappings,
       verified_at = CASE WHEN $9::boolean THEN now() ELSE integration_settings.verified_at END, updated_at = now()`,
    [
      shopId,
      provider,
      values.enabled,
      JSON.stringify(values.config),
      sealed,
      preview,
      JSON.stringify(values.tags),
      JSON.stringify(values.fieldMappings),
      values.verified,
    ],
  );
}

/** The toggle and non-secret settings; nothing is re-verified. */
export async function patchIntegration(
  db: Queryable,
  shopId: string,
  provider: Provider,
  patch: { enabled?: boolean | undefined; tags?: HelpdeskTagSettings | undefined; fieldMappings?: readonly (GorgiasFieldMapping | DixaAttributeMapping)[] | undefined },
): Promise<void> {
  await db.query(
    `UPDATE integration_settings SET
       enabled = COALESCE($3, enabled),
       tags = COALESCE($4::jsonb, tags),
       field_mappings = COALESCE($5::jsonb, field_mappings),
       updated_at = now()
     WHERE shop_id = $1 AND provider = $2`,
    [
      shopId,
      provider,
      patch.enabled ?? null,
      patch.tags === undefined ? null : JSON.stringify(patch.tags),
      patch.fieldMappings === undefined ? null : JSON.stringify(patch.fieldMappings),
    ],
  );
}

export async function deleteIntegration(db: Queryable, shopId: string, provider: Provider): Promise<boolean> {
  const rows = await db.query<{ provider: string }>('DELETE FROM integration_settings WHERE shop_id = $1 AND provider = $2 RETURNING provider', [shopId, provider]);
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Webhooks

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

const WEBHOOK_COLUMNS = 'id, shop_id, url, description, enabled_events, status, secret_sealed, secret_preview, created_at, updated_at';
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
  values: { url: string; description: string | null; enabledEvents: WebhookEventFilter[]; status: WebhookStatus; secret: string },
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
  const [row] = await db.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE shop_id = $1 AND id = $2`, [shopId, id]);
  return row;
}

export async function listWebhooks(db: Queryable, shopId: string, page: number, perPage: number): Promise<{ rows: WebhookRow[]; total: number }> {
  const [count] = await db.query<{ total: string | number }>('SELECT count(*) AS total FROM webhooks WHERE shop_id = $1', [shopId]);
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
  const rows = await db.query<{ id: string }>('DELETE FROM webhooks WHERE shop_id = $1 AND id = $2 RETURNING id', [shopId, id]);
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Delivery jobs

/**
 * Queues the jobs for one claim event, inside the transaction that wrote the claim (or its status
 * change) and the outbox row: `claims/created` goes to every enabled helpdesk, and every event to
 * every active webhook subscribed to it. Returns how many jobs were queued.
 */
export async function enqueueDeliveries(tx: Queryable, shop: Shop, claimId: string, eventRef: string, eventName: ClaimEventName): Promise<number> {
  const targets: { target: string; webhookId: string | null }[] = [];
  if (eventName === 'claims/created') {
    const helpdesks = await tx.query<{ provider: Provider }>(
      'SELECT provider FROM integration_settings WHERE shop_id = $1 AND enabled ORDER BY provider',
      [shop.id],
    );
    for (const { provider } of helpdesks) targets.push({ target: provider, webhookId: null });
  }
  const webhooks = await tx.query<{ id: string; enabled_events: unknown }>(
    "SELECT id, enabled_events FROM webhooks WHERE shop_id = $1 AND status = 'active' ORDER BY created_at, id",
    [shop.id],
  );
  for (const webhook of webhooks) {
    if (webhookWantsEvent(webhookEvents(webhook.enabled_events), eventName)) targets.push({ target: `webhook:${webhook.id}`, webhookId: webhook.id });
  }
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

export type RequeueResult = { ok: true; row: DeliveryRow } | { ok: false; reason: 'not_found' | 'delivered' | 'in_progress' };

/**
 * A merchant's retry: a parked job (or one waiting for its next attempt) is due now with a fresh
 * retry budget. Its progress stays: a ticket that an earlier attempt may have created is still
 * looked up before anything is created. A job a worker holds right now is left alone.
 */
export async function requeueDelivery(db: Queryable, shopId: string, claimId: string, id: string): Promise<RequeueResult> {
  const [row] = await db.query<DeliveryRow>(
    `UPDATE deliveries SET state = 'pending', next_attempt_at = now(), attempts_at_requeue = attempts, lease_token = NULL, updated_at = now()
     WHERE shop_id = $1 AND claim_id = $2 AND id = $3
       AND (state IN ('pending', 'parked') OR (state = 'in_progress' AND next_attempt_at <= now()))
     RETURNING ${DELIVERY_COLUMNS}`,
    [shopId, claimId, id],
  );
  if (row) return { ok: true, row };
  const [current] = await db.query<{ state: DeliveryState }>('SELECT state FROM deliveries WHERE shop_id = $1 AND claim_id = $2 AND id = $3', [shopId, claimId, id]);
  if (!current) return { ok: false, reason: 'not_found' };
  return { ok: false, reason: current.state === 'delivered' ? 'delivered' : 'in_progress' };
}

export type { DeliveryErrorRecord };
