import * as z from 'zod/mini';
import { storableString } from './stored-text.js';
import { parseSafeHttpUrl } from './urls.js';

/**
 * Orders as merchants push them (`PUT /v1/shops/{slug}/orders`) and read them back. Field names
 * follow the platform (snake_case; address fields as on claim records). Every string is bounded:
 * these bodies come from merchant systems we do not control and end up in customer-facing pages.
 */

export const SHIPMENT_PHASES = [
  'order_created',
  'order_processed',
  'in_transit',
  'in_delivery',
  'delivered',
  'delivery_failed',
  'collect',
  'return_created',
  'return_transit',
  'return_received',
  'return_failed',
  'returned',
] as const;
export type ShipmentPhase = (typeof SHIPMENT_PHASES)[number];
export const shipmentPhaseSchema = z.enum(SHIPMENT_PHASES);

export const MAX_LINE_ITEMS = 500;
export const MAX_SHIPMENTS = 50;
export const MAX_ORDER_NUMBER_LENGTH = 64;
export const MAX_ZIP_CODE_LENGTH = 16;

/** A bounded, trimmed, non-empty single-line text. Control characters are refused, not stripped. */
export const text = (max: number) =>
  storableString().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters'),
  );

/** Optional text that may also be sent as `null` (merchant systems do both). */
const optionalText = (max: number) => z.optional(z.nullable(text(max)));

/** An http(s) URL a browser may load (https, or http on loopback for local development). */
export const safeHttpUrlSchema = storableString().check(
  z.maxLength(2048),
  z.refine((value) => parseSafeHttpUrl(value) !== undefined, 'must be an https URL'),
);

/**
 * ZIP/postal codes as people type them: letters, digits, spaces and hyphens (`10119`, `SW1A 1AA`,
 * `1234 AB`, `00-950`). Comparison ignores case, spaces and hyphens: see {@link normalizeZipCode}.
 */
export const ZIP_CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} -]*$/u;
export const zipCodeSchema = storableString().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(MAX_ZIP_CODE_LENGTH),
  z.regex(ZIP_CODE_PATTERN, 'must contain only letters, digits, spaces and hyphens'),
);

/** `sw1a 1aa` → `SW1A1AA`; `00-950` → `00950`. The key ZIP codes are compared on. */
export function normalizeZipCode(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
}

/**
 * `#1001 ` → `1001`. Customers copy order numbers with or without the shop's `#` and in any case,
 * so lookups (and the uniqueness of an order within a shop) use this key.
 */
export function normalizeOrderNumber(value: string): string {
  return value.normalize('NFKC').trim().replace(/^#+/, '').replace(/\s+/g, '').toUpperCase();
}

export const orderNumberSchema = text(MAX_ORDER_NUMBER_LENGTH).check(
  z.refine((value) => normalizeOrderNumber(value).length > 0, 'must contain more than `#`'),
);

export const addressSchema = z.object({
  name: optionalText(200),
  street: optionalText(200),
  address_line_1: optionalText(200),
  address_line_2: optionalText(200),
  zip_code: optionalText(MAX_ZIP_CODE_LENGTH),
  city: optionalText(120),
  province: optionalText(120),
  province_code: optionalText(16),
  country: optionalText(120),
  country_code: z.optional(
    z.nullable(storableString().check(z.regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))),
  ),
  phone: optionalText(40),
});
export type Address = z.infer<typeof addressSchema>;

export const MAX_QUANTITY = 100_000;
export const MAX_PRICE = 1_000_000_000;

export const lineItemSchema = z.object({
  sku: text(128),
  title: text(500),
  quantity: z.int().check(z.gte(1), z.lte(MAX_QUANTITY)),
  /** Net unit price in the order's currency. */
  net_price: z.number().check(z.gte(0), z.lte(MAX_PRICE)),
  image_url: z.optional(z.nullable(safeHttpUrlSchema)),
});
export type LineItem = z.infer<typeof lineItemSchema>;

export const shipmentSchema = z.object({
  id: text(128),
  tracking_number: optionalText(128),
  /** Carrier reference as the platform names them (`dhl`, `ups`, `postnl`, ...). */
  carrier: optionalText(64),
  phase: shipmentPhaseSchema,
  tracking_url: z.optional(z.nullable(safeHttpUrlSchema)),
  /** Last carrier scan. */
  scan_date: z.optional(z.nullable(z.iso.datetime({ offset: true }))),
  weight_kg: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(100_000)))),
});
export type Shipment = z.infer<typeof shipmentSchema>;

const uniqueBy =
  <T>(key: (item: T) => string) =>
  (items: readonly T[]) =>
    new Set(items.map(key)).size === items.length;

/** `PUT /v1/shops/{slug}/orders`: creates or replaces the order with this order number. */
export const orderInputSchema = z.object({
  order_number: orderNumberSchema,
  customer_name: text(200),
  email: z.email().check(z.maxLength(254)),
  /**
   * The shop system's ids and the customer's names, passed on in claim events
   * (`context.order.external_id`, `context.customer.external_id`, …). Optional: events fall back
   * to our order id, the order email and the split customer name (see claim-events.ts).
   */
  external_id: optionalText(255),
  external_customer_id: optionalText(255),
  customer_external_id: optionalText(255),
  customer_first_name: optionalText(100),
  customer_last_name: optionalText(100),
  /** The ZIP code customers look the order up with (usually the shipping address's). */
  zip_code: zipCodeSchema,
  address: z.optional(z.nullable(addressSchema)),
  currency: z.optional(z.nullable(storableString().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')))),
  placed_at: z.optional(z.nullable(z.iso.datetime({ offset: true }))),
  line_items: z.array(lineItemSchema).check(
    z.maxLength(MAX_LINE_ITEMS),
    z.refine(
      uniqueBy((item) => item.sku),
      'SKUs must be unique within an order',
    ),
  ),
  shipments: z.array(shipmentSchema).check(
    z.maxLength(MAX_SHIPMENTS),
    z.refine(
      uniqueBy((item) => item.id),
      'shipment ids must be unique within an order',
    ),
  ),
});
export type OrderInput = z.infer<typeof orderInputSchema>;

const timestamp = z.iso.datetime({ offset: true });

/** An order as the merchant API returns it. */
export const orderSchema = z.extend(orderInputSchema, {
  id: z.string(),
  shop_slug: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type Order = z.infer<typeof orderSchema>;

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

/** A query-string integer within bounds (`?page=2`), with a default when absent. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z._default(
    z
      .pipe(
        storableString().check(z.regex(/^\d{1,9}$/, `must be an integer from ${min} to ${max}`)),
        z.transform(Number),
      )
      .check(z.refine((n) => n >= min && n <= max, `must be an integer from ${min} to ${max}`)),
    fallback,
  );

/** `page`/`per_page` as query strings: integers, `per_page` 1–100 (default 30). */
export const paginationQuerySchema = z.object({
  page: queryInt(1, 1_000_000, 1),
  per_page: queryInt(1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
});

/** The envelope of every list answer. */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    data: z.array(item),
    page: z.int(),
    per_page: z.int(),
    total: z.int(),
  });

export const orderListQuerySchema = z.extend(paginationQuerySchema, {
  order_number: z.optional(storableString().check(z.maxLength(MAX_ORDER_NUMBER_LENGTH))),
  zip_code: z.optional(storableString().check(z.maxLength(MAX_ZIP_CODE_LENGTH))),
});
export const orderListSchema = pageOf(orderSchema);
export type OrderList = z.infer<typeof orderListSchema>;
