import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { claimDraftSchema, IDEMPOTENCY_KEY_PATTERN } from '../../core/claims.js';
import { availableFlows } from '../../core/flows.js';
import { sessionRequestSchema, type SessionResponse } from '../../core/session.js';
import { shopFromPath, type AppEnv } from '../auth.js';
import { claimView, createClaim } from '../claims.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../json-body.js';
import { findOrderById, findOrderByNumber, zipCodeMatches, type StoredOrder } from '../orders.js';
import { readResolveSettings } from '../settings.js';
import type { Shop } from '../shops.js';
import { issueSession, readResolveLink, readSession, signedFileUrl, type CustomerSession } from '../tokens.js';
import { normalizeOrderNumber } from '../../core/orders.js';
import { receiveUpload } from '../upload-intake.js';
import { DEFAULT_UPLOAD_QUOTA } from '../upload-quota.js';
import { parseInput } from '../request-input.js';

/**
 * The customer's side (public, called from the Resolve flow on another origin): look an order up,
 * upload evidence, submit the claim. Sessions are bearer tokens, never cookies, so any origin may call.
 */
export function customerRoutes(ctx: ServerContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/shops/:slug/resolve/sessions', async (c) => {
    const shop = await shopFromPath(c, ctx.db);
    // A badly typed ZIP code is the customer's everyday mistake: give it the platform's own key.
    const request = parseInput(sessionRequestSchema, await readJsonBody(c), 'body', (issues) =>
      issues.length > 0 && issues.every((issue) => issue.path[0] === 'zip_code')
        ? 'zip_code_invalid'
        : 'validation_failed',
    );

    let order: StoredOrder | undefined;
    let method: CustomerSession['method'];
    if ('token' in request) {
      method = 'token';
      const link = readResolveLink(ctx.signer, request.token);
      order = link && link.shopId === shop.id ? await findOrderById(ctx.db, shop, link.orderId) : undefined;
      if (!order) throw new ApiError(401, 'link_invalid');
    } else {
      method = 'lookup';
      const client = clientAddress(c, ctx.trustProxyHops);
      const orderKey = `${shop.id}:${normalizeOrderNumber(request.order_number)}`;
      const attempt = await ctx.lookupThrottle.attempt(client, orderKey);
      if (!attempt.allowed)
        throw new ApiError(429, 'too_many_attempts', [], {
          'Retry-After': String(Math.ceil(attempt.retryAfterMs / 1000)),
        });
      const found = await findOrderByNumber(ctx.db, shop, request.order_number);
      // Unknown order and wrong ZIP get different keys so the customer knows which field to fix.
      // Order numbers are printed on receipts and mostly sequential, so they are not the secret; the
      // ZIP code is, and guessing it is what the per-order-number throttle above stops. A failure
      // is already counted (the attempt was taken before the lookup); only a match is given back.
      if (!found) {
        throw new ApiError(404, 'order_not_found', [
          { loc: ['body', 'order_number'], msg: 'no order with this number', type: 'not_found' },
        ]);
      }
      if (!zipCodeMatches(found, request.zip_code)) {
        throw new ApiError(404, 'zip_code_mismatch', [
          { loc: ['body', 'zip_code'], msg: 'the ZIP code does not match this order', type: 'mismatch' },
        ]);
      }
      await attempt.succeeded();
      order = found;
    }
    const settings = await readResolveSettings(ctx.db, shop);
    const { token, session } = issueSession(ctx.signer, { shopId: shop.id, orderId: order.id, method });
    return c.json(sessionResponse(shop, order, settings, token, session, ctx.uploadLimitBytes), 201);
  });

  app.post('/v1/shops/:slug/resolve/uploads', async (c) => {
    const shop = await shopFromPath(c, ctx.db);
    const session = requireSession(c, ctx, shop);
    const upload = await receiveUpload(ctx, c.req.raw, {
      shopId: shop.id,
      sessionId: session.sessionId,
      orderId: session.orderId,
    });
    return c.json(
      {
        id: upload.id,
        content_type: upload.contentType,
        size: upload.size,
        url: signedFileUrl(ctx.signer, ctx.publicOrigin, upload.id),
      },
      201,
    );
  });

  app.post('/v1/shops/:slug/resolve/claims', async (c) => {
    const shop = await shopFromPath(c, ctx.db);
    const session = requireSession(c, ctx, shop);
    const key = c.req.header('idempotency-key')?.trim();
    if (!key)
      throw new ApiError(400, 'idempotency_key_required', [
        { loc: ['header', 'Idempotency-Key'], msg: 'required', type: 'missing' },
      ]);
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ApiError(400, 'idempotency_key_required', [
        { loc: ['header', 'Idempotency-Key'], msg: '8–128 letters, digits, _ . : -', type: 'invalid' },
      ]);
    }
    const draft = parseInput(claimDraftSchema, await readJsonBody(c), 'body');
    const { claim, created } = await createClaim(ctx, shop, session, key, draft);
    const order = await findOrderById(ctx.db, shop, claim.order_id);
    if (!order) throw new ApiError(401, 'session_invalid');
    if (!created) c.header('Idempotent-Replayed', 'true');
    return c.json(claimView(ctx, shop, claim, order, { fullAddress: session.method === 'token' }), created ? 201 : 200);
  });

  return app;
}

/** More than a claim can use (MAX_UPLOADS_PER_CLAIM) with room for retakes: the default per-session cap. */
export const MAX_UPLOADS_PER_SESSION = DEFAULT_UPLOAD_QUOTA.maxFilesPerSession;

function requireSession(c: Context, ctx: ServerContext, shop: Shop): CustomerSession {
  const match = /^Bearer\s+([A-Za-z0-9_.-]{10,4096})$/.exec(c.req.header('authorization') ?? '');
  const session = match?.[1] ? readSession(ctx.signer, match[1]) : undefined;
  if (!session || session.shopId !== shop.id)
    throw new ApiError(401, 'session_invalid', [], { 'WWW-Authenticate': 'Bearer' });
  return session;
}

/**
 * The address failed lookups are counted against: the socket's peer, or behind `hops` trusted
 * proxies the `X-Forwarded-For` entry the outermost of them appended (entries further left are
 * whatever the client claimed, so they are never used).
 */
export function clientAddress(c: Context, hops: number): string {
  let socket = 'unknown';
  try {
    socket = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // not a Node socket (tests calling app.fetch directly)
  }
  if (hops <= 0) return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - hops]?.slice(0, 64) ?? socket;
}

/** `jane@example.com` → `j•••@example.com`: enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

function sessionResponse(
  shop: Shop,
  order: StoredOrder,
  settings: SessionResponse['settings'],
  token: string,
  session: CustomerSession,
  uploadLimitBytes: number,
): SessionResponse {
  const input = order.input;
  return {
    session_token: token,
    expires_at: session.expiresAt.toISOString(),
    auth_method: session.method,
    shop_slug: shop.slug,
    order: {
      order_number: input.order_number,
      customer_first_name: input.customer_name.trim().split(/\s+/)[0] ?? null,
      masked_email: maskEmail(input.email),
      currency: input.currency ?? null,
      placed_at: input.placed_at ?? null,
      items: input.line_items.map((item) => ({
        sku: item.sku,
        title: item.title,
        quantity: item.quantity,
        net_price: item.net_price,
        image_url: item.image_url ?? null,
      })),
      shipments: input.shipments.map((s) => ({
        id: s.id,
        tracking_number: s.tracking_number ?? null,
        carrier: s.carrier ?? null,
        phase: s.phase,
        tracking_url: s.tracking_url ?? null,
      })),
    },
    available_flows: availableFlows(
      input.shipments.map((s) => s.phase),
      settings.enabled_flows,
    ),
    settings,
    upload_limit_bytes: uploadLimitBytes,
  };
}
