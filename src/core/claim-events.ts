import * as z from 'zod/mini';
import { claimReasonSchema, claimStatusSchema } from './claims.js';
import { addressSchema, shipmentSchema } from './orders.js';
import { resolutionPreferenceSchema } from './resolve-settings.js';

/**
 * Claim events as the platform sends them to webhooks, in the envelope Karla's receivers read
 * (its public event documentation and its open-source Shopware plugin):
 *
 * `{source: "claims", ref: "claims/created", version: 1, triggered_at, event_group: "claim_created",
 *   event_data: {claim_id, event_name: "created", event_group, …}, context: {order, customer,
 *   shipments, claims}, shop_slug, shop_id}`
 *
 * `ref` names the kind of event, it is not unique: receivers deduplicate on the `Karla-Event-Id`
 * header, which is the same for every retry of one delivery. Recorded in the API's claim event log
 * in the same transaction as the change, delivered later (at least once).
 */

export const CLAIM_EVENT_NAMES = ['claims/created', 'claims/updated'] as const;
export type ClaimEventName = (typeof CLAIM_EVENT_NAMES)[number];
export const CLAIM_EVENT_GROUPS = { 'claims/created': 'claim_created', 'claims/updated': 'claim_updated' } as const;
/** `event_data.event_name`: the part of the reference after `claims/`. */
export const CLAIM_EVENT_SHORT_NAMES = { 'claims/created': 'created', 'claims/updated': 'updated' } as const;

/** How many of the order's claims an event lists in `context.claims` (the newest ones). */
export const MAX_CONTEXT_CLAIMS = 20;

/** How long the photo and signature URLs in a delivered event stay fetchable (signed when sent). */
export const EVENT_FILE_URL_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The header carrying a delivery's unique id (the same on every retry of that delivery). */
export const EVENT_ID_HEADER = 'Karla-Event-Id';

const timestamp = z.iso.datetime({ offset: true });

/** A selected item as Karla's example lists it (`sku`, `title`, `quantity`, `image_urls`), plus our price fields. */
export const claimEventItemSchema = z.looseObject({
  sku: z.string(),
  title: z.string(),
  quantity: z.int(),
  image_urls: z.array(z.string()),
  net_price: z.optional(z.nullable(z.number())),
  product_image_url: z.optional(z.nullable(z.string())),
});

export const claimEventDataSchema = z.object({
  claim_id: z.uuid(),
  event_name: z.enum(['created', 'updated']),
  event_group: z.enum(['claim_created', 'claim_updated']),
  created_at: timestamp,
  updated_at: timestamp,
  resolution_preference: resolutionPreferenceSchema,
  reason: claimReasonSchema,
  status: claimStatusSchema,
  description: z.nullable(z.string()),
  customer_signature_image_url: z.nullable(z.string()),
  selected_items: z.array(claimEventItemSchema),
  image_urls: z.array(z.string()),
  optional_image_urls: z.array(z.string()),
  /** Ours: the flow the customer took (`defective`, `notReceived`, …). */
  flow_type: z.string(),
  /** Ours, for claims/updated: the fields that changed, with their previous values. */
  previous: z.optional(z.record(z.string(), z.unknown())),
});

export const claimEventOrderSchema = z.object({
  /** The shop system's order id; our order uuid when the shop did not provide one. */
  external_id: z.string().check(z.minLength(1)),
  /** The shop system's customer id; see claimEventCustomerSchema for the fallback. */
  external_customer_id: z.string().check(z.minLength(1)),
  order_number: z.string(),
  /** Ours: the order's uuid in this API. */
  id: z.uuid(),
  zip_code: z.string(),
  currency: z.nullable(z.string()),
  placed_at: z.nullable(timestamp),
  address: z.nullable(addressSchema),
});

export const claimEventCustomerSchema = z.object({
  /** The shop system's customer id; the lower-cased order email when the shop did not provide one. */
  external_id: z.string().check(z.minLength(1)),
  email: z.string(),
  first_name: z.nullable(z.string()),
  last_name: z.nullable(z.string()),
  /** Ours: the name as the order carries it. */
  name: z.string(),
});

export const claimEventSchema = z.object({
  source: z.literal('claims'),
  ref: z.enum(CLAIM_EVENT_NAMES),
  version: z.literal(1),
  triggered_at: timestamp,
  event_group: z.enum(['claim_created', 'claim_updated']),
  event_data: claimEventDataSchema,
  context: z.object({
    order: claimEventOrderSchema,
    customer: claimEventCustomerSchema,
    shipments: z.array(shipmentSchema),
    /** The order's newest claims (at most MAX_CONTEXT_CLAIMS), newest first; this claim included. */
    claims: z
      .array(z.object({ uuid: z.uuid(), status: claimStatusSchema, reason: claimReasonSchema }))
      .check(z.maxLength(MAX_CONTEXT_CLAIMS)),
  }),
  shop_slug: z.string(),
  shop_id: z.uuid(),
});
export type ClaimEvent = z.infer<typeof claimEventSchema>;

/** What the order says about its customer and shop-system ids (all optional on upsert). */
export interface OrderIdentity {
  orderId: string;
  externalId?: string | null | undefined;
  externalCustomerId?: string | null | undefined;
  customerExternalId?: string | null | undefined;
  email: string;
  customerName: string;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
}

/**
 * The ids and names an event carries, with the documented fallbacks for shops that did not
 * provide them: the order's external id falls back to our order uuid; the customer's external id
 * to the order's external customer id, then to the lower-cased order email; the order's external
 * customer id to the customer's; first and last name, when neither was given, to the order's
 * customer name split at the first space (a single word is the first name, last name null).
 */
export function eventIdentity(order: OrderIdentity): {
  order: { external_id: string; external_customer_id: string };
  customer: { external_id: string; first_name: string | null; last_name: string | null };
} {
  const present = (value: string | null | undefined) => (value && value.trim() ? value.trim() : undefined);
  const customerId =
    present(order.customerExternalId) ?? present(order.externalCustomerId) ?? order.email.trim().toLowerCase();
  const given = present(order.firstName) !== undefined || present(order.lastName) !== undefined;
  const [first, ...rest] = order.customerName.trim().split(/\s+/);
  const firstName = given ? (present(order.firstName) ?? null) : (present(first) ?? null);
  const lastName = given ? (present(order.lastName) ?? null) : rest.length ? rest.join(' ') : null;
  return {
    order: {
      external_id: present(order.externalId) ?? order.orderId,
      external_customer_id: present(order.externalCustomerId) ?? customerId,
    },
    customer: { external_id: customerId, first_name: firstName, last_name: lastName },
  };
}

/**
 * Events recorded before this format (a random uuid as `ref`, `event_name` = `claims/created`, no
 * external ids, every claim of the order in `context.claims`) are upgraded when they are
 * delivered: the same fallbacks as for orders without external ids, the newest claims kept.
 * Anything else is returned as it is (and then fails validation).
 */
export function upgradeLegacyClaimEvent(value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value.event_data) || !isRecord(value.context)) return value;
  const data = value.event_data;
  const name = data.event_name;
  if (name !== 'claims/created' && name !== 'claims/updated') return value;
  const context = value.context;
  const order = isRecord(context.order) ? context.order : {};
  const customer = isRecord(context.customer) ? context.customer : {};
  const identity = eventIdentity({
    orderId: String(order.id ?? ''),
    email: String(customer.email ?? ''),
    customerName: String(customer.name ?? ''),
  });
  const claims = Array.isArray(context.claims) ? context.claims.slice(-MAX_CONTEXT_CLAIMS).reverse() : [];
  return {
    ...value,
    ref: name,
    event_data: { ...data, event_name: CLAIM_EVENT_SHORT_NAMES[name], event_group: CLAIM_EVENT_GROUPS[name] },
    context: {
      ...context,
      order: { ...order, ...identity.order },
      customer: { ...customer, email: customer.email, ...identity.customer },
      claims,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}
