import * as z from 'zod/mini';
import { claimReasonSchema, claimStatusSchema } from './claims.js';
import { languageSchema } from './embed-config.js';
import { DELIVERY_STATES, DELIVERY_TARGETS, INTEGRATION_ERROR_KEYS } from './integrations.js';
import { addressSchema, shipmentPhaseSchema } from './orders.js';
import { flowTypeSchema, resolutionPreferenceSchema } from './resolve-settings.js';

/**
 * The merchant portal's claim detail (merchant routes, API key or a shop member's session):
 *
 * - `GET /v1/shops/{slug}/claims/{uuid}/detail` → `ClaimDetail`: everything the customer gave, with
 *   signed, expiring file URLs, and the order and shipment the claim is about;
 * - `GET /v1/shops/{slug}/claims/{uuid}/activity` → `{data: ClaimActivityEntry[]}`, oldest first;
 * - `GET /v1/shops/{slug}/claims/{uuid}/detail/deliveries` → `{data: ClaimDeliveryView[]}`: each
 *   delivery job with a label for its target, a link to the ticket / conversation and whether the
 *   merchant may retry it (`POST …/claims/{uuid}/deliveries/{id}/retry`).
 *
 * Changes still go through `PUT /v1/shops/{slug}/claims/{uuid}` (`claimUpdateSchema`).
 */

const timestamp = z.iso.datetime({ offset: true });
const nullableString = z.nullable(z.string());

/** How long the file URLs of a detail answer stay valid; the portal fetches the detail again after that. */
export const DETAIL_FILE_URL_TTL_SECONDS = 60 * 60;

/**
 * One stored file (a photo, the package photo, the drawn signature, a PDF), served only through
 * signed URLs that expire at `expires_at`. There is no resizing: `thumbnail_url` is the same file
 * (with a `variant=thumbnail` hint the server ignores today), the portal scales it down.
 */
export const claimFileSchema = z.object({
  id: z.uuid(),
  /** As detected from the bytes at upload: `image/jpeg`, `image/png`, `image/webp`, `image/heic`, `application/pdf`. */
  content_type: z.string(),
  size: z.int(),
  /** Full size (open in a new tab). */
  url: z.string(),
  thumbnail_url: z.string(),
  expires_at: timestamp,
});
export type ClaimFile = z.infer<typeof claimFileSchema>;

export const claimDetailItemSchema = z.object({
  sku: z.string(),
  /** From the order; the SKU when the order no longer lists it. */
  title: z.string(),
  quantity: z.int(),
  /** How many the order has (null when the order no longer lists the SKU). */
  ordered_quantity: z.nullable(z.int()),
  net_price: z.nullable(z.number()),
  /** The product image from the order (the shop's URL, not signed). */
  product_image_url: nullableString,
  /** The customer's photos of this item. */
  photos: z.array(claimFileSchema),
});
export type ClaimDetailItem = z.infer<typeof claimDetailItemSchema>;

/** A shipment of the order, with the carrier's tracking link when the order gave one. */
export const claimShipmentSchema = z.object({
  id: z.string(),
  carrier: nullableString,
  tracking_number: nullableString,
  tracking_url: nullableString,
  phase: shipmentPhaseSchema,
  scan_date: z.nullable(timestamp),
  weight_kg: z.nullable(z.number()),
});
export type ClaimShipment = z.infer<typeof claimShipmentSchema>;

export const claimDetailSchema = z.object({
  uuid: z.uuid(),
  /** What the customer saw on the confirmation (`D3B07384`), see claim-reference.ts. */
  reference: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  status: claimStatusSchema,
  resolution_preference: resolutionPreferenceSchema,
  flow_type: flowTypeSchema,
  reason: claimReasonSchema,
  /** The language the customer used in the flow. */
  language: languageSchema,
  description: nullableString,
  /** Not-received flow: may the carrier leave the parcel without a signature? null when not asked. */
  dropoff_permission: z.nullable(z.boolean()),
  items: z.array(claimDetailItemSchema),
  /** Photos for the claim as a whole (not tied to an item). */
  photos: z.array(claimFileSchema),
  /** Photos of the whole package. */
  package_photos: z.array(claimFileSchema),
  /** The signature the customer drew (not-received flow). */
  signature: z.nullable(claimFileSchema),
  /** When every file URL of this answer stops working. */
  files_expire_at: timestamp,
  order: z.object({
    id: z.uuid(),
    order_number: z.string(),
    external_id: nullableString,
    placed_at: z.nullable(timestamp),
    currency: nullableString,
    /** Σ net_price × quantity over the selected items. */
    net_invoice_amount: z.nullable(z.number()),
    customer: z.object({ name: z.string(), email: z.string() }),
    address: addressSchema,
  }),
  /** The shipment the customer picked, else the order's first; null for an order without shipments. */
  shipment: z.nullable(claimShipmentSchema),
  /** Every shipment of the order. */
  shipments: z.array(claimShipmentSchema),
});
export type ClaimDetail = z.infer<typeof claimDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Activity

/**
 * What happened to a claim, in order. `created`: the customer submitted it. `status_changed` /
 * `preference_changed`: a merchant changed it (`from` → `to` are claim statuses / resolution
 * preferences). `delivery_succeeded`: a ticket, conversation or webhook delivery went through
 * (`to` = `delivered`). `delivery_parked`: the worker gave up until a retry (`to` = `parked`,
 * `delivery.error_code` says why). `delivery_retried`: a merchant retried (`from` = the job's state
 * before, `to` = `pending`). Failed attempts that will be retried anyway are not listed.
 */
export const CLAIM_ACTIVITY_KINDS = [
  'created',
  'status_changed',
  'preference_changed',
  'delivery_succeeded',
  'delivery_parked',
  'delivery_retried',
] as const;
export type ClaimActivityKind = (typeof CLAIM_ACTIVITY_KINDS)[number];

export const ACTOR_KINDS = ['customer', 'user', 'api_key', 'system'] as const;

/**
 * Who did it: the customer (through the Resolve flow), a portal user (their email), a program
 * with the shop's API key, or the system (the delivery worker). `email` only for `user`.
 */
export const activityActorSchema = z.object({
  kind: z.enum(ACTOR_KINDS),
  email: nullableString,
});
export type ActivityActor = z.infer<typeof activityActorSchema>;

export const claimActivityEntrySchema = z.object({
  id: z.uuid(),
  kind: z.enum(CLAIM_ACTIVITY_KINDS),
  at: timestamp,
  actor: activityActorSchema,
  from: nullableString,
  to: nullableString,
  /** For the delivery_* kinds: which job. */
  delivery: z.nullable(
    z.object({
      id: z.uuid(),
      target: z.enum(DELIVERY_TARGETS),
      webhook_id: z.nullable(z.uuid()),
      event_name: z.string(),
      /** For delivery_parked: why (one of INTEGRATION_ERROR_KEYS). */
      error_code: z.nullable(z.enum(INTEGRATION_ERROR_KEYS)),
    }),
  ),
});
export type ClaimActivityEntry = z.infer<typeof claimActivityEntrySchema>;

export const claimActivityListSchema = z.object({ data: z.array(claimActivityEntrySchema) });
export type ClaimActivityList = z.infer<typeof claimActivityListSchema>;

// ---------------------------------------------------------------------------------------------
// Deliveries of one claim, for people

/**
 * One delivery job of the claim as the portal shows it. `last_error.code` is one of
 * INTEGRATION_ERROR_KEYS; the portal says it in words with `delivery.errors.<code>` of the locales
 * (`message` is the technical detail: the helpdesk's own words, in English). `link` opens the
 * Gorgias ticket (`https://{account}.gorgias.com/app/ticket/{id}`, as stored when it was created)
 * or the Dixa conversation (`https://{org}.dixa.com/conversation/{id}`, the organisation taken from
 * the email integration address `…@{org}.email.dixa.io`; null when the address has another form);
 * webhooks have none.
 */
export const claimDeliveryViewSchema = z.object({
  id: z.uuid(),
  /** The claim event it carries: `claims/created`, `claims/updated`. */
  event_name: z.string(),
  target: z.enum(DELIVERY_TARGETS),
  webhook_id: z.nullable(z.uuid()),
  /** Gorgias: the account host (`acme.gorgias.com`); Dixa: the email integration address; webhook: its description, else the URL's host. Null when the settings are gone. */
  target_label: nullableString,
  state: z.enum(DELIVERY_STATES),
  attempts: z.int().check(z.gte(0)),
  /** Whether `POST …/deliveries/{id}/retry` would be accepted now (parked, or waiting for its next attempt). */
  retryable: z.boolean(),
  last_error: z.nullable(
    z.object({
      code: z.enum(INTEGRATION_ERROR_KEYS),
      message: z.string(),
      /** The helpdesk's or receiver's HTTP status, when there was one. */
      status: z.nullable(z.int()),
    }),
  ),
  /** Gorgias ticket id / Dixa conversation id once created. */
  external_id: nullableString,
  link: nullableString,
  next_attempt_at: z.nullable(timestamp),
  delivered_at: z.nullable(timestamp),
  created_at: timestamp,
  updated_at: timestamp,
});
export type ClaimDeliveryView = z.infer<typeof claimDeliveryViewSchema>;

export const claimDeliveryViewListSchema = z.object({ data: z.array(claimDeliveryViewSchema) });
export type ClaimDeliveryViewList = z.infer<typeof claimDeliveryViewListSchema>;
