import * as z from 'zod/mini';
import { SUPPORTED_LANGUAGES } from './languages.js';
import { CLAIM_REASONS, FLOW_TYPES } from './flows.js';
import { queryInt } from './orders.js';
import { RESOLUTION_PREFERENCES } from './resolve-settings.js';
import { storableString } from './stored-text.js';
import { CLAIM_STATUSES } from './claims.js';

/**
 * The merchant portal's Claims view: one filter, used by the list (`GET …/claims/view`), the
 * summary (`GET …/claims/summary`) and the CSV export (`GET …/claims/export.csv`). Every filter is
 * a query-string value, so the browser can parse `Object.fromEntries(new URLSearchParams(…))` with
 * the same schema the server uses and write it back with `claimsViewSearchParams`.
 *
 * Multi-value filters are comma-separated (`status=pending,accepted`): a claim matches when it has
 * any of the values; different filters combine with AND.
 */

/** Where a claim's delivery jobs stand, worst first: one parked job makes the claim `parked`. */
export const DELIVERY_BADGES = ['parked', 'pending', 'delivered'] as const;
export type DeliveryBadge = (typeof DELIVERY_BADGES)[number];
/** The delivery filter also knows claims without any delivery job (no helpdesk, no webhook). */
export const DELIVERY_FILTERS = [...DELIVERY_BADGES, 'none'] as const;
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];

export const CLAIMS_VIEW_DEFAULT_LIMIT = 50;
export const CLAIMS_VIEW_MAX_LIMIT = 200;
export const MAX_SEARCH_LENGTH = 254;
export const MAX_CURSOR_LENGTH = 200;
/** The summary covers at most this many days (default: the last 30). */
export const SUMMARY_MAX_DAYS = 366;
export const SUMMARY_DEFAULT_DAYS = 30;

/** `pending,accepted` → `['pending', 'accepted']`, each checked against `values`; empty parts are ignored. */
const csvList = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.optional(
    z.pipe(
      z.pipe(
        storableString().check(z.maxLength(500)),
        z.transform((value) =>
          value
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part.length > 0),
        ),
      ),
      z.array(z.enum(values)).check(z.maxLength(values.length)),
    ),
  );

/** A UTC calendar day, `2026-03-01`. */
export const isoDateSchema = storableString().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
  z.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && isRealDate(value), 'must be a real date'),
);

function isRealDate(value: string): boolean {
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** The filter every Claims view endpoint accepts. `created_from`/`created_to` are UTC days, both inclusive. */
export const claimsViewFilterSchema = z
  .object({
    status: csvList(CLAIM_STATUSES),
    flow_type: csvList(FLOW_TYPES),
    resolution_preference: csvList(RESOLUTION_PREFERENCES),
    reason: csvList(CLAIM_REASONS),
    language: csvList(SUPPORTED_LANGUAGES),
    delivery: csvList(DELIVERY_FILTERS),
    created_from: z.optional(isoDateSchema),
    created_to: z.optional(isoDateSchema),
    /**
     * Finds claims whose order number starts with it (compared as the order lookup does: `#1001`
     * is `1001`), whose customer email or name starts with it (without case), whose 8-character
     * reference is it (`D3B07384`, without case), or whose uuid is it.
     */
    q: z.optional(storableString().check(z.trim(), z.maxLength(MAX_SEARCH_LENGTH))),
  })
  .check(
    z.refine((f) => !f.created_from || !f.created_to || f.created_from <= f.created_to, {
      message: 'created_to must not be before created_from',
      path: ['created_to'],
    }),
  );
export type ClaimsViewFilter = z.infer<typeof claimsViewFilterSchema>;

/** `GET /v1/shops/{slug}/claims/view`: the filter, a page size and the opaque cursor of the previous page. */
export const claimsViewQuerySchema = z.extend(claimsViewFilterSchema, {
  limit: queryInt(1, CLAIMS_VIEW_MAX_LIMIT, CLAIMS_VIEW_DEFAULT_LIMIT),
  /** `next_cursor` of the previous page, as given. A cursor that is not one answers `400 invalid_cursor`. */
  cursor: z.optional(storableString().check(z.maxLength(MAX_CURSOR_LENGTH))),
});
export type ClaimsViewQuery = z.infer<typeof claimsViewQuerySchema>;

export const EXPORT_ROW_KINDS = ['claims', 'items'] as const;
export type ExportRowKind = (typeof EXPORT_ROW_KINDS)[number];

/** `GET /v1/shops/{slug}/claims/export.csv`: the filter and `rows=claims` (default) or `rows=items`. */
export const claimsExportQuerySchema = z.extend(claimsViewFilterSchema, {
  rows: z._default(z.enum(EXPORT_ROW_KINDS), 'claims'),
});
export type ClaimsExportQuery = z.infer<typeof claimsExportQuerySchema>;

const timestamp = z.iso.datetime({ offset: true });

/** One row of the list. */
export const claimsViewRowSchema = z.object({
  id: z.uuid(),
  /** What the customer saw on the confirmation page (claimReference). */
  reference: z.string(),
  created_at: timestamp,
  order_number: z.string(),
  customer: z.object({ name: z.string(), email: z.string() }),
  flow_type: z.enum(FLOW_TYPES),
  reason: z.enum(CLAIM_REASONS),
  resolution_preference: z.enum(RESOLUTION_PREFERENCES),
  language: z.enum(SUPPORTED_LANGUAGES),
  status: z.enum(CLAIM_STATUSES),
  /** Evidence photos: claim-level, per item and of the package (the signature is not counted). */
  photos: z.int(),
  /** Worst state of the claim's delivery jobs (helpdesks, webhooks); null when it has none. */
  delivery: z.nullable(z.enum(DELIVERY_BADGES)),
});
export type ClaimsViewRow = z.infer<typeof claimsViewRowSchema>;

export const claimsViewPageSchema = z.object({
  data: z.array(claimsViewRowSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: z.nullable(z.string()),
});
export type ClaimsViewPage = z.infer<typeof claimsViewPageSchema>;

const countsOf = <const T extends readonly [string, ...string[]]>(keys: T) => z.record(z.enum(keys), z.int());

/** `GET /v1/shops/{slug}/claims/summary`: the filter's claims at a glance, day by day over `from`–`to`. */
export const claimsSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  total: z.int(),
  /** Every day of the range (UTC), oldest first, zeros included. */
  days: z.array(z.object({ date: z.string(), total: z.int(), by_flow_type: countsOf(FLOW_TYPES) })),
  by_resolution_preference: countsOf(RESOLUTION_PREFERENCES),
  by_flow_type: countsOf(FLOW_TYPES),
  /** Claims with at least one parked delivery job. */
  parked: z.int(),
});
export type ClaimsSummary = z.infer<typeof claimsSummarySchema>;

/** Columns of the claims export (`rows=claims`), in order. */
export const CLAIMS_CSV_COLUMNS = [
  'id',
  'reference',
  'created_at',
  'order_number',
  'customer_name',
  'customer_email',
  'flow_type',
  'reason',
  'resolution_preference',
  'status',
  'language',
  'photos',
  'delivery',
  'description',
] as const;

/** Columns of the items export (`rows=items`): one row per selected item of each claim. */
export const CLAIM_ITEMS_CSV_COLUMNS = [
  'claim_id',
  'reference',
  'created_at',
  'order_number',
  'customer_name',
  'customer_email',
  'flow_type',
  'resolution_preference',
  'status',
  'sku',
  'title',
  'quantity',
  'net_price',
  'photos',
] as const;

/** The filter as query-string pairs (lists comma-joined, empty values left out): for links and `history`. */
export function claimsViewSearchParams(
  filter: Partial<ClaimsViewFilter> & { limit?: number; cursor?: string; rows?: ExportRowKind },
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  return params;
}
