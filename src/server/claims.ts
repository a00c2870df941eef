import { createHash, randomUUID } from 'node:crypto';
import {
  checkClaimRate,
  findDuplicateKey,
  findRecentDuplicate,
  lockOrderIntake,
  rememberDuplicateKey,
} from './claim-floods.js';
import {
  draftUploadIds,
  photosMeetMinimum,
  type Claim,
  type ClaimDraft,
  type ClaimStatus,
  type ClaimUpdate,
} from '../core/claims.js';
import {
  CLAIM_EVENT_GROUPS,
  CLAIM_EVENT_SHORT_NAMES,
  MAX_CONTEXT_CLAIMS,
  eventIdentity,
  type ClaimEvent,
  type ClaimEventName,
} from '../core/claim-events.js';
import { availableFlows, flowTypeToReason, ITEM_FLOWS, PACKAGE_PHOTO_FLOWS, SIGNATURE_FLOWS } from '../core/flows.js';
import type { Address } from '../core/orders.js';
import type { ApiErrorDetail } from '../core/api-error.js';
import type { ActivityActor } from '../core/claim-detail.js';
import type { ResolveSettings } from '../core/resolve-settings.js';
import type { ServerContext } from './context.js';
import type { Queryable } from './db/database.js';
import { CUSTOMER, recordActivity } from './claim-activity.js';
import { recordClaimEvent } from './claim-event-log.js';
import { queueDeliveryJobs } from './delivery-jobs.js';
import { ApiError } from './errors.js';
import { findOrderById, type StoredOrder } from './orders.js';
import { readResolveSettings } from './settings.js';
import type { Shop } from './shops.js';
import { signedFileUrl, type CustomerSession } from './tokens.js';

export interface ClaimRow {
  id: string;
  shop_id: string;
  order_id: string;
  idempotency_key: string;
  request_hash: string;
  draft: ClaimDraft;
  reason: Claim['reason'];
  resolution_preference: Claim['resolution_preference'];
  status: ClaimStatus;
  created_at: Date;
  updated_at: Date;
}

const CLAIM_COLUMNS =
  'id, shop_id, order_id, idempotency_key, request_hash, draft, reason, resolution_preference, status, created_at, updated_at';

/** A stable hash of the draft: key order in the JSON the customer sent must not matter. */
function hashDraft(draft: ClaimDraft): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(draft)))
    .digest('hex');
}

/**
 * Checks the draft against the order, the session's uploads and the shop's settings. Every
 * problem is reported at once, each with its field path, so the flow can point at all of them.
 */
async function checkDraft(
  db: Queryable,
  order: StoredOrder,
  session: CustomerSession,
  settings: ResolveSettings,
  draft: ClaimDraft,
): Promise<void> {
  const problems: ApiErrorDetail[] = [];
  const problem = (loc: (string | number)[], msg: string, type: string) =>
    problems.push({ loc: ['body', ...loc], msg, type });

  const phases = order.input.shipments.map((shipment) => shipment.phase);
  if (!availableFlows(phases, settings.enabled_flows).includes(draft.flow_type)) {
    problem(['flow_type'], 'this flow is not available for this order', 'flow_not_available');
  }
  const ordered = new Map(order.input.line_items.map((item) => [item.sku, item.quantity]));
  draft.selected_items.forEach((item, index) => {
    const quantity = ordered.get(item.sku);
    if (quantity === undefined)
      problem(['selected_items', index, 'sku'], 'not an item of this order', 'item_not_in_order');
    else if (item.quantity > quantity)
      problem(['selected_items', index, 'quantity'], `at most ${quantity} ordered`, 'quantity_exceeds_order');
  });
  if (ITEM_FLOWS.includes(draft.flow_type) && draft.selected_items.length === 0) {
    problem(['selected_items'], 'select at least one item', 'items_required');
  }
  if (draft.shipment_id && !order.input.shipments.some((shipment) => shipment.id === draft.shipment_id)) {
    problem(['shipment_id'], 'not a shipment of this order', 'shipment_not_in_order');
  }

  const uploadIds = draftUploadIds(draft);
  if (uploadIds.length > 0) {
    const rows = await db.query<{ id: string; content_type: string }>(
      'SELECT id, content_type FROM uploads WHERE session_id = $1 AND id = ANY($2::uuid[])',
      [session.sessionId, uploadIds],
    );
    const owned = new Map(rows.map((row) => [row.id, row.content_type]));
    const missing = uploadIds.filter((id) => !owned.has(id));
    if (missing.length > 0)
      problem(['upload_ids'], `uploads not made in this session: ${missing.join(', ')}`, 'upload_not_in_session');
    if (draft.signature_upload_id && owned.get(draft.signature_upload_id) === 'application/pdf') {
      problem(['signature_upload_id'], 'a signature must be an image', 'signature_not_image');
    }
  }

  if (!photosMeetMinimum(draft, settings.min_photos_per_item)) {
    problem(['upload_ids'], `at least ${settings.min_photos_per_item} photo(s) per selected item`, 'photos_required');
  }
  if (
    settings.package_photo === 'required' &&
    PACKAGE_PHOTO_FLOWS.includes(draft.flow_type) &&
    !draft.package_upload_ids?.length
  ) {
    problem(['package_upload_ids'], 'a photo of the whole package is required', 'package_photo_required');
  }
  if (
    (draft.signature_upload_id || draft.dropoff_permission !== undefined) &&
    !SIGNATURE_FLOWS.includes(draft.flow_type)
  ) {
    problem(
      ['signature_upload_id'],
      'signature and drop-off permission belong to the not-received flow',
      'not_applicable',
    );
  }
  const description = draft.description ?? '';
  if (settings.description_required && description.length === 0)
    problem(['description'], 'a description is required', 'description_required');
  if (description.length > 0 && description.length < settings.description_min_length) {
    problem(['description'], `at least ${settings.description_min_length} characters`, 'description_too_short');
  }
  if (description.length > settings.description_max_length) {
    problem(['description'], `at most ${settings.description_max_length} characters`, 'description_too_long');
  }
  if (!settings.allowed_resolution_preferences.includes(draft.resolution_preference)) {
    problem(['resolution_preference'], 'this shop does not offer this resolution', 'preference_not_allowed');
  }
  if (problems.length > 0) throw new ApiError(422, 'claim_invalid', problems);
}

export type CreateClaimResult = { claim: ClaimRow; created: boolean };

/**
 * Idempotent claim intake. The unique (shop, idempotency key) constraint decides races: of ten
 * concurrent submissions with one key, one inserts and the others find its row. The claim event
 * is written in the same transaction as the claim, so an event exists exactly when the claim does.
 */
export async function createClaim(
  ctx: ServerContext,
  shop: Shop,
  session: CustomerSession,
  idempotencyKey: string,
  draft: ClaimDraft,
): Promise<CreateClaimResult> {
  const requestHash = hashDraft(draft);
  const replay = async (db: Queryable): Promise<CreateClaimResult | undefined> => {
    const [existing] = await db.query<ClaimRow>(
      `SELECT ${CLAIM_COLUMNS} FROM claims WHERE shop_id = $1 AND idempotency_key = $2`,
      [shop.id, idempotencyKey],
    );
    if (existing) {
      if (existing.request_hash !== requestHash || existing.order_id !== session.orderId)
        throw new ApiError(409, 'idempotency_conflict');
      return { claim: existing, created: false };
    }
    // A key that was answered with an earlier identical claim gets that claim again.
    const alias = await findDuplicateKey(db, shop.id, idempotencyKey);
    if (!alias) return undefined;
    if (alias.request_hash !== requestHash || alias.order_id !== session.orderId)
      throw new ApiError(409, 'idempotency_conflict');
    const [claim] = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = $1`, [alias.claim_id]);
    return claim && { claim, created: false };
  };

  const earlier = await replay(ctx.db);
  if (earlier) return earlier;

  const order = await findOrderById(ctx.db, shop, session.orderId);
  if (!order) throw new ApiError(401, 'session_invalid');
  const settings = await readResolveSettings(ctx.db, shop);
  await checkDraft(ctx.db, order, session, settings, draft);

  const orderedUnits = order.input.line_items.reduce((sum, item) => sum + item.quantity, 0);
  const selectedUnits = draft.selected_items.reduce((sum, item) => sum + item.quantity, 0);
  const reason = flowTypeToReason(draft.flow_type, { selectedUnits, orderedUnits });

  const result = await ctx.db.transaction(async (tx) => {
    // One intake per order at a time, in every process: the duplicate and rate checks below
    // then see every claim committed before, so ten identical requests make one claim.
    await lockOrderIntake(tx, order.id);
    const duplicate = await findRecentDuplicate<ClaimRow>(tx, CLAIM_COLUMNS, order.id, requestHash, ctx.claimLimits);
    if (duplicate) {
      await rememberDuplicateKey(tx, {
        shopId: shop.id,
        idempotencyKey,
        claimId: duplicate.id,
        orderId: order.id,
        requestHash,
      });
      return { claim: duplicate, created: false, queued: 0 };
    }
    await checkClaimRate(tx, ctx.claimLimits, {
      orderId: order.id,
      sessionId: session.sessionId,
      sessionExpiresAt: session.expiresAt,
    });
    const [inserted] = await tx.query<ClaimRow>(
      `INSERT INTO claims (id, shop_id, order_id, idempotency_key, request_hash, draft, reason, resolution_preference, session_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (shop_id, idempotency_key) DO NOTHING
       RETURNING ${CLAIM_COLUMNS}`,
      [
        randomUUID(),
        shop.id,
        order.id,
        idempotencyKey,
        requestHash,
        JSON.stringify(draft),
        reason,
        draft.resolution_preference,
        session.sessionId,
      ],
    );
    if (!inserted) return undefined;
    await recordActivity(tx, { shopId: shop.id, claimId: inserted.id, kind: 'created', actor: CUSTOMER });
    const queued = await recordEvent(ctx, tx, shop, order, inserted, 'claims/created');
    return { claim: inserted, created: true, queued };
  });
  if (result?.queued) ctx.delivery.wake();
  // Lost the race to a concurrent submission with the same key: answer with its claim.
  return (
    (result && { claim: result.claim, created: result.created }) ??
    (await replay(ctx.db)) ??
    Promise.reject(new Error('claim vanished after conflict'))
  );
}

/**
 * The claim event and its delivery jobs (one per enabled helpdesk for `claims/created`, one per
 * subscribed active webhook), in the caller's transaction: a claim never exists without them.
 * Returns how many jobs were queued.
 */
async function recordEvent(
  ctx: ServerContext,
  tx: Queryable,
  shop: Shop,
  order: StoredOrder,
  claim: ClaimRow,
  name: ClaimEventName,
  previous?: Record<string, unknown>,
): Promise<number> {
  const event = await buildClaimEvent(ctx, tx, shop, order, claim, name, previous);
  // The log row has its own id: `ref` names the kind of event and is the same for every claim.
  const eventId = await recordClaimEvent(tx, shop.id, claim.id, event);
  return queueDeliveryJobs(tx, shop, claim.id, eventId, name);
}

/**
 * The claim event in Karla's envelope (see core/claim-events.ts). Its context lists only the
 * order's newest claims, so recording an event costs the same on an order with 2 000 claims as on
 * a fresh one.
 */
async function buildClaimEvent(
  ctx: ServerContext,
  db: Queryable,
  shop: Shop,
  order: StoredOrder,
  claim: ClaimRow,
  name: ClaimEventName,
  previous?: Record<string, unknown>,
): Promise<ClaimEvent> {
  const view = claimView(ctx, shop, claim, order, { fullAddress: true });
  const newest = await db.query<{ id: string; status: ClaimStatus; reason: Claim['reason'] }>(
    'SELECT id, status, reason FROM claims WHERE order_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
    [order.id, MAX_CONTEXT_CLAIMS],
  );
  const { input } = order;
  const identity = eventIdentity({
    orderId: order.id,
    externalId: input.external_id,
    externalCustomerId: input.external_customer_id,
    customerExternalId: input.customer_external_id,
    email: input.email,
    customerName: input.customer_name,
    firstName: input.customer_first_name,
    lastName: input.customer_last_name,
  });
  return {
    source: 'claims',
    ref: name,
    version: 1,
    triggered_at: new Date().toISOString(),
    event_group: CLAIM_EVENT_GROUPS[name],
    event_data: {
      claim_id: claim.id,
      event_name: CLAIM_EVENT_SHORT_NAMES[name],
      event_group: CLAIM_EVENT_GROUPS[name],
      created_at: view.created_at,
      updated_at: view.updated_at,
      resolution_preference: view.resolution_preference,
      reason: view.reason,
      status: view.status,
      description: view.description,
      customer_signature_image_url: view.customer_signature_image_url,
      selected_items: view.selected_items,
      image_urls: view.image_urls,
      optional_image_urls: view.optional_image_urls,
      flow_type: view.flow_type,
      ...(previous ? { previous } : {}),
    },
    context: {
      order: {
        ...identity.order,
        order_number: input.order_number,
        id: order.id,
        zip_code: input.zip_code,
        currency: input.currency ?? null,
        placed_at: input.placed_at ?? null,
        address: input.address ?? null,
      },
      customer: { ...identity.customer, email: input.email, name: input.customer_name },
      shipments: input.shipments,
      claims: newest.map((row) => ({ uuid: row.id, status: row.status, reason: row.reason })),
    },
    shop_slug: shop.slug,
    shop_id: shop.id,
  };
}

/**
 * A claim in the documented shape. File URLs are signed and expiring. Customers who found the
 * order by number + ZIP see only the coarse part of the address; token sessions and merchants see it all.
 */
export function claimView(
  ctx: ServerContext,
  shop: Shop,
  claim: ClaimRow,
  order: StoredOrder,
  options: { fullAddress: boolean },
): Claim {
  const file = (id: string) => signedFileUrl(ctx.signer, ctx.publicOrigin, id);
  const { draft } = claim;
  const items = new Map(order.input.line_items.map((item) => [item.sku, item]));
  const shipment = order.input.shipments.find((s) => s.id === draft.shipment_id) ?? order.input.shipments[0];
  const selected = draft.selected_items.map((selection) => {
    const item = items.get(selection.sku);
    return {
      sku: selection.sku,
      title: item?.title ?? selection.sku,
      quantity: selection.quantity,
      net_price: item?.net_price ?? null,
      image_urls: (selection.upload_ids ?? []).map(file),
      product_image_url: item?.image_url ?? null,
    };
  });
  const amount = selected.reduce((sum, item) => sum + (item.net_price ?? 0) * item.quantity, 0);
  const address: Address = order.input.address ?? { zip_code: order.input.zip_code };
  return {
    uuid: claim.id,
    created_at: new Date(claim.created_at).toISOString(),
    updated_at: new Date(claim.updated_at).toISOString(),
    shop_slug: shop.slug,
    order_id: order.id,
    order_number: order.input.order_number,
    address: options.fullAddress
      ? address
      : {
          zip_code: address.zip_code ?? order.input.zip_code,
          city: address.city ?? null,
          country: address.country ?? null,
          country_code: address.country_code ?? null,
        },
    net_invoice_amount: selected.length > 0 ? Math.round(amount * 100) / 100 : null,
    currency: order.input.currency ?? null,
    shipment_id: shipment?.id ?? null,
    tracking_number: shipment?.tracking_number ?? null,
    carrier_reference: shipment?.carrier ?? null,
    scan_date: shipment?.scan_date ?? null,
    weight_kg: shipment?.weight_kg ?? null,
    flow_type: draft.flow_type,
    reason: claim.reason,
    resolution_preference: claim.resolution_preference,
    status: claim.status,
    description: draft.description || null,
    selected_items: selected,
    image_urls: [...(draft.upload_ids ?? []).map(file), ...selected.flatMap((item) => item.image_urls)],
    optional_image_urls: (draft.package_upload_ids ?? []).map(file),
    customer_signature_image_url: draft.signature_upload_id ? file(draft.signature_upload_id) : null,
    dropoff_permission: draft.dropoff_permission ?? null,
    language: draft.language,
  };
}

export async function findClaim(db: Queryable, shop: Shop, id: string): Promise<ClaimRow | undefined> {
  const [row] = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE shop_id = $1 AND id = $2`, [
    shop.id,
    id,
  ]);
  return row;
}

export interface ClaimFilter {
  status?: ClaimStatus | undefined;
  resolutionPreference?: string | undefined;
  orderKey?: string | undefined;
  page: number;
  perPage: number;
}

export async function listClaims(
  db: Queryable,
  shop: Shop,
  filter: ClaimFilter,
): Promise<{ rows: ClaimRow[]; total: number }> {
  const where = ['c.shop_id = $1'];
  const params: (string | number)[] = [shop.id];
  const add = (sql: string, value: string) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.status) add('c.status = ?', filter.status);
  if (filter.resolutionPreference) add('c.resolution_preference = ?', filter.resolutionPreference);
  if (filter.orderKey) add('o.order_key = ?', filter.orderKey);
  const from = `FROM claims c JOIN orders o ON o.id = c.order_id WHERE ${where.join(' AND ')}`;
  const [count] = await db.query<{ total: string | number }>(`SELECT count(*) AS total ${from}`, params);
  const rows = await db.query<ClaimRow>(
    `SELECT ${CLAIM_COLUMNS.split(', ')
      .map((c) => `c.${c}`)
      .join(', ')} ${from} ORDER BY c.created_at DESC, c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.perPage, (filter.page - 1) * filter.perPage],
  );
  return { rows, total: Number(count?.total ?? 0) };
}

/**
 * Merchant update of status/preference. In one transaction: the change, an activity entry per
 * changed field with who made it (`actor`) and from/to, and `claims/updated` with its delivery jobs
 * (receivers act on a new preference as much as on a new status). Sending the current values
 * changes nothing and records nothing.
 */
export async function updateClaim(
  ctx: ServerContext,
  shop: Shop,
  id: string,
  update: ClaimUpdate,
  actor: ActivityActor,
): Promise<ClaimRow> {
  let queued = 0;
  const updated = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.query<ClaimRow>(
      `SELECT ${CLAIM_COLUMNS} FROM claims WHERE shop_id = $1 AND id = $2 FOR UPDATE`,
      [shop.id, id],
    );
    if (!current) throw new ApiError(404, 'claim_not_found');
    const [next] = await tx.query<ClaimRow>(
      `UPDATE claims SET status = $3, resolution_preference = $4, updated_at = now() WHERE shop_id = $1 AND id = $2 RETURNING ${CLAIM_COLUMNS}`,
      [shop.id, id, update.status ?? current.status, update.resolution_preference ?? current.resolution_preference],
    );
    if (!next) throw new ApiError(404, 'claim_not_found');
    const previous: Record<string, unknown> = {};
    const changed = { shopId: shop.id, claimId: id, actor };
    if (next.status !== current.status) {
      previous.status = current.status;
      await recordActivity(tx, { ...changed, kind: 'status_changed', from: current.status, to: next.status });
    }
    if (next.resolution_preference !== current.resolution_preference) {
      previous.resolution_preference = current.resolution_preference;
      await recordActivity(tx, {
        ...changed,
        kind: 'preference_changed',
        from: current.resolution_preference,
        to: next.resolution_preference,
      });
    }
    if (Object.keys(previous).length > 0) {
      const order = await findOrderById(tx, shop, next.order_id);
      if (order) queued = await recordEvent(ctx, tx, shop, order, next, 'claims/updated', previous);
    }
    return next;
  });
  if (queued > 0) ctx.delivery.wake();
  return updated;
}
