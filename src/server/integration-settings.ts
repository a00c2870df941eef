import * as z from 'zod/mini';
import {
  DEFAULT_HELPDESK_TAGS,
  dixaAttributeMappingSchema,
  gorgiasFieldMappingSchema,
  helpdeskTagSettingsSchema,
  maskSecret,
  type DixaAttributeMapping,
  type DixaSettings,
  type GorgiasFieldMapping,
  type GorgiasSettings,
  type HelpdeskTagSettings,
} from '../core/integrations.js';
import type { Queryable } from './db/database.js';
import type { SecretKeyring } from './secrets.js';

/**
 * The helpdesk integration settings of a shop (table `integration_settings`, one row per shop and
 * provider). The API key or token is sealed with the keyring before it reaches SQL, bound to its
 * row (`<shop>:gorgias`), so a sealed value copied into another row does not open; answers carry
 * only its preview (`••••3f9a`). The delivery worker opens it when it sends.
 */

export type Provider = 'gorgias' | 'dixa';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

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
  const sealed =
    values.secret === undefined
      ? existing?.secret_sealed
      : await keyring.seal(values.secret, integrationSecretContext(shopId, provider));
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
  patch: {
    enabled?: boolean | undefined;
    tags?: HelpdeskTagSettings | undefined;
    fieldMappings?: readonly (GorgiasFieldMapping | DixaAttributeMapping)[] | undefined;
  },
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
  const rows = await db.query<{ provider: string }>(
    'DELETE FROM integration_settings WHERE shop_id = $1 AND provider = $2 RETURNING provider',
    [shopId, provider],
  );
  return rows.length > 0;
}

/** The providers a shop has switched on: each gets a delivery job for every new claim. */
export async function enabledProviders(db: Queryable, shopId: string): Promise<Provider[]> {
  const rows = await db.query<{ provider: Provider }>(
    'SELECT provider FROM integration_settings WHERE shop_id = $1 AND enabled ORDER BY provider',
    [shopId],
  );
  return rows.map((row) => row.provider);
}
