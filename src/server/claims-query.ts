import type { ClaimsViewFilter, DeliveryBadge, DeliveryFilter } from '../core/claims-view.js';
import type { ClaimStatus } from '../core/claims.js';
import type { ClaimReason, FlowType } from '../core/flows.js';
import type { Language } from '../core/languages.js';
import { normalizeOrderNumber } from '../core/orders.js';
import type { ResolutionPreference } from '../core/resolve-settings.js';
import type { Queryable, SqlValue } from './db/database.js';
import { ApiError } from './errors.js';
import type { Shop } from './shops.js';

/**
 * SQL for the merchant portal's Claims view: the filter as a WHERE clause over `claims c`, and
 * keyset pages newest first. The list, the summary and the CSV export all read through here, so a
 * filter means the same in all three.
 */

/** A page boundary: the last row's `created_at` (microseconds, as stored) and id. */
export interface ViewCursor {
  createdAt: string;
  id: string;
}

const CURSOR_TEXT =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Opaque to clients: base64url of `created_at|id`. */
export function encodeCursor(cursor: ViewCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor a client sent back, or `400 invalid_cursor`. */
export function decodeCursor(value: string): ViewCursor {
  const match = /^[A-Za-z0-9_-]+$/.test(value)
    ? CURSOR_TEXT.exec(Buffer.from(value, 'base64url').toString('utf8'))
    : null;
  if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[1])))
    throw new ApiError(400, 'invalid_cursor', [
      { loc: ['query', 'cursor'], msg: 'not a cursor this list gave out', type: 'invalid_cursor' },
    ]);
  return { createdAt: match[1], id: match[2] };
}

/** Parameters bound in order: `$1` is always the shop id. */
class Params {
  readonly values: SqlValue[];
  constructor(shopId: string) {
    this.values = [shopId];
  }
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `LIKE` pattern for "starts with": the text's own `%`, `_` and `\` match only themselves. */
function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const REFERENCE = /^[0-9a-f]{8}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claim ids a search text can name: its reference is the uuid's first 8 hex digits, so a range. */
function idRange(q: string): [string, string] | undefined {
  if (UUID.test(q)) return [q.toLowerCase(), q.toLowerCase()];
  if (!REFERENCE.test(q)) return undefined;
  const head = q.toLowerCase();
  return [`${head}-0000-0000-0000-000000000000`, `${head}-ffff-ffff-ffff-ffffffffffff`];
}

function searchCondition(q: string, params: Params): string {
  const anyOf: string[] = [];
  // Folded by the same database function as the index (migration 008), then escaped for LIKE.
  const folded = `replace(replace(replace(search_fold(${params.add(q)}), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
  const orderKey = normalizeOrderNumber(q);
  const orderMatch = [
    `search_fold(o.data->>'email') LIKE ${folded}`,
    `search_fold(o.data->>'customer_name') LIKE ${folded}`,
  ];
  if (orderKey) orderMatch.unshift(`o.order_key LIKE ${params.add(prefixPattern(orderKey))}`);
  // Each way of matching is its own indexed lookup; the union is the (usually small) set of
  // claim ids. An OR across them would make the database test every claim of the shop instead.
  anyOf.push(
    `SELECT s.id FROM claims s JOIN orders o ON o.id = s.order_id
     WHERE s.shop_id = $1 AND o.shop_id = $1 AND (${orderMatch.join(' OR ')})`,
  );
  const range = idRange(q);
  if (range)
    anyOf.push(
      `SELECT s.id FROM claims s WHERE s.shop_id = $1 AND s.id BETWEEN ${params.add(range[0])}::uuid AND ${params.add(range[1])}::uuid`,
    );
  return `c.id IN (${anyOf.join(' UNION ALL ')})`;
}

const OPEN_STATES = `('pending', 'in_progress')`;
const hasJob = (states?: string) =>
  `EXISTS (SELECT 1 FROM deliveries d WHERE d.claim_id = c.id${states ? ` AND d.state IN ${states}` : ''})`;

/** A claim shows the worst state among its jobs; the delivery filter matches that badge. */
const DELIVERY_CONDITIONS: Record<DeliveryFilter, string> = {
  parked: `c.id IN (SELECT d.claim_id FROM deliveries d WHERE d.shop_id = $1 AND d.state = 'parked')`,
  pending: `(${hasJob(OPEN_STATES)} AND NOT ${hasJob(`('parked')`)})`,
  delivered: `(${hasJob(`('delivered')`)} AND NOT ${hasJob(`('parked', 'pending', 'in_progress')`)})`,
  none: `NOT ${hasJob()}`,
};

/** The badge of one claim row, worst state first. */
export const DELIVERY_BADGE_SQL = `(SELECT CASE
    WHEN bool_or(d.state = 'parked') THEN 'parked'
    WHEN bool_or(d.state IN ${OPEN_STATES}) THEN 'pending'
    WHEN bool_or(d.state = 'delivered') THEN 'delivered'
  END FROM deliveries d WHERE d.claim_id = c.id)`;

/** Evidence photos of a draft: claim-level, per item and of the package (the signature is no photo). */
const PHOTOS_SQL = `(coalesce(jsonb_array_length(c.draft->'upload_ids'), 0)
  + coalesce(jsonb_array_length(c.draft->'package_upload_ids'), 0)
  + coalesce((SELECT sum(jsonb_array_length(i->'upload_ids'))::int FROM jsonb_array_elements(c.draft->'selected_items') AS i
      WHERE jsonb_typeof(i->'upload_ids') = 'array'), 0))`;

/** The start of the UTC day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The filter as conditions over `claims c` (never needs a join), parameters bound into `params`. */
function filterConditions(filter: ClaimsViewFilter, params: Params): string[] {
  const where = ['c.shop_id = $1'];
  const anyOf = (sql: string, values: readonly string[] | undefined) => {
    if (values?.length) where.push(`${sql} = ANY(${params.add([...values])}::text[])`);
  };
  anyOf('c.status', filter.status);
  anyOf(`(c.draft->>'flow_type')`, filter.flow_type);
  anyOf('c.resolution_preference', filter.resolution_preference);
  anyOf('c.reason', filter.reason);
  anyOf(`(c.draft->>'language')`, filter.language);
  if (filter.created_from) where.push(`c.created_at >= ${params.add(`${filter.created_from}T00:00:00Z`)}::timestamptz`);
  if (filter.created_to)
    where.push(`c.created_at < ${params.add(`${nextDay(filter.created_to)}T00:00:00Z`)}::timestamptz`);
  if (filter.delivery?.length) {
    const states = [...new Set(filter.delivery)];
    where.push(`(${states.map((state) => DELIVERY_CONDITIONS[state]).join(' OR ')})`);
  }
  if (filter.q) where.push(searchCondition(filter.q, params));
  return where;
}

/** One claim of the list as read from the database. */
export interface ClaimViewRecord {
  id: string;
  /** created_at in UTC with microseconds: exact enough to be a page boundary. */
  created_key: string;
  order_number: string;
  customer_name: string;
  customer_email: string;
  flow_type: FlowType;
  reason: ClaimReason;
  resolution_preference: ResolutionPreference;
  language: Language;
  status: ClaimStatus;
  photos: number;
  delivery: DeliveryBadge | null;
  description: string | null;
}

/** What the items export needs besides: the customer's selection and the order's line items. */
export interface ClaimItemsRecord extends ClaimViewRecord {
  selected_items: { sku: string; quantity: number; upload_ids?: string[] }[];
  line_items: { sku: string; title: string; net_price: number }[];
}

const ROW_COLUMNS = `c.id,
  to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key,
  o.order_number, o.data->>'customer_name' AS customer_name, o.data->>'email' AS customer_email,
  c.draft->>'flow_type' AS flow_type, c.reason, c.resolution_preference, c.draft->>'language' AS language,
  c.status, ${PHOTOS_SQL} AS photos, ${DELIVERY_BADGE_SQL} AS delivery, c.draft->>'description' AS description`;
const ITEM_COLUMNS = `, c.draft->'selected_items' AS selected_items,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', l->>'sku', 'title', l->>'title', 'net_price', l->'net_price')), '[]')
     FROM jsonb_array_elements(o.data->'line_items') AS l) AS line_items`;

export interface PageRequest {
  limit: number;
  after?: ViewCursor;
}

/**
 * One page of the filter's claims, newest first (ties by id). Claims that arrive meanwhile are newer
 * than any boundary handed out, so paging on never repeats or skips a claim.
 */
export async function listClaimRecords(
  db: Queryable,
  shop: Shop,
  filter: ClaimsViewFilter,
  page: PageRequest,
): Promise<{ rows: ClaimViewRecord[]; next?: ViewCursor }>;
export async function listClaimRecords(
  db: Queryable,
  shop: Shop,
  filter: ClaimsViewFilter,
  page: PageRequest,
  withItems: true,
): Promise<{ rows: ClaimItemsRecord[]; next?: ViewCursor }>;
export async function listClaimRecords(
  db: Queryable,
  shop: Shop,
  filter: ClaimsViewFilter,
  page: PageRequest,
  withItems = false,
): Promise<{ rows: ClaimViewRecord[]; next?: ViewCursor }> {
  const params = new Params(shop.id);
  const where = filterConditions(filter, params);
  if (page.after) {
    where.push(
      `(c.created_at, c.id) < (${params.add(page.after.createdAt)}::timestamptz, ${params.add(page.after.id)}::uuid)`,
    );
  }
  // One row more than asked tells whether another page follows.
  const limit = params.add(page.limit + 1);
  // The page is chosen from `claims` alone (newest-first index, filters), and only its rows are
  // joined to their orders and given badges: computed before the LIMIT, they would cost a
  // subquery per matching claim whenever the database sorts instead of walking the index.
  const rows = await db.query<ClaimViewRecord>(
    `SELECT ${ROW_COLUMNS}${withItems ? ITEM_COLUMNS : ''}
     FROM (SELECT c.id, c.order_id, c.created_at, c.draft, c.reason, c.resolution_preference, c.status
           FROM claims c
           WHERE ${where.join(' AND ')}
           ORDER BY c.created_at DESC, c.id DESC
           LIMIT ${limit}) c
     JOIN orders o ON o.id = c.order_id
     ORDER BY c.created_at DESC, c.id DESC`,
    params.values,
  );
  if (rows.length <= page.limit) return { rows };
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1] as ClaimViewRecord;
  return { rows: shown, next: { createdAt: last.created_key, id: last.id } };
}

/** Claims of the filter counted per UTC day, flow type and preference, with how many have a parked job. */
export interface SummaryCount {
  day: string;
  flow_type: FlowType;
  resolution_preference: ResolutionPreference;
  total: number;
  parked: number;
}

export async function countClaims(db: Queryable, shop: Shop, filter: ClaimsViewFilter): Promise<SummaryCount[]> {
  const params = new Params(shop.id);
  const where = filterConditions(filter, params);
  return db.query<SummaryCount>(
    `SELECT to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, c.draft->>'flow_type' AS flow_type,
       c.resolution_preference, count(*)::int AS total,
       count(p.claim_id)::int AS parked
     FROM claims c
     LEFT JOIN (SELECT DISTINCT d.claim_id FROM deliveries d WHERE d.shop_id = $1 AND d.state = 'parked') p
       ON p.claim_id = c.id
     WHERE ${where.join(' AND ')}
     GROUP BY 1, 2, 3`,
    params.values,
  );
}
