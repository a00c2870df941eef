import * as z from 'zod/mini';
import { FLOW_TYPES } from './flows.js';
import { orderNumberSchema, safeHttpUrlSchema, shipmentPhaseSchema, zipCodeSchema } from './orders.js';
import { flowTypeSchema, resolveSettingsSchema } from './resolve-settings.js';

/**
 * The customer side of the API (`/v1/shops/{slug}/resolve/...`): finding an order, uploading
 * evidence. The browser client parses every answer with these schemas.
 */

/** `POST .../resolve/sessions`: order number + ZIP code, or the token from a merchant's resolve link. */
export const sessionLookupSchema = z.object({
  order_number: orderNumberSchema,
  zip_code: zipCodeSchema,
});
export const sessionTokenRequestSchema = z.object({
  token: z
    .string()
    .check(z.minLength(16), z.maxLength(2048), z.regex(/^[A-Za-z0-9_.-]+$/, 'must be a resolve-link token')),
});
export const sessionRequestSchema = z.union([sessionTokenRequestSchema, sessionLookupSchema]);
export type SessionRequest = z.infer<typeof sessionRequestSchema>;

export const SESSION_AUTH_METHODS = ['lookup', 'token'] as const;

export const sessionItemSchema = z.object({
  sku: z.string(),
  title: z.string(),
  quantity: z.int(),
  net_price: z.nullable(z.number()),
  image_url: z.nullable(safeHttpUrlSchema),
});

export const sessionShipmentSchema = z.object({
  id: z.string(),
  tracking_number: z.nullable(z.string()),
  carrier: z.nullable(z.string()),
  phase: shipmentPhaseSchema,
  tracking_url: z.nullable(safeHttpUrlSchema),
});

export const sessionResponseSchema = z.object({
  /** Send as `Authorization: Bearer <session_token>` to uploads and claims. */
  session_token: z.string(),
  expires_at: z.iso.datetime({ offset: true }),
  auth_method: z.enum(SESSION_AUTH_METHODS),
  shop_slug: z.string(),
  order: z.object({
    order_number: z.string(),
    customer_first_name: z.nullable(z.string()),
    /** `j•••@example.com` */
    masked_email: z.string(),
    currency: z.nullable(z.string()),
    placed_at: z.nullable(z.iso.datetime({ offset: true })),
    items: z.array(sessionItemSchema),
    shipments: z.array(sessionShipmentSchema),
  }),
  /** Flows the customer may start for this order: the shop's enabled flows gated by fulfilment state. */
  available_flows: z.array(flowTypeSchema),
  settings: resolveSettingsSchema,
  /** The largest evidence file the API accepts, in bytes; a client refuses bigger ones before sending. */
  upload_limit_bytes: z.optional(z.int().check(z.gte(1))),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const ALLOWED_UPLOAD_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
] as const;
export type UploadContentType = (typeof ALLOWED_UPLOAD_TYPES)[number];
export const DEFAULT_UPLOAD_LIMIT_BYTES = 15 * 1024 * 1024;

/** `POST .../resolve/uploads` (multipart field `file`). The type comes from the file's bytes. */
export const uploadResponseSchema = z.object({
  id: z.uuid(),
  content_type: z.enum(ALLOWED_UPLOAD_TYPES),
  size: z.int().check(z.gte(1)),
  /** A signed, expiring URL to show the file back to the customer. */
  url: z.optional(z.string()),
});
export type UploadResponse = z.infer<typeof uploadResponseSchema>;

/** `POST /v1/shops/{slug}/orders/{order_number}/resolve-link` (merchant). */
export const resolveLinkRequestSchema = z.object({
  language: z.optional(z.enum(['en', 'de', 'fr', 'es', 'it', 'nl', 'da', 'pl'])),
  /** Lifetime of the link, 1 hour to 90 days; the server's default when absent. */
  expires_in_seconds: z.optional(z.int().check(z.gte(3600), z.lte(90 * 24 * 3600))),
});
export const resolveLinkResponseSchema = z.object({
  url: z.string(),
  token: z.string(),
  expires_at: z.iso.datetime({ offset: true }),
});
export type ResolveLinkResponse = z.infer<typeof resolveLinkResponseSchema>;

export { FLOW_TYPES };
