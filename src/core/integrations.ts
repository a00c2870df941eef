import * as z from 'zod/mini';
import { storableString } from './stored-text.js';
import { FLOW_TYPES } from './flows.js';
import { SHIPMENT_PHASES } from './orders.js';
import { RESOLUTION_PREFERENCES } from './resolve-settings.js';

/**
 * Helpdesk integrations as merchants configure them (`/v1/shops/{slug}/integrations/gorgias|dixa`)
 * and the delivery records the API shows for each claim. Secrets go in once and only ever come
 * back as a masked preview; pasted values are trimmed by the server (leading and trailing spaces
 * are the most common cause of failed helpdesk authentication).
 */

// ---------------------------------------------------------------------------------------------
// Secrets

/** `••••1234` for secrets long enough that four characters say nothing; `••••` otherwise. */
export function maskSecret(secret: string | null | undefined): string {
  if (!secret) return '';
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

// ---------------------------------------------------------------------------------------------
// Tags and field mappings shared by both helpdesks

const noControl = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);
export const MAX_TAG_NAME_LENGTH = 64;

export const tagNameSchema = storableString().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(MAX_TAG_NAME_LENGTH),
  // A comma splits a tag into two in both helpdesks' UIs and in CSV exports.
  z.refine((value) => noControl(value) && !value.includes(','), 'must be one line without commas'),
);

const tagGroupSchema = <const K extends readonly [string, ...string[]]>(keys: K) =>
  z.object({
    enabled: z.boolean(),
    /** Per-value tag names; values without one use the default name. */
    names: z.optional(z.partialRecord(z.enum(keys), tagNameSchema)),
  });

/** Which tags a claim gets: one per flow type, resolution preference and shipment phase, plus fixed ones. */
export const helpdeskTagSettingsSchema = z.object({
  flow_type: tagGroupSchema(FLOW_TYPES),
  resolution_preference: tagGroupSchema(RESOLUTION_PREFERENCES),
  shipment_phase: tagGroupSchema(SHIPMENT_PHASES),
  /** Added to every claim, e.g. `resolve`. */
  always: z.array(tagNameSchema).check(z.maxLength(10)),
});
export type HelpdeskTagSettings = z.infer<typeof helpdeskTagSettingsSchema>;

export const DEFAULT_HELPDESK_TAGS: HelpdeskTagSettings = {
  flow_type: { enabled: true },
  resolution_preference: { enabled: true },
  shipment_phase: { enabled: false },
  always: ['resolve'],
};

/** Tag names when a shop has not named them: stable, lower-case, language-neutral. */
export const DEFAULT_TAG_NAMES = {
  flow_type: {
    defective: 'resolve-defective',
    notReceived: 'resolve-not-received',
    return: 'resolve-return',
    missingProduct: 'resolve-missing-product',
    wrongProduct: 'resolve-wrong-product',
    dissatisfied: 'resolve-dissatisfied',
    support: 'resolve-support',
  },
  resolution_preference: { refund: 'wants-refund', reorder: 'wants-replacement' },
  shipment_phase: Object.fromEntries(
    SHIPMENT_PHASES.map((phase) => [phase, `shipment-${phase.replace(/_/g, '-')}`]),
  ) as Record<(typeof SHIPMENT_PHASES)[number], string>,
} as const;

/** Claim facts that can fill a helpdesk custom field / custom attribute. */
export const CLAIM_FIELD_SOURCES = [
  'claim_id',
  'order_number',
  'flow_type',
  'reason',
  'resolution_preference',
  'shipment_phase',
  'carrier',
  'tracking_number',
  'affected_skus',
  'affected_quantity',
  'net_invoice_amount',
  'dropoff_permission',
  'language',
] as const;
export type ClaimFieldSource = (typeof CLAIM_FIELD_SOURCES)[number];
export const claimFieldSourceSchema = z.enum(CLAIM_FIELD_SOURCES);

const distinctBy =
  <T>(key: (item: T) => string | number) =>
  (items: readonly T[]) =>
    new Set(items.map(key)).size === items.length;

export const MAX_FIELD_MAPPINGS = 20;

/** A helpdesk's mappings: at most MAX_FIELD_MAPPINGS, and no remote field mapped twice. */
const mappingList = <T>(mapping: z.ZodMiniType<T>, field: (item: T) => string | number, what: string) =>
  z.array(mapping).check(z.maxLength(MAX_FIELD_MAPPINGS), z.refine(distinctBy(field), `must not map ${what} twice`));

/** A Gorgias ticket custom field (id from `GET /api/custom-fields?object_type=Ticket`) and what fills it. */
export const gorgiasFieldMappingSchema = z.object({
  field_id: z.int().check(z.gte(1)),
  source: claimFieldSourceSchema,
});
export type GorgiasFieldMapping = z.infer<typeof gorgiasFieldMappingSchema>;

/** A Dixa conversation custom attribute (uuid from `GET /v1/custom-attributes`) and what fills it. */
export const dixaAttributeMappingSchema = z.object({
  attribute_id: z.uuid(),
  source: claimFieldSourceSchema,
});
export type DixaAttributeMapping = z.infer<typeof dixaAttributeMappingSchema>;

// ---------------------------------------------------------------------------------------------
// Gorgias

/**
 * `PUT /v1/shops/{slug}/integrations/gorgias`. Strings are checked for length only here; the
 * server normalizes them (trim, trailing slash, https on `*.gorgias.com`) and validates the
 * credentials against Gorgias before storing anything. `api_key` may be omitted to keep the
 * stored key (the merchant only sees its preview).
 */
export const gorgiasSettingsInputSchema = z.object({
  endpoint: storableString().check(z.maxLength(300)),
  email: storableString().check(z.maxLength(320)),
  api_key: z.optional(storableString().check(z.maxLength(512))),
  enabled: z.optional(z.boolean()),
  tags: z.optional(helpdeskTagSettingsSchema),
  custom_fields: z.optional(mappingList(gorgiasFieldMappingSchema, (m) => m.field_id, 'a field')),
});
export type GorgiasSettingsInput = z.infer<typeof gorgiasSettingsInputSchema>;

export const gorgiasSettingsSchema = z.object({
  endpoint: z.string(),
  email: z.string(),
  api_key_preview: z.string(),
  enabled: z.boolean(),
  /** When the credentials last passed verification against Gorgias. */
  verified_at: z.nullable(z.iso.datetime({ offset: true })),
  tags: helpdeskTagSettingsSchema,
  custom_fields: z.array(gorgiasFieldMappingSchema),
});
export type GorgiasSettings = z.infer<typeof gorgiasSettingsSchema>;

const atLeastOneField = z.refine<Record<string, unknown>>(
  (update) => Object.values(update).some((value) => value !== undefined),
  'send at least one field',
);

/** `PATCH /v1/shops/{slug}/integrations/gorgias`: the toggle and the non-secret settings; no re-verification. */
export const gorgiasSettingsPatchSchema = z
  .object({
    enabled: z.optional(z.boolean()),
    tags: z.optional(helpdeskTagSettingsSchema),
    custom_fields: gorgiasSettingsInputSchema.shape.custom_fields,
  })
  .check(atLeastOneField);
export type GorgiasSettingsPatch = z.infer<typeof gorgiasSettingsPatchSchema>;

// ---------------------------------------------------------------------------------------------
// Dixa

/**
 * `PUT /v1/shops/{slug}/integrations/dixa`. Dixa needs an API token only (no email, no
 * subdomain); the email integration ID (a contact-endpoint address such as
 * `support@acme.email.dixa.io`) is required before `enabled` may be true. `default_agent_id`
 * empty or null: Dixa's queues route the conversation.
 */
export const dixaSettingsInputSchema = z.object({
  api_token: z.optional(storableString().check(z.maxLength(2048))),
  email_integration_id: z.optional(z.nullable(storableString().check(z.maxLength(320)))),
  default_agent_id: z.optional(z.nullable(storableString().check(z.maxLength(64)))),
  enabled: z.optional(z.boolean()),
  tags: z.optional(helpdeskTagSettingsSchema),
  custom_attributes: z.optional(mappingList(dixaAttributeMappingSchema, (m) => m.attribute_id, 'an attribute')),
});
export type DixaSettingsInput = z.infer<typeof dixaSettingsInputSchema>;

export const dixaSettingsSchema = z.object({
  api_token_preview: z.string(),
  email_integration_id: z.nullable(z.string()),
  default_agent_id: z.nullable(z.uuid()),
  enabled: z.boolean(),
  verified_at: z.nullable(z.iso.datetime({ offset: true })),
  tags: helpdeskTagSettingsSchema,
  custom_attributes: z.array(dixaAttributeMappingSchema),
});
export type DixaSettings = z.infer<typeof dixaSettingsSchema>;

/**
 * `PATCH /v1/shops/{slug}/integrations/dixa`: `enabled: true` is refused
 * (`dixa_email_integration_required`) until an email integration ID is saved.
 */
export const dixaSettingsPatchSchema = z
  .object({
    enabled: z.optional(z.boolean()),
    tags: z.optional(helpdeskTagSettingsSchema),
    custom_attributes: dixaSettingsInputSchema.shape.custom_attributes,
  })
  .check(atLeastOneField);
export type DixaSettingsPatch = z.infer<typeof dixaSettingsPatchSchema>;

// ---------------------------------------------------------------------------------------------
// Deliveries

/**
 * Stable keys for everything that can go wrong while configuring or delivering; messages for
 * merchants are in `delivery.errors` of every locales/*.json.
 */
export const INTEGRATION_ERROR_KEYS = [
  'gorgias_endpoint_invalid',
  'gorgias_endpoint_not_https',
  'gorgias_endpoint_host',
  'gorgias_endpoint_path',
  'gorgias_email_invalid',
  'gorgias_api_key_missing',
  'gorgias_auth_failed',
  'gorgias_permission_denied',
  'gorgias_account_not_found',
  'dixa_token_missing',
  'dixa_auth_failed',
  'dixa_permission_denied',
  'dixa_email_integration_invalid',
  'dixa_email_integration_not_found',
  'dixa_agent_id_invalid',
  'dixa_attachment_unreachable',
  'dixa_conversation_not_found',
  'helpdesk_rejected',
  'attachment_unavailable',
  'delivery_network_error',
  'delivery_timeout',
  'delivery_rate_limited',
  'delivery_server_error',
  'delivery_unexpected_response',
  'webhook_url_invalid',
  'webhook_http_error',
  // Settings changed after the job was queued: the job is parked until the merchant re-enables.
  'integration_disabled',
  'webhook_inactive',
  'dixa_email_integration_required',
] as const;
export type IntegrationErrorKey = (typeof INTEGRATION_ERROR_KEYS)[number];

export const DELIVERY_TARGETS = ['gorgias', 'dixa', 'webhook'] as const;
export type DeliveryTarget = (typeof DELIVERY_TARGETS)[number];

/**
 * `pending`: due at `next_attempt_at`. `in_progress`: a worker holds its lease (a crashed worker's
 * lease runs out and the job is due again). `delivered`: done. `parked`: gave up (a permanent
 * failure or the last attempt failed); `POST .../deliveries/{id}/retry` queues it again.
 */
export const DELIVERY_STATES = ['pending', 'in_progress', 'delivered', 'parked'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const deliveryErrorSchema = z.object({
  key: z.enum(INTEGRATION_ERROR_KEYS),
  message: z.string(),
  retryable: z.boolean(),
  /** The helpdesk's or receiver's HTTP status, when there was one. */
  status: z.nullable(z.int()),
});
export type DeliveryErrorRecord = z.infer<typeof deliveryErrorSchema>;

/** One claim's delivery to one target (for webhooks: one event to one webhook), as the merchant API lists it. */
export const deliverySchema = z.object({
  id: z.uuid(),
  claim_id: z.uuid(),
  /** The claim event (`ref`) that caused it. */
  event_ref: z.uuid(),
  event_name: z.string(),
  target: z.enum(DELIVERY_TARGETS),
  /** For webhook deliveries: which webhook. */
  webhook_id: z.nullable(z.uuid()),
  state: z.enum(DELIVERY_STATES),
  attempts: z.int().check(z.gte(0)),
  /** Gorgias ticket id / Dixa conversation id once created. */
  remote_id: z.nullable(z.string()),
  remote_url: z.nullable(z.string()),
  last_error: z.nullable(deliveryErrorSchema),
  /** Things that did not stop the delivery (a custom field skipped, a file linked instead of attached). */
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  next_attempt_at: z.nullable(z.iso.datetime({ offset: true })),
  delivered_at: z.nullable(z.iso.datetime({ offset: true })),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** `GET /v1/shops/{slug}/claims/{uuid}/deliveries`, oldest first. */
export const deliveryListSchema = z.object({ data: z.array(deliverySchema) });
export type DeliveryList = z.infer<typeof deliveryListSchema>;
