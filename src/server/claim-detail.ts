import { claimReference } from '../core/claim-reference.js';
import {
  DETAIL_FILE_URL_TTL_SECONDS,
  type ClaimDeliveryView,
  type ClaimDetail,
  type ClaimFile,
  type ClaimShipment,
} from '../core/claim-detail.js';
import { draftUploadIds } from '../core/claims.js';
import type { Shipment } from '../core/orders.js';
import { claimView, type ClaimRow } from './claims.js';
import type { ServerContext } from './context.js';
import type { Queryable } from './db/database.js';
import { deliveryView, type DeliveryRow } from './delivery-jobs.js';
import { gorgiasTicketUrl } from './delivery/gorgias.js';
import { readDixa, readGorgias } from './integration-settings.js';
import type { StoredOrder } from './orders.js';
import type { Shop } from './shops.js';
import { signedFileUrl } from './tokens.js';

/**
 * The portal's claim detail and its per-claim delivery view (shapes in core/claim-detail.ts),
 * built from the claim, its order, its uploads and the shop's delivery settings.
 */

/** Everything the customer gave and the order around it; file URLs signed for an hour from `now`. */
export async function claimDetail(
  ctx: ServerContext,
  shop: Shop,
  claim: ClaimRow,
  order: StoredOrder,
  now = Date.now(),
): Promise<ClaimDetail> {
  const { draft } = claim;
  const ids = draftUploadIds(draft);
  const uploads = ids.length
    ? await ctx.db.query<{ id: string; content_type: string; size: number }>(
        'SELECT id, content_type, size FROM uploads WHERE shop_id = $1 AND id = ANY($2::uuid[])',
        [shop.id, ids],
      )
    : [];
  const byId = new Map(uploads.map((upload) => [upload.id, upload]));
  const expiresAt = new Date((Math.floor(now / 1000) + DETAIL_FILE_URL_TTL_SECONDS) * 1000).toISOString();
  // A file whose upload row is gone is left out rather than shown as a link that cannot work.
  const file = (id: string): ClaimFile[] => {
    const upload = byId.get(id);
    if (!upload) return [];
    const url = signedFileUrl(ctx.signer, ctx.publicOrigin, id, DETAIL_FILE_URL_TTL_SECONDS, now);
    return [
      {
        id,
        content_type: upload.content_type,
        size: upload.size,
        url,
        // No resizing exists: the same file, the hint is for a resizer that may come.
        thumbnail_url: `${url}&variant=thumbnail`,
        expires_at: expiresAt,
      },
    ];
  };
  const files = (list: readonly string[] | undefined) => (list ?? []).flatMap(file);

  // The documented claim view decides what "the claim's shipment" and the amount are; reuse it.
  const view = claimView(ctx, shop, claim, order, { fullAddress: true });
  const { input } = order;
  const lineItems = new Map(input.line_items.map((item) => [item.sku, item]));
  const shipments = input.shipments.map(shipmentView);
  return {
    uuid: claim.id,
    reference: claimReference(claim.id),
    created_at: view.created_at,
    updated_at: view.updated_at,
    status: claim.status,
    resolution_preference: claim.resolution_preference,
    flow_type: draft.flow_type,
    reason: claim.reason,
    language: draft.language,
    description: view.description,
    dropoff_permission: view.dropoff_permission,
    items: draft.selected_items.map((selection) => {
      const item = lineItems.get(selection.sku);
      return {
        sku: selection.sku,
        title: item?.title ?? selection.sku,
        quantity: selection.quantity,
        ordered_quantity: item?.quantity ?? null,
        net_price: item?.net_price ?? null,
        product_image_url: item?.image_url ?? null,
        photos: files(selection.upload_ids),
      };
    }),
    photos: files(draft.upload_ids),
    package_photos: files(draft.package_upload_ids),
    signature: draft.signature_upload_id ? (file(draft.signature_upload_id)[0] ?? null) : null,
    files_expire_at: expiresAt,
    order: {
      id: order.id,
      order_number: input.order_number,
      external_id: input.external_id ?? null,
      placed_at: input.placed_at ?? null,
      currency: input.currency ?? null,
      net_invoice_amount: view.net_invoice_amount,
      customer: { name: input.customer_name, email: input.email },
      address: view.address,
    },
    shipment: shipments.find((shipment) => shipment.id === view.shipment_id) ?? null,
    shipments,
  };
}

function shipmentView(shipment: Shipment): ClaimShipment {
  return {
    id: shipment.id,
    carrier: shipment.carrier ?? null,
    tracking_number: shipment.tracking_number ?? null,
    tracking_url: shipment.tracking_url ?? null,
    phase: shipment.phase,
    scan_date: shipment.scan_date ?? null,
    weight_kg: shipment.weight_kg ?? null,
  };
}

/**
 * Dixa's agent interface lives at `https://{organisation}.dixa.com`; the only place our settings
 * name the organisation is the email integration address Dixa gives it (`…@{org}.email.dixa.io`).
 */
export function dixaConversationUrl(emailIntegrationId: string | null, conversationId: string): string | null {
  const org = /^[^@\s]+@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.email\.dixa\.io$/i.exec(emailIntegrationId ?? '')?.[1];
  return org ? `https://${org.toLowerCase()}.dixa.com/conversation/${encodeURIComponent(conversationId)}` : null;
}

/** The claim's delivery jobs for people: who they go to, what went wrong, where the ticket is. */
export async function claimDeliveryViews(
  db: Queryable,
  shopId: string,
  rows: DeliveryRow[],
): Promise<ClaimDeliveryView[]> {
  const [gorgias, dixa] = await Promise.all([readGorgias(db, shopId), readDixa(db, shopId)]);
  const webhookIds = [...new Set(rows.flatMap((row) => (row.webhook_id ? [row.webhook_id] : [])))];
  const webhooks = webhookIds.length
    ? await db.query<{ id: string; url: string; description: string | null }>(
        'SELECT id, url, description FROM webhooks WHERE shop_id = $1 AND id = ANY($2::uuid[])',
        [shopId, webhookIds],
      )
    : [];
  const webhookById = new Map(webhooks.map((webhook) => [webhook.id, webhook]));
  return rows.map((row) => {
    const view = deliveryView(row);
    const webhook = row.webhook_id ? webhookById.get(row.webhook_id) : undefined;
    const label =
      view.target === 'gorgias'
        ? gorgias
          ? hostOf(gorgias.endpoint)
          : null
        : view.target === 'dixa'
          ? (dixa?.emailIntegrationId ?? null)
          : webhook
            ? webhook.description?.trim() || hostOf(webhook.url)
            : null;
    // The link stored at delivery time wins: the settings may point at another account since.
    const link =
      view.remote_url ??
      (view.remote_id && view.target === 'gorgias' && gorgias?.endpoint
        ? gorgiasTicketUrl(gorgias.endpoint, view.remote_id)
        : view.remote_id && view.target === 'dixa'
          ? dixaConversationUrl(dixa?.emailIntegrationId ?? null, view.remote_id)
          : null);
    const waiting = view.state === 'pending' || view.state === 'parked';
    return {
      id: view.id,
      event_name: view.event_name,
      target: view.target,
      webhook_id: view.webhook_id,
      target_label: label,
      state: view.state,
      attempts: view.attempts,
      retryable: waiting,
      last_error: view.last_error
        ? { code: view.last_error.key, message: view.last_error.message, status: view.last_error.status }
        : null,
      external_id: view.remote_id,
      link,
      next_attempt_at: view.next_attempt_at,
      delivered_at: view.delivered_at,
      created_at: view.created_at,
      updated_at: view.updated_at,
    };
  });
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}
